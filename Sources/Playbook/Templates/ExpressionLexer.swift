/// Turns the characters of an expression into tokens. In a template it starts just after `{{`
/// and stops at the matching `}}` (a `}}` inside a string literal does not end the expression).
struct ExpressionLexer {
    private let characters: [Character]
    private var position: Int
    /// Whether `}}` ends the expression (inside a template) or is an error (a bare condition).
    private let insideTemplate: Bool

    init(_ characters: [Character], from start: Int, insideTemplate: Bool) {
        self.characters = characters
        self.position = start
        self.insideTemplate = insideTemplate
    }

    /// The offset just after the last token read (after `}}` once it has been read).
    var offset: Int { position }

    private static let twoCharacterSymbols: Set<String> = ["==", "!=", "<=", ">=", "//"]
    private static let oneCharacterSymbols: Set<Character> = [
        ".", "[", "]", "(", ")", ",", "|", "+", "-", "*", "/", "%", "~", "<", ">",
    ]

    /// Reads every token up to and including `}}` (in a template) or the end of the text.
    mutating func tokenize() throws(TemplateError) -> [ExpressionToken] {
        var tokens: [ExpressionToken] = []
        while true {
            let token: ExpressionToken
            if Self.followsSteps(tokens), let stepID = readStepID() {
                token = stepID
            } else {
                token = try next()
            }
            tokens.append(token)
            if token.kind == .close || token.kind == .end { return tokens }
        }
    }

    private mutating func next() throws(TemplateError) -> ExpressionToken {
        while position < characters.count, characters[position].isWhitespace { position += 1 }
        let start = position
        guard position < characters.count else {
            if insideTemplate { throw TemplateError("unclosed '{{' (expected '}}')", at: start) }
            return ExpressionToken(kind: .end, start: start, end: start)
        }
        let character = characters[position]
        if character == "}", peek(1) == "}" {
            guard insideTemplate else { throw TemplateError("unexpected '}}'", at: start) }
            position += 2
            return ExpressionToken(kind: .close, start: start, end: position)
        }
        if character == "-", peek(1) == "}", peek(2) == "}", insideTemplate {
            position += 3
            return ExpressionToken(kind: .close, start: start, end: position)
        }
        if character == "'" || character == "\"" { return try readString(quote: character) }
        if character.isNumber, character.isASCII { return try readNumber() }
        if character == "_" || (character.isLetter) { return readName() }
        if position + 1 < characters.count {
            let pair = String([character, characters[position + 1]])
            if Self.twoCharacterSymbols.contains(pair) {
                position += 2
                return ExpressionToken(kind: .symbol(pair), start: start, end: position)
            }
        }
        if Self.oneCharacterSymbols.contains(character) {
            position += 1
            return ExpressionToken(kind: .symbol(String(character)), start: start, end: position)
        }
        if character == "=" {
            throw TemplateError("unexpected '=' (use '==' to compare)", at: start)
        }
        throw TemplateError("unexpected character '\(character)' in expression", at: start)
    }

    // MARK: - Step ids

    /// Whether the tokens so far end in `steps.` (and `steps` is a root, not an attribute such as
    /// `x.steps.`): the next token is then a step id, read by `readStepID`.
    private static func followsSteps(_ tokens: [ExpressionToken]) -> Bool {
        let count = tokens.count
        guard count >= 2, tokens[count - 1].kind == .symbol("."), tokens[count - 2].kind == .name("steps") else {
            return false
        }
        return count == 2 || tokens[count - 3].kind != .symbol(".")
    }

    /// A step id after `steps.`, as one name: letters, digits and `_`, and a `-` when an id character
    /// follows it, so `steps.fetch-the-build.stdout` names the step `fetch-the-build` (ids derived from
    /// names have hyphens) while `steps.a - 1` still subtracts. Dots end the id (they select fields);
    /// an id with a dot is read as `steps['a.b']`. Nil when no id character comes next.
    private mutating func readStepID() -> ExpressionToken? {
        func isIDCharacter(_ character: Character?) -> Bool {
            guard let character else { return false }
            return character == "_" || character.isLetter || (character.isNumber && character.isASCII)
        }
        let start = position
        while position < characters.count {
            if isIDCharacter(characters[position]) {
                position += 1
            } else if characters[position] == "-", position > start, isIDCharacter(peek(1)) {
                position += 1
            } else {
                break
            }
        }
        guard position > start else { return nil }
        return ExpressionToken(kind: .name(String(characters[start..<position])), start: start, end: position)
    }

    private func peek(_ distance: Int) -> Character? {
        position + distance < characters.count ? characters[position + distance] : nil
    }

    private mutating func readName() -> ExpressionToken {
        let start = position
        while position < characters.count,
              characters[position] == "_" || characters[position].isLetter
                || (characters[position].isNumber && characters[position].isASCII) {
            position += 1
        }
        return ExpressionToken(kind: .name(String(characters[start..<position])), start: start, end: position)
    }

    private mutating func readNumber() throws(TemplateError) -> ExpressionToken {
        let start = position
        var isFloat = false
        while position < characters.count {
            let character = characters[position]
            if character.isASCII, character.isNumber || character == "_" {
                position += 1
            } else if character == ".", !isFloat, let after = peek(1), after.isASCII, after.isNumber {
                isFloat = true
                position += 1
            } else if character == "e" || character == "E", isFloat || peek(1) == "-" || peek(1)?.isNumber == true {
                isFloat = true
                position += 1
                if position < characters.count, characters[position] == "-" || characters[position] == "+" {
                    position += 1
                }
            } else {
                break
            }
        }
        let text = String(characters[start..<position].filter { $0 != "_" })
        if !isFloat, let number = Int(text) {
            return ExpressionToken(kind: .int(number), start: start, end: position)
        }
        if isFloat, let number = Double(text) {
            return ExpressionToken(kind: .float(number), start: start, end: position)
        }
        throw TemplateError("invalid number '\(text)'", at: start)
    }

    private mutating func readString(quote: Character) throws(TemplateError) -> ExpressionToken {
        let start = position
        position += 1
        var text = ""
        while position < characters.count {
            let character = characters[position]
            position += 1
            if character == quote {
                return ExpressionToken(kind: .string(text), start: start, end: position)
            }
            if character == "\\", position < characters.count {
                let escaped = characters[position]
                position += 1
                switch escaped {
                case "n": text.append("\n")
                case "t": text.append("\t")
                case "r": text.append("\r")
                case "\\", "'", "\"": text.append(escaped)
                default:
                    // Unknown escapes stay as written, so regexes such as '\d+' read naturally.
                    text.append("\\")
                    text.append(escaped)
                }
            } else {
                text.append(character)
            }
        }
        throw TemplateError("unterminated string (missing \(quote))", at: start)
    }
}
