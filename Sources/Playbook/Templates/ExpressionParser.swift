/// A recursive-descent parser from tokens to an `Expression` tree.
///
/// Precedence, loosest first: `x if c else y`; `or`; `and`; `not`; comparisons and word operators
/// (`==`, `!=`, `<`, `<=`, `>`, `>=`, `in`, `not in`, `contains`, `matches`, `startswith`,
/// `endswith`, `is [not] defined`); `~`; `+ -`; `* / // %`; unary `-`; filters `|`; then `.name`,
/// `[index]` and atoms.
struct ExpressionParser {
    private let tokens: [ExpressionToken]
    private var position = 0

    /// Words that are operators or literals and cannot name a variable.
    static let keywords: Set<String> = [
        "and", "or", "not", "in", "is", "if", "else", "true", "false", "True", "False", "none", "None",
        "null", "contains", "matches", "startswith", "endswith",
    ]

    private static let comparisonSymbols: [String: Expression.BinaryOperator] = [
        "==": .equal, "!=": .notEqual, "<": .less, "<=": .lessOrEqual, ">": .greater, ">=": .greaterOrEqual,
    ]
    private static let wordOperators: [String: Expression.BinaryOperator] = [
        "in": .in, "contains": .contains, "matches": .matches, "startswith": .startswith, "endswith": .endswith,
    ]

    init(_ tokens: [ExpressionToken]) {
        self.tokens = tokens
    }

    /// Builds a node, refusing trees too deep to evaluate safely.
    private func node(_ kind: Expression.Kind, start: Int, end: Int) throws(TemplateError) -> Expression {
        let built = Expression(kind, start: start, end: end)
        if built.depth > Expression.maximumDepth {
            throw TemplateError("expression is nested too deeply (more than \(Expression.maximumDepth) levels)", at: start)
        }
        return built
    }

    /// Counts nested `(`, `[`, `not` and unary `-`, which recurse before any node exists.
    private var nesting = 0

    private mutating func enterNesting(at offset: Int) throws(TemplateError) {
        nesting += 1
        if nesting > Expression.maximumDepth {
            throw TemplateError("expression is nested too deeply (more than \(Expression.maximumDepth) levels)", at: offset)
        }
    }

    /// Parses one whole expression; the tokens must end right after it (with `}}` or the end).
    mutating func parseWhole() throws(TemplateError) -> Expression {
        if case .close = current.kind { throw TemplateError("empty expression in '{{ }}'", at: current.start) }
        if case .end = current.kind { throw TemplateError("empty expression", at: current.start) }
        let expression = try parseConditional()
        switch current.kind {
        case .close, .end: return expression
        default: throw TemplateError("unexpected \(current.described) after expression", at: current.start)
        }
    }

    private var current: ExpressionToken { tokens[min(position, tokens.count - 1)] }

    private mutating func advance() -> ExpressionToken {
        let token = current
        if position < tokens.count - 1 { position += 1 }
        return token
    }

    private func isName(_ word: String) -> Bool {
        if case .name(word) = current.kind { return true }
        return false
    }

    private func isSymbol(_ symbol: String) -> Bool {
        if case .symbol(symbol) = current.kind { return true }
        return false
    }

    private mutating func expectSymbol(_ symbol: String) throws(TemplateError) -> ExpressionToken {
        guard isSymbol(symbol) else {
            throw TemplateError("expected '\(symbol)' but found \(current.described)", at: current.start)
        }
        return advance()
    }

    // MARK: - Levels

    private mutating func parseConditional() throws(TemplateError) -> Expression {
        try enterNesting(at: current.start)
        defer { nesting -= 1 }
        let then = try parseOr()
        guard isName("if") else { return then }
        _ = advance()
        let condition = try parseOr()
        guard isName("else") else {
            throw TemplateError("expected 'else' but found \(current.described)", at: current.start)
        }
        _ = advance()
        let otherwise = try parseConditional()
        return try node(.conditional(then: then, condition: condition, otherwise: otherwise),
                          start: then.start, end: otherwise.end)
    }

