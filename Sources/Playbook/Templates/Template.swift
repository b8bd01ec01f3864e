/// A string with `{{ expression }}` parts, parsed once and rendered against variables.
///
/// `{{ '{{' }}` writes a literal `{{`; `{% raw %}…{% endraw %}` writes everything between as it
/// is. Other `{% … %}` statements are not supported and are reported as errors, so a Jinja `if`
/// never passes silently into a shell command.
public struct Template: Sendable, Hashable {
    /// A piece of the template: text to copy, or an expression to evaluate.
    public enum Segment: Sendable, Hashable {
        case text(String)
        case expression(Expression)
    }

    /// The text and location the template was parsed from.
    public let source: TemplateSource
    /// The pieces in order.
    public let segments: [Segment]

    /// Parses `source`; a syntax error is a diagnostic at its exact position.
    public init(_ source: TemplateSource) throws(Diagnostic) {
        self.source = source
        do {
            segments = try Self.parseSegments(Array(source.text))
        } catch let failure {
            throw source.diagnostic(failure.message, at: failure.offset)
        }
    }

    /// A template of plain text with no expressions, for a value that was never a template.
    public init(literal text: String, source: TemplateSource) {
        self.source = source
        segments = text.isEmpty ? [] : [.text(text)]
    }

    /// Each expression of the template on its own (same source, so positions stay), for checking the
    /// rest of a template one of whose expressions has a problem already reported.
    var expressionPieces: [Template] {
        segments.compactMap { segment in
            guard case .expression = segment else { return nil }
            return Template(source: source, segments: [segment])
        }
    }

    private init(source: TemplateSource, segments: [Segment]) {
        self.source = source
        self.segments = segments
    }

    /// Whether `text` has anything a template would replace (`{{` or `{%`).
    public static func containsTemplate(_ text: String) -> Bool {
        text.contains("{{") || text.contains("{%")
    }

    /// Whether the template has no expressions (its text is final as written).
    public var isConstant: Bool {
        segments.allSatisfy { if case .text = $0 { true } else { false } }
    }

    // MARK: - Rendering

    /// The rendered text. Every expression must be defined (or use `default`).
    public func render(in lookup: any VariableLookup) throws(Diagnostic) -> String {
        try renderTracked(in: lookup).text
    }

    /// The rendered text and whether any secret variable was read while rendering it, so the
    /// caller can deliver the result as a secret (see `SecretDelivery`).
    public func renderTracked(in lookup: any VariableLookup) throws(Diagnostic) -> (text: String, usesSecret: Bool) {
        let rendered = try renderWithSecrets(in: lookup)
        return (rendered.text, rendered.usesSecret)
    }

    /// The rendered text, whether it read a secret, and every string it computed from a secret
    /// (`{{ (user ~ ':' ~ pw) | b64encode }}`), which the caller adds to the `SecretMasker`.
    public func renderWithSecrets(in lookup: any VariableLookup) throws(Diagnostic) -> RenderedTemplate {
        var evaluator = ExpressionEvaluator(lookup: lookup, source: source)
        let output: String
        do throws(Diagnostic) {
            output = try renderText(with: &evaluator)
        } catch {
            throw evaluator.masking(error)
        }
        return RenderedTemplate(text: output, usesSecret: evaluator.usedSecret,
                                derivedSecrets: evaluator.derivedSecrets)
    }

    /// The value of the template: a template that is exactly one `{{ expression }}` keeps the
    /// expression's type (`"{{ ports }}"` is a list); anything else is the rendered string.
    public func evaluate(in lookup: any VariableLookup) throws(Diagnostic) -> Value {
        var evaluator = ExpressionEvaluator(lookup: lookup, source: source)
        do throws(Diagnostic) {
            return try evaluate(with: &evaluator)
        } catch {
            throw evaluator.masking(error)
        }
    }

