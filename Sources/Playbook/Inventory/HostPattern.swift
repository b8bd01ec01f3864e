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

    /// The terms of a whole pattern, in the order Ansible applies them: plain terms, then `&` terms,
    /// then `!` terms (with only `&`/`!` terms, `all` comes first).
    static func terms(of pattern: String) -> [HostPattern] {
        let pieces: [String]
        if pattern.contains(",") {
            pieces = pattern.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        } else if HostAddress.splitPort(pattern).1 != nil || Self.isSingleAddress(pattern) {
            pieces = [pattern]
        } else {
            pieces = colonSeparated(pattern)
        }
        let terms = pieces.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.map(HostPattern.init)
        var plain = terms.filter { $0.operation == .union }
        if plain.isEmpty { plain = [HostPattern("all")] }
        return plain + terms.filter { $0.operation == .intersection } + terms.filter { $0.operation == .exclusion }
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
/// shell glob (`*`, `?`, `[abc]`, `[!abc]`, matching the whole name, case-sensitive).
struct NameMatcher {
    private let regex: NSRegularExpression?
    private let glob: [Character]
    private let literal: Bool

    /// A matcher for a `~regex` or a glob; nil for a regex that does not compile.
    init?(_ expression: String) {
        if expression.hasPrefix("~") {
            guard let compiled = try? NSRegularExpression(pattern: String(expression.dropFirst())) else { return nil }
            regex = compiled
            glob = []
            literal = false
        } else {
            regex = nil
            glob = Array(expression)
            literal = !expression.contains(where: { "*?[".contains($0) })
        }
    }

    /// Whether the whole name matches (for a regex: a match at its start).
    func matches(_ name: String) -> Bool {
        if let regex {
            let range = NSRange(name.startIndex..., in: name)
            return regex.firstMatch(in: name, options: .anchored, range: range) != nil
        }
        if literal { return name.count == glob.count && Array(name) == glob }
        return Self.glob(glob[...], Array(name)[...])
    }

    private static func glob(_ pattern: ArraySlice<Character>, _ name: ArraySlice<Character>) -> Bool {
        var pattern = pattern, name = name
        while let token = pattern.first {
            switch token {
            case "*":
                let rest = pattern.dropFirst()
                if rest.isEmpty { return true }
                var tail = name
                while true {
                    if glob(rest, tail) { return true }
                    guard !tail.isEmpty else { return false }
                    tail = tail.dropFirst()
                }
            case "?":
                guard !name.isEmpty else { return false }
                pattern = pattern.dropFirst()
                name = name.dropFirst()
            case "[":
                guard let (matched, consumed) = bracket(pattern, name.first) else {
                    // An unclosed `[` is a literal character, as in fnmatch.
                    guard name.first == "[" else { return false }
                    pattern = pattern.dropFirst()
                    name = name.dropFirst()
                    continue
                }
                guard matched else { return false }
                pattern = pattern.dropFirst(consumed)
                name = name.dropFirst()
            default:
                guard name.first == token else { return false }
                pattern = pattern.dropFirst()
                name = name.dropFirst()
            }
        }
        return name.isEmpty
    }

    /// Matches `[set]` at the start of `pattern` against one character: (matched, characters of the
    /// pattern used), or nil when the bracket is not closed.
    private static func bracket(_ pattern: ArraySlice<Character>, _ char: Character?) -> (Bool, Int)? {
        var index = pattern.startIndex + 1
        var negate = false
        if index < pattern.endIndex, pattern[index] == "!" {
            negate = true
            index += 1
        }
        var members: [ClosedRange<Character>] = []
        var first = true
        while index < pattern.endIndex, pattern[index] != "]" || first {
            first = false
            let low = pattern[index]
            if index + 2 < pattern.endIndex, pattern[index + 1] == "-", pattern[index + 2] != "]" {
                let high = pattern[index + 2]
                if low <= high { members.append(low...high) }
                index += 3
            } else {
                members.append(low...low)
                index += 1
            }
        }
        guard index < pattern.endIndex else { return nil }
        guard let char else { return (false, index - pattern.startIndex + 1) }
        let found = members.contains { $0.contains(char) }
        return (found != negate, index - pattern.startIndex + 1)
    }
}