    private mutating func parseOr() throws(TemplateError) -> Expression {
        var lhs = try parseAnd()
        while isName("or") {
            let op = advance()
            let rhs = try parseAnd()
            lhs = try node(.binary(.or, lhs, rhs, operatorOffset: op.start), start: lhs.start, end: rhs.end)
        }
        return lhs
    }

    private mutating func parseAnd() throws(TemplateError) -> Expression {
        var lhs = try parseNot()
        while isName("and") {
            let op = advance()
            let rhs = try parseNot()
            lhs = try node(.binary(.and, lhs, rhs, operatorOffset: op.start), start: lhs.start, end: rhs.end)
        }
        return lhs
    }

    private mutating func parseNot() throws(TemplateError) -> Expression {
        guard isName("not") else { return try parseComparison() }
        let op = advance()
        try enterNesting(at: op.start)
        defer { nesting -= 1 }
        let operand = try parseNot()
        return try node(.not(operand), start: op.start, end: operand.end)
    }

    private mutating func parseComparison() throws(TemplateError) -> Expression {
        var lhs = try parseConcatenation()
        while true {
            let op = current
            var binary: Expression.BinaryOperator?
            switch op.kind {
            case .symbol(let symbol): binary = Self.comparisonSymbols[symbol]
            case .name("not"):
                if position + 1 < tokens.count, tokens[position + 1].kind == .name("in") {
                    _ = advance()
                    binary = .notIn
                }
            case .name("is"):
                _ = advance()
                lhs = try parseTest(lhs, isOffset: op.start)
                continue
            case .name(let word): binary = Self.wordOperators[word]
            default: break
            }
            guard let binary else { return lhs }
            _ = advance()
            let rhs = try parseConcatenation()
            lhs = try node(.binary(binary, lhs, rhs, operatorOffset: op.start), start: lhs.start, end: rhs.end)
        }
    }

    private mutating func parseTest(_ operand: Expression, isOffset: Int) throws(TemplateError) -> Expression {
        var negated = false
        if isName("not") {
            _ = advance()
            negated = true
        }
        let token = advance()
        guard case .name(let name) = token.kind else {
            throw TemplateError("expected a test name after 'is' but found \(token.described)", at: token.start)
        }
        guard let test = Expression.Test(rawValue: name) else {
            let names = Expression.Test.allCases.map(\.rawValue)
            let hint = Suggestion.closest(to: name, among: names).map { " (did you mean '\($0)'?)" }
                ?? " (known tests: \(names.joined(separator: ", ")))"
            throw TemplateError("unknown test '\(name)'\(hint)", at: token.start)
        }
        return try node(.test(operand, test, negated: negated, testOffset: token.start),
                          start: operand.start, end: token.end)
    }

    private mutating func parseConcatenation() throws(TemplateError) -> Expression {
        var lhs = try parseAdditive()
        while isSymbol("~") {
            let op = advance()
            let rhs = try parseAdditive()
            lhs = try node(.binary(.concatenate, lhs, rhs, operatorOffset: op.start), start: lhs.start, end: rhs.end)
        }
        return lhs
    }

    private mutating func parseAdditive() throws(TemplateError) -> Expression {
        var lhs = try parseMultiplicative()
        while isSymbol("+") || isSymbol("-") {
            let op = advance()
            let rhs = try parseMultiplicative()
            let binary: Expression.BinaryOperator = op.kind == .symbol("+") ? .add : .subtract
            lhs = try node(.binary(binary, lhs, rhs, operatorOffset: op.start), start: lhs.start, end: rhs.end)
        }
        return lhs
    }