    func evaluate(with evaluator: inout ExpressionEvaluator) throws(Diagnostic) -> Value {
        if segments.count == 1, case .expression(let expression) = segments[0] {
            return try evaluator.value(expression)
        }
        return .string(try renderText(with: &evaluator))
    }

    /// The segments' text, one after another; each value is bounded, and so is their sum
    /// (`"{{ a }}{{ a }}"` doubles `a`).
    private func renderText(with evaluator: inout ExpressionEvaluator) throws(Diagnostic) -> String {
        var output = ""
        for segment in segments {
            switch segment {
            case .text(let text): output += text
            case .expression(let expression):
                output += try evaluator.value(expression).renderedText
                if output.utf8.count > InputLimits.maximumValueSize {
                    throw evaluator.error(InputLimits.tooLarge("the text of this template"), at: expression.start)
                }
            }
        }
        return output
    }

    // MARK: - Parsing

    private static func parseSegments(_ characters: [Character]) throws(TemplateError) -> [Segment] {
        var segments: [Segment] = []
        var literal = ""
        var index = 0
        func flush() {
            if !literal.isEmpty { segments.append(.text(literal)) }
            literal = ""
        }
        while index < characters.count {
            let character = characters[index]
            let next = index + 1 < characters.count ? characters[index + 1] : nil
            if character == "{", next == "{" {
                flush()
                var lexer = ExpressionLexer(characters, from: index + 2, insideTemplate: true)
                var parser = ExpressionParser(try lexer.tokenize())
                segments.append(.expression(try parser.parseWhole()))
                index = lexer.offset
            } else if character == "{", next == "%", let statement = statement(in: characters, at: index) {
                switch statement.word {
                case "raw":
                    guard let endRaw = findEndRaw(in: characters, from: statement.end) else {
                        throw TemplateError("'{% raw %}' without '{% endraw %}'", at: index)
                    }
                    literal += String(characters[statement.end..<endRaw.start])
                    index = endRaw.end
                case "endraw":
                    throw TemplateError("'{% endraw %}' without '{% raw %}'", at: index)
                default:
                    throw TemplateError("unsupported template statement '\(statement.word)' (pbrun templates have "
                        + "'{{ expression }}' and '{% raw %}' only)", at: statement.wordOffset)
                }
            } else {
                literal.append(character)
                index += 1
            }
        }
        flush()
        return segments
    }

    /// The `{% word … %}` statement starting at `start`, or nil when the `{%` is not one (no
    /// closing `%}` or no word), in which case it is plain text (`printf '{%s}'`).
    private static func statement(in characters: [Character],
                                  at start: Int) -> (word: String, wordOffset: Int, end: Int)? {
        var index = start + 2
        if index < characters.count, characters[index] == "-" { index += 1 }
        while index < characters.count, characters[index] == " " { index += 1 }
        let wordOffset = index
        while index < characters.count, characters[index].isLetter || characters[index] == "_" { index += 1 }
        guard index > wordOffset else { return nil }
        let word = String(characters[wordOffset..<index])
        while index + 1 < characters.count {
            if characters[index] == "%", characters[index + 1] == "}" {
                return (word, wordOffset, index + 2)
            }
            if characters[index] == "\n" { return nil }
            index += 1
        }
        return nil
    }

    private static func findEndRaw(in characters: [Character], from start: Int) -> (start: Int, end: Int)? {
        var index = start
        while index + 1 < characters.count {
            if characters[index] == "{", characters[index + 1] == "%",
               let found = statement(in: characters, at: index), found.word == "endraw" {
                return (index, found.end)
            }
            index += 1
        }
        return nil
    }
}

/// A rendered template and what it did with secrets.
public struct RenderedTemplate: Sendable, Hashable {
    /// The text.
    public let text: String
    /// Whether a secret variable was read: deliver the command with `SecretDelivery`.
    public let usesSecret: Bool
    /// Strings computed from secrets that do not show a secret themselves (`pw | b64encode`):
    /// add them to the `SecretMasker`.
    public let derivedSecrets: Set<String>
}
