/// A parsed expression: a tree of nodes, each knowing the character offsets it came from, so
/// evaluation errors point at the exact part of the template that caused them.
public struct Expression: Sendable, Hashable {
    /// Binary operators, from arithmetic to the word operators of conditions.
    public enum BinaryOperator: String, Sendable, Hashable {
        case add = "+", subtract = "-", multiply = "*", divide = "/", floorDivide = "//", modulo = "%"
        case concatenate = "~"
        case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
        case and, or
        case `in`, notIn = "not in", contains, matches, startswith, endswith
    }

    /// The tests written `x is NAME` (and `x is not NAME`).
    public enum Test: String, Sendable, Hashable, CaseIterable {
        case defined, undefined
    }

    /// The shape of a node.
    public indirect enum Kind: Sendable, Hashable {
        /// A literal: string, int, float, bool or null.
        case literal(Value)
        /// A list literal `[a, b]`.
        case list([Expression])
        /// A variable name at the root of a path: `host` in `host.name`.
        case variable(String)
        /// `base.name`; `nameOffset` is where `name` starts, for errors about a missing key.
        case member(Expression, name: String, nameOffset: Int)
        /// `base[index]`.
        case index(Expression, Expression)
        /// `base | name(arguments…)`; `nameOffset` is where the filter's name starts.
        case filter(Expression, name: String, nameOffset: Int, arguments: [Expression])
        /// `not operand`.
        case not(Expression)
        /// `-operand`.
        case negate(Expression)
        /// `lhs op rhs`; `operatorOffset` is where the operator starts.
        case binary(BinaryOperator, Expression, Expression, operatorOffset: Int)
        /// `operand is [not] test`.
        case test(Expression, Test, negated: Bool, testOffset: Int)
        /// `then if condition else otherwise`.
        case conditional(then: Expression, condition: Expression, otherwise: Expression)
    }

    public let kind: Kind
    /// Offset of the node's first character in the template text.
    public let start: Int
    /// Offset one past the node's last character.
    public let end: Int
    /// How many levels of nodes this one is above its deepest leaf (a leaf is 1). The parser
    /// refuses trees deeper than `maximumDepth`, so evaluating one can never exhaust the stack.
    public let depth: Int

    /// The deepest tree the parser builds (`InputLimits.maximumDepth`); far beyond anything written
    /// by hand.
    public static let maximumDepth = InputLimits.maximumDepth

    init(_ kind: Kind, start: Int, end: Int) {
        self.kind = kind
        self.start = start
        self.end = end
        self.depth = 1 + (kind.children.map(\.depth).max() ?? 0)
    }
}

extension Expression.Kind {
    /// The direct sub-expressions of a node.
    var children: [Expression] {
        switch self {
        case .literal, .variable: []
        case .list(let items): items
        case .member(let base, _, _): [base]
        case .index(let base, let index): [base, index]
        case .filter(let base, _, _, let arguments): [base] + arguments
        case .not(let operand), .negate(let operand): [operand]
        case .binary(_, let lhs, let rhs, _): [lhs, rhs]
        case .test(let operand, _, _, _): [operand]
        case .conditional(let then, let condition, let otherwise): [then, condition, otherwise]
        }
    }
}
