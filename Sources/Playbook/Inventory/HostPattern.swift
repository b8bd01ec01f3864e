import Foundation

/// One term of an Ansible host pattern, as `split_host_pattern` cuts a pattern into terms: a
/// comma-separated list, or (when there is no comma and the text is not a host with a port) a
/// colon-separated one where `[...]` may hold colons.
struct HostPattern: Equatable {
    /// How a term combines with the terms before it.
    enum Operation: Equatable {
        /// Adds its hosts (a plain term).
        case union
        /// Keeps only hosts it matches (`&term`).
        case intersection
        /// Removes hosts it matches (`!term`).
        case exclusion
    }

    /// A slice `[i]` or `[i:j]` (both inclusive; `[i:]` to the end) applied to a term's matches.
    enum Subscript: Equatable {
        case index(Int)
        case range(Int, Int?)
    }

    /// The term as written, with its prefix and subscript.
    let text: String
    /// What the term does to the hosts selected before it.
    let operation: Operation
    /// The term without its `&`/`!` prefix and subscript.
    let expression: String
    /// The slice written after the expression, if any.
    let subscriptRange: Subscript?

    /// Reads one term.
    init(_ text: String) {
        self.text = text
        var body = Substring(text)
        switch body.first {
        case "&": operation = .intersection; body = body.dropFirst()
        case "!": operation = .exclusion; body = body.dropFirst()
        default: operation = .union
        }
        (expression, subscriptRange) = Self.splitSubscript(String(body))
    }

    /// The terms of a whole pattern, in the order Ansible applies them.
    static func terms(of pattern: String) -> [HostPattern] {
        ordered(split(pattern).map(HostPattern.init))
    }

    /// A pattern cut into its terms as written, as Ansible's `split_host_pattern` cuts it: at commas,
    /// or (when there is none and the text is not one address) at colons and blanks.
    static func split(_ pattern: String) -> [String] {
        let pieces: [String]
        if pattern.contains(",") {
            pieces = pattern.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        } else if HostAddress.splitPort(pattern).1 != nil || Self.isSingleAddress(pattern) {
            pieces = [pattern]
        } else {
            pieces = colonSeparated(pattern)
        }
        return pieces.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// Terms in the order Ansible's `order_patterns` applies them, wherever they were written: plain
    /// terms, then `&` terms, then `!` terms; with only `&`/`!` terms, `all` comes first.
    static func ordered(_ terms: [HostPattern]) -> [HostPattern] {
        ordered(terms, term: \.self, all: HostPattern("all"))
    }

    /// `ordered(_:)` over items that carry a term (and, say, where it was written).
    static func ordered<Item>(_ items: [Item], term: (Item) -> HostPattern, all: Item) -> [Item] {
        var plain = items.filter { term($0).operation == .union }
        if plain.isEmpty { plain = [all] }
        return plain + items.filter { term($0).operation == .intersection }
            + items.filter { term($0).operation == .exclusion }
    }

    /// A host name or IPv4 address, or an IPv6 address (two or more colons, hex digits only).
    private static func isSingleAddress(_ text: String) -> Bool {
        guard HostAddress.isHostIdentifier(text) else { return false }
        return !text.contains(":") || text.filter({ $0 == ":" }).count >= 2
    }

    /// `a:b:&c` → a, b, &c; a bracketed `[0:2]` stays whole; blanks separate too.
    private static func colonSeparated(_ pattern: String) -> [String] {
        var pieces: [String] = []
        var current = ""
        var depth = 0
        for char in pattern {
            if char == "[" { depth += 1 }
            if char == "]" { depth = max(0, depth - 1) }
            if depth == 0, char == ":" || char.isWhitespace {
                if !current.isEmpty { pieces.append(current) }
                current = ""
            } else {
                current.append(char)
            }
        }
        if !current.isEmpty { pieces.append(current) }
        return pieces
    }

    /// `web[0]`, `web[-1]`, `web[1:3]`, `web[2:]` (not for `~regex` terms, whose brackets are regex).
    private static func splitSubscript(_ body: String) -> (String, Subscript?) {
        guard !body.hasPrefix("~"), body.hasSuffix("]"), let open = body.lastIndex(of: "["),
              open > body.startIndex else { return (body, nil) }
        let inside = body[body.index(after: open)..<body.index(before: body.endIndex)]
        let base = String(body[..<open])
        if let index = Int(inside), inside.allSatisfy({ $0.isNumber || $0 == "-" }) { return (base, .index(index)) }
        guard let separator = inside.firstIndex(where: { $0 == ":" || $0 == "-" }) else { return (body, nil) }
        let start = inside[..<separator], end = inside[inside.index(after: separator)...]
        guard !start.isEmpty, start.allSatisfy(\.isNumber), end.allSatisfy(\.isNumber),
              let low = Int(start) else { return (body, nil) }
        return (base, .range(low, end.isEmpty ? nil : Int(end)))
    }

    /// Whether `expression` is a `~regex`, or a glob with `*`, `?` or `[`; such a term is matched
    /// against host names even when it also matches groups (`.` counts too, as in Ansible).
    var matchesHostsToo: Bool {
        expression.hasPrefix("~") || expression.contains(where: { ".?*[".contains($0) })
    }
}

/// A compiled matcher for one term: a `~regex` (anchored at the start, as Python's `re.match`) or a
/// shell glob (`*`, `?`, `[abc]`, `[!abc]`, matching the whole name, case-sensitive). A regex is
/// matched in linear time (`RegularExpression`) with one budget for every name the term meets; a
/// class, so the names matched one by one spend the same budget.
final class NameMatcher {
    private let regex: RegularExpression?
    private let glob: [GlobToken]
    private let literal: [Character]?
    private var budget = RegexBudget()
    /// Set once the regex ran out of its budget; every later name then does not match, and the
    /// caller reports the term.
    private(set) var ranOutOfSteps = false

