/// One token of the expression language, with the character offsets it covers in the template.
struct ExpressionToken: Equatable {
    /// What kind of token this is, with its value for literals and names.
    enum Kind: Equatable {
        case name(String)
        case string(String)
        case int(Int)
        case float(Double)
        /// Punctuation and operators: `.`, `[`, `]`, `(`, `)`, `,`, `|`, `+`, `-`, `*`, `/`, `//`,
        /// `%`, `~`, `==`, `!=`, `<`, `<=`, `>`, `>=`.
        case symbol(String)
        /// `}}`, the end of a `{{ … }}` expression.
        case close
        /// The end of the text (for an expression parsed on its own, such as a `when` condition).
        case end
    }

    let kind: Kind
    /// Offset of the token's first character in the template.
    let start: Int
    /// Offset one past the token's last character.
    let end: Int

    /// How the token reads in an error message: `'foo'`, `end of expression`.
    var described: String {
        switch kind {
        case .name(let name): "'\(name)'"
        case .string(let text): "string '\(text)'"
        case .int(let number): "'\(number)'"
        case .float(let number): "'\(number)'"
        case .symbol(let symbol): "'\(symbol)'"
        case .close: "'}}'"
        case .end: "end of expression"
        }
    }
}
