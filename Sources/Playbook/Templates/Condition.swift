import Foundation

/// A `when`, `until`, `failed_when` or `changed_when` condition: one expression, written without
/// `{{ }}`, that must evaluate to true or false. A list of conditions means all of them.
public struct Condition: Sendable, Hashable {
    /// The text and location the condition was parsed from.
    public let source: TemplateSource
    /// The parsed expression.
    public let expression: Expression

    /// Parses a condition; a syntax error is a diagnostic at its exact position.
    public init(_ source: TemplateSource) throws(Diagnostic) {
        self.source = source
        let characters = Array(source.text)
        if let first = characters.firstIndex(where: { !$0.isWhitespace }),
           characters[first...].starts(with: ["{", "{"]) {
            throw source.diagnostic("a condition is already an expression: write it without '{{ }}'", at: first)
        }
        let trimmed = source.text.trimmingCharacters(in: .whitespaces)
        if let flag = YAMLResolver.bool(trimmed) {
            // `when: no` is YAML's boolean, whatever the schema read it as.
            let start = characters.firstIndex { !$0.isWhitespace } ?? 0
            expression = Expression(.literal(.bool(flag)), start: start, end: start + trimmed.count)
            return
        }
        do {
            var lexer = ExpressionLexer(characters, from: 0, insideTemplate: false)
            var parser = ExpressionParser(try lexer.tokenize())
            expression = try parser.parseWhole()
        } catch let failure {
            throw source.diagnostic(failure.message, at: failure.offset)
        }
    }

    /// Evaluates the condition. A result that is not a bool is an error (a string "false" is
    /// true in Jinja, which is how conditions go wrong quietly); `| bool` converts text.
    public func evaluate(in lookup: any VariableLookup) throws(Diagnostic) -> Bool {
        var evaluator = ExpressionEvaluator(lookup: lookup, source: source)
        let result: Value
        do throws(Diagnostic) {
            result = try evaluator.value(expression)
        } catch {
            throw evaluator.masking(error)
        }
        guard case .bool(let holds) = result else {
            // The message quotes the value, which may be a secret or computed from one.
            throw evaluator.masking(source.diagnostic("condition must be true or false, but "
                + "'\(evaluator.text(of: expression))' is \(result.describedForError) (use '| bool' to convert text)",
                at: expression.start))
        }
        return holds
    }

    /// Whether every condition holds (a YAML list of conditions); evaluation stops at the first false one.
    public static func all(_ conditions: [Condition], in lookup: any VariableLookup) throws(Diagnostic) -> Bool {
        for condition in conditions where try !condition.evaluate(in: lookup) { return false }
        return true
    }
}

extension Condition {
    /// The condition `source` means when it was written as one `{{ expression }}` (which `init`
    /// refuses): the expression alone. Plan time reports the braces and goes on checking the step
    /// as if they were not there, so the next try does not bring new errors. Nil for other text.
    static func withoutBraces(_ source: TemplateSource) -> Condition? {
        let template: Template
        do {
            template = try Template(source)
        } catch {
            return nil  // not a template either: the braces error already says what to fix
        }
        var expressions: [Expression] = []
        for segment in template.segments {
            switch segment {
            case .expression(let expression): expressions.append(expression)
            case .text(let text): if !text.allSatisfy(\.isWhitespace) { return nil }
            }
        }
        guard expressions.count == 1 else { return nil }
        return Condition(source: source, expression: expressions[0])
    }

    private init(source: TemplateSource, expression: Expression) {
        self.source = source
        self.expression = expression
    }
}