    /// A matcher for a `~regex` or a glob; nil for a regex that does not compile.
    init?(_ expression: String) {
        if expression.hasPrefix("~") {
            guard let compiled = try? RegularExpression(String(expression.dropFirst())) else { return nil }
            regex = compiled
            glob = []
            literal = nil
        } else {
            regex = nil
            glob = GlobToken.compile(Array(expression))
            literal = expression.contains(where: { "*?[".contains($0) }) ? nil : Array(expression)
        }
    }

    /// Whether the whole name matches (for a regex: a match at its start).
    func matches(_ name: String) -> Bool {
        if let regex {
            guard !ranOutOfSteps else { return false }
            do {
                return try regex.firstMatch(in: name, anchored: true, budget: &budget) != nil
            } catch {
                ranOutOfSteps = true
                return false
            }
        }
        if let literal { return name.count == literal.count && Array(name) == literal }
        return Self.glob(glob, Array(name))
    }

    /// Greedy matching that backtracks only to the most recent `*`: a later `*` can absorb anything
    /// an earlier one would have, so earlier choices never need revisiting. That keeps the work at
    /// O(pattern × name) where trying every split of every `*` was exponential (`****…x`).
    private static func glob(_ pattern: [GlobToken], _ name: [Character]) -> Bool {
        var p = 0, n = 0
        var resume: (pattern: Int, name: Int)?
        while n < name.count {
            if p < pattern.count, case .star = pattern[p] {
                p += 1
                resume = (p, n)
            } else if p < pattern.count, pattern[p].matches(name[n]) {
                p += 1
                n += 1
            } else if let star = resume {
                // Let the last `*` take one more character and try the rest again.
                resume = (star.pattern, star.name + 1)
                p = star.pattern
                n = star.name + 1
            } else {
                return false
            }
        }
        while p < pattern.count, case .star = pattern[p] { p += 1 }
        return p == pattern.count
    }
}

/// One element of a compiled shell glob.
private enum GlobToken {
    /// `*`: any run of characters, empty too.
    case star
    /// `?`: any one character.
    case any
    /// `[set]` or `[!set]`: one character in (or, negated, not in) the ranges.
    case set([ClosedRange<Character>], negated: Bool)
    /// Any other character, and a `[` that is never closed (a literal, as in fnmatch).
    case character(Character)

    /// Whether this token (not `*`) matches one character.
    func matches(_ char: Character) -> Bool {
        switch self {
        case .star: true
        case .any: true
        case .set(let members, let negated): members.contains { $0.contains(char) } != negated
        case .character(let expected): char == expected
        }
    }

    /// The tokens of `pattern`, consecutive stars folded into one.
    static func compile(_ pattern: [Character]) -> [GlobToken] {
        var tokens: [GlobToken] = []
        var index = 0
        while index < pattern.count {
            switch pattern[index] {
            case "*":
                if case .star? = tokens.last {} else { tokens.append(.star) }
                index += 1
            case "?":
                tokens.append(.any)
                index += 1
            case "[":
                if let (token, end) = bracket(pattern, from: index) {
                    tokens.append(token)
                    index = end
                } else {
                    tokens.append(.character("["))
                    index += 1
                }
            default:
                tokens.append(.character(pattern[index]))
                index += 1
            }
        }
        return tokens
    }

    /// The `[set]` that opens at `start`, and the index just past its `]`; nil when it is not closed.
    private static func bracket(_ pattern: [Character], from start: Int) -> (GlobToken, Int)? {
        var index = start + 1
        var negated = false
        if index < pattern.count, pattern[index] == "!" {
            negated = true
            index += 1
        }
        var members: [ClosedRange<Character>] = []
        var first = true
        while index < pattern.count, pattern[index] != "]" || first {
            first = false
            let low = pattern[index]
            if index + 2 < pattern.count, pattern[index + 1] == "-", pattern[index + 2] != "]" {
                let high = pattern[index + 2]
                if low <= high { members.append(low...high) }
                index += 3
            } else {
                members.append(low...low)
                index += 1
            }
        }
        guard index < pattern.count else { return nil }
        return (.set(members, negated: negated), index + 1)
    }
}