    private mutating func parseMultiplicative() throws(TemplateError) -> Expression {
        var lhs = try parseUnary()
        while true {
            let binary: Expression.BinaryOperator
            switch current.kind {
            case .symbol("*"): binary = .multiply
            case .symbol("/"): binary = .divide
            case .symbol("//"): binary = .floorDivide
            case .symbol("%"): binary = .modulo
            default: return lhs
            }
            let op = advance()
            let rhs = try parseUnary()
            lhs = try node(.binary(binary, lhs, rhs, operatorOffset: op.start), start: lhs.start, end: rhs.end)
        }
    }

    private mutating func parseUnary() throws(TemplateError) -> Expression {
        if isSymbol("-") {
            let op = advance()
            try enterNesting(at: op.start)
            defer { nesting -= 1 }
            let operand = try parseUnary()
            return try node(.negate(operand), start: op.start, end: operand.end)
        }
        if isSymbol("+") {
            let op = advance()
            try enterNesting(at: op.start)
            defer { nesting -= 1 }
            return try parseUnary()
        }
        return try parseFiltered()
    }

    private mutating func parseFiltered() throws(TemplateError) -> Expression {
        var base = try parsePostfix()
        while isSymbol("|") {
            _ = advance()
            let nameToken = advance()
            guard case .name(let name) = nameToken.kind else {
                throw TemplateError("expected a filter name after '|' but found \(nameToken.described)",
                                    at: nameToken.start)
            }
            var arguments: [Expression] = []
            var end = nameToken.end
            if isSymbol("(") {
                _ = advance()
                arguments = try parseArguments(closing: ")")
                end = try expectSymbol(")").end
            }
            base = try node(.filter(base, name: name, nameOffset: nameToken.start, arguments: arguments),
                              start: base.start, end: end)
        }
        return base
    }

    private mutating func parseArguments(closing: String) throws(TemplateError) -> [Expression] {
        var arguments: [Expression] = []
        while !isSymbol(closing) {
            arguments.append(try parseConditional())
            guard isSymbol(",") else { break }
            _ = advance()
        }
        return arguments
    }

    private mutating func parsePostfix() throws(TemplateError) -> Expression {
        var base = try parseAtom()
        while true {
            if isSymbol(".") {
                _ = advance()
                let nameToken = advance()
                let name: String
                switch nameToken.kind {
                case .name(let word): name = word
                case .int(let number): name = String(number)
                default:
                    throw TemplateError("expected a name after '.' but found \(nameToken.described)",
                                        at: nameToken.start)
                }
                base = try node(.member(base, name: name, nameOffset: nameToken.start),
                                  start: base.start, end: nameToken.end)
            } else if isSymbol("[") {
                _ = advance()
                let index = try parseConditional()
                let close = try expectSymbol("]")
                base = try node(.index(base, index), start: base.start, end: close.end)
            } else {
                return base
            }
        }
    }

    private mutating func parseAtom() throws(TemplateError) -> Expression {
        let token = advance()
        switch token.kind {
        case .string(let text): return try node(.literal(.string(text)), start: token.start, end: token.end)
        case .int(let number): return try node(.literal(.int(number)), start: token.start, end: token.end)
        case .float(let number): return try node(.literal(.double(number)), start: token.start, end: token.end)
        case .name("true"), .name("True"): return try node(.literal(.bool(true)), start: token.start, end: token.end)
        case .name("false"), .name("False"):
            return try node(.literal(.bool(false)), start: token.start, end: token.end)
        case .name("none"), .name("None"), .name("null"):
            return try node(.literal(.null), start: token.start, end: token.end)
        case .name(let name):
            if Self.keywords.contains(name) {
                throw TemplateError("unexpected '\(name)' where a value was expected", at: token.start)
            }
            return try node(.variable(name), start: token.start, end: token.end)
        case .symbol("("):
            let inner = try parseConditional()
            let close = try expectSymbol(")")
            return try node(inner.kind, start: token.start, end: close.end)
        case .symbol("["):
            let items = try parseArguments(closing: "]")
            let close = try expectSymbol("]")
            return try node(.list(items), start: token.start, end: close.end)
        default:
            throw TemplateError("expected a value but found \(token.described)", at: token.start)
        }
    }
}
