import Playbook

/// Shared helpers for the template, expression and variable tests.
enum TemplateTestSupport {
    /// The variables most tests read.
    static let variables = Value.OrderedMap([
        ("name", .string("web1")),
        ("port", .int(8080)),
        ("ratio", .double(1.5)),
        ("enabled", .bool(true)),
        ("nothing", .null),
        ("ports", .list([.int(80), .int(443)])),
        ("db", .map(Value.OrderedMap([("host", .string("db1")), ("port", .int(5432))]))),
        ("path", .string("/srv/app/current/releases.tar.gz")),
        ("hostname", .string("alpha")),
    ])

    /// A scope holding `variables` as play vars of `play.yml`.
    static func scope(_ values: Value.OrderedMap = variables) -> VariableScope {
        VariableScope(layers: [VariableLayer(.play, name: "play", values: values, file: "play.yml")])
    }

    /// Renders `text` as a template written at play.yml:3:10.
    static func render(_ text: String, in scope: VariableScope = scope()) throws -> String {
        try Template(source(text)).render(in: scope)
    }

    /// Evaluates `text` as a template keeping the value's type.
    static func value(_ text: String, in scope: VariableScope = scope()) throws -> Value {
        try Template(source(text)).evaluate(in: scope)
    }

    /// Evaluates `text` as a condition written at play.yml:3:10.
    static func holds(_ text: String, in scope: VariableScope = scope()) throws -> Bool {
        try Condition(source(text)).evaluate(in: scope)
    }

    /// The template's place in the test file: line 3, column 10.
    static func source(_ text: String) -> TemplateSource {
        TemplateSource(text, at: SourceLocation(file: "play.yml", line: 3, column: 10))
    }

    /// The one-line text of the error rendering or evaluating `text` throws, or "no error".
    static func renderError(_ text: String, in scope: VariableScope = scope()) -> String {
        do {
            _ = try render(text, in: scope)
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    /// The one-line text of the error a condition throws, or "no error".
    static func conditionError(_ text: String, in scope: VariableScope = scope()) -> String {
        do {
            _ = try holds(text, in: scope)
            return "no error"
        } catch {
            return "\(error)"
        }
    }
}
