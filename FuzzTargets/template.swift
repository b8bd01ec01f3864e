import Playbook

/// A step field's template and a `when` condition, parsed and evaluated against a small fixed
/// scope: the template engine, its filters and the expression evaluator as `pbrun plan` uses them.
/// The first line of the input is the template, the rest the condition.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTemplate(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = FuzzSupport.text(data, size)
    let parts = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
    let at = SourceLocation(file: "play.yml", line: 3, column: 10)
    do {
        let template = try Template(TemplateSource(String(parts[0]), at: at))
        _ = try template.renderWithSecrets(in: TemplateScope.scope)
    } catch {
        _ = error.rendered
    }
    if parts.count > 1 {
        do {
            _ = try Condition(TemplateSource(String(parts[1]), at: at)).evaluate(in: TemplateScope.scope)
        } catch {
            _ = error.rendered
        }
    }
    return 0
}

/// Variables of every kind a template meets: scalars, lists, maps, a variable naming another, a
/// secret, and the built-ins of one host of the fixed inventory.
enum TemplateScope {
    static let scope: VariableScope = {
        let values = Value.OrderedMap([
            ("name", .string("web01")),
            ("port", .int(8080)),
            ("ratio", .double(0.5)),
            ("enabled", .bool(true)),
            ("nothing", .null),
            ("packages", .list([.string("nginx"), .string("curl"), .int(3)])),
            ("config", .map(Value.OrderedMap([("path", .string("/etc/app")), ("mode", .string("0644")),
                                              ("nested", .map(Value.OrderedMap([("k", .list([.int(1)]))])))]))),
            ("url", .string("http://{{ name }}:{{ port }}/")),
            ("token", .string("s3cr3t-token")),
            // A long value, so regular expressions and growing filters meet more than a few characters.
            ("log", .string(String(repeating: "ab", count: 1000) + String(repeating: "a", count: 2000) + "\n")),
        ])
        var scope = VariableScope(layers: [
            VariableLayer(.play, name: "play 'fuzz'", values: values, file: "play.yml", secretNames: ["token"]),
        ])
        scope.setBuiltin("inventory_hostname", .string("web01.example.com"))
        scope.setBuiltin("group_names", .list([.string("canary"), .string("prod"), .string("web")]))
        return scope
    }()
}
