/// Reads the syntax of Python's `re` (what Ansible's `regex_*` filters and `match`/`search` tests take)
/// into a `RegexNode` tree: literals and escapes, `.`, bracket sets, `\d \w \s` and their negations,
/// anchors `^ $ \A \Z \b \B`, groups (capturing, `(?:…)`, named `(?P<name>…)`), `|`, the
/// quantifiers `* + ? {m} {m,} {,n} {m,n}` and their lazy forms, and the flags `i`, `m`, `s`.
/// Back-references and look-around are refused with a clear error: they cannot be matched in time
/// linear in the text, and every pattern here is (see `RegexMachine`).
struct RegexParser {
    private struct Flags {
        var ignoreCase = false
        var multiline = false
        var dotAll = false
    }

    private let pattern: [Unicode.Scalar]
    private var position = 0
    private var flags = Flags()
    private var depth = 0
    /// Where global flags `(?i)` may still appear: only at the start, one group after another.
    private var globalFlagsEnd = 0
    /// How many capturing groups were opened so far.
    private(set) var captureCount = 0
    private(set) var captureNames: [String: Int] = [:]

    init(_ pattern: String) {
        self.pattern = Array(pattern.unicodeScalars)
    }

    /// The whole pattern as one tree.
    mutating func parse() throws(RegexSyntaxError) -> RegexNode {
        let node = try parseAlternation()
        if position < pattern.count {
            throw failure("unbalanced parenthesis ')'", at: position)
        }
        return node
    }

    // MARK: - Structure

    private mutating func parseAlternation() throws(RegexSyntaxError) -> RegexNode {
        var branches = [try parseConcatenation()]
        while peek == "|" {
            position += 1
            branches.append(try parseConcatenation())
        }
        return branches.count == 1 ? branches[0] : .alternation(branches)
    }

    private mutating func parseConcatenation() throws(RegexSyntaxError) -> RegexNode {
        var items: [RegexNode] = []
        while let next = peek, next != "|", next != ")" {
            let start = position
            guard let atom = try parseAtom() else { continue }
            items.append(try parseQuantifiers(of: atom, startingAt: start))
        }
        return items.count == 1 ? items[0] : (items.isEmpty ? .empty : .concatenation(items))
    }

    private mutating func parseQuantifiers(of atom: RegexNode, startingAt start: Int) throws(RegexSyntaxError)
        -> RegexNode {
        guard let bounds = try parseQuantifier() else { return atom }
        if case .assertion = atom { throw failure("nothing to repeat", at: start) }
        if case .empty = atom { throw failure("nothing to repeat", at: start) }
        var lazy = false
        if peek == "?" {
            position += 1
            lazy = true
        }
        let save = position
        if try parseQuantifier() != nil { throw failure("multiple repeat", at: save) }
        return .repetition(atom, minimum: bounds.minimum, maximum: bounds.maximum, lazy: lazy)
    }

    /// `*`, `+`, `?` or a well-formed `{…}`; a `{` that is not one is a literal, as in Python.
    private mutating func parseQuantifier() throws(RegexSyntaxError) -> (minimum: Int, maximum: Int?)? {
        switch peek {
        case "*": position += 1; return (0, nil)
        case "+": position += 1; return (1, nil)
        case "?": position += 1; return (0, 1)
        case "{":
            let start = position
            position += 1
            let minimum = try parseCount()
            var maximum = minimum
            if peek == "," {
                position += 1
                maximum = try parseCount()
            } else if minimum == nil {
                position = start
                return nil
            }
            guard peek == "}" else {
                position = start
                return nil
            }
            position += 1
            let low = minimum ?? 0
            if let maximum, maximum < low {
                throw failure("min repeat greater than max repeat", at: start)
            }
            return (low, maximum)
        default: return nil
        }
    }

    private mutating func parseCount() throws(RegexSyntaxError) -> Int? {
        let start = position
        var value = 0
        while let next = peek, let digit = next.properties.numericType == .decimal && next.isASCII
                ? Int(next.value - 0x30) : nil {
            value = value * 10 + digit
            position += 1
            if value > RegexProgram.maximumInstructions {
                throw failure("repetition count is too large", at: start)
            }
        }
        return position == start ? nil : value
    }

    private mutating func parseAtom() throws(RegexSyntaxError) -> RegexNode? {
        let start = position
        let scalar = pattern[position]
        position += 1
        switch scalar {
        case "(": return try parseGroup(at: start)
        case "[": return .set(try parseBracket(at: start))
        case ".":
            var set = RegexScalarSet()
            if flags.dotAll { set.negated = true } else { set.classes = [(.notNewline, false)] }
            return .set(set)
        case "^": return .assertion(flags.multiline ? .lineStart : .textStart)
        case "$": return .assertion(flags.multiline ? .lineEnd : .textEndOrFinalNewline)
        case "\\": return try parseEscape(at: start)
        case "*", "+", "?": throw failure("nothing to repeat", at: start)
        default: return literal(scalar)
        }
    }

    private mutating func parseGroup(at start: Int) throws(RegexSyntaxError) -> RegexNode? {
        depth += 1
        defer { depth -= 1 }
        if depth > InputLimits.maximumDepth {
            throw failure("groups nested more than \(InputLimits.maximumDepth) deep", at: start)
        }
        var capture: Int?
        let saved = flags
        if peek == "?" {
            position += 1
            switch peek {
            case ":": position += 1
            case "P" where lookahead(1) == "<", "<" where lookahead(1) != "=" && lookahead(1) != "!":
                position += peek == "P" ? 2 : 1
                capture = try openNamedCapture(at: start)
            case "#":
                while let next = peek, next != ")" { position += 1 }
                try expectClose(start)
                return nil
            case "P" where lookahead(1) == "=":
                throw failure("back-references are not supported", at: start)
            case "=", "!", "<":
                throw failure("look-ahead and look-behind are not supported", at: start)
            default:
                let (updated, scoped) = try parseFlags(at: start)
                flags = updated
                if !scoped {
                    guard start == globalFlagsEnd else {
                        throw failure("global flags not at the start of the expression", at: start)
                    }
                    globalFlagsEnd = position
                    return nil
                }
            }
        } else {
            captureCount += 1
            capture = captureCount
        }
        let inner = try parseAlternation()
        flags = saved
        try expectClose(start)
        return .group(inner, capture: capture)
    }

    private mutating func openNamedCapture(at start: Int) throws(RegexSyntaxError) -> Int {
        var name = ""
        while let next = peek, next != ">" {
            name.unicodeScalars.append(next)
            position += 1
        }
        guard peek == ">", let first = name.unicodeScalars.first, first.properties.numericType == nil,
              name.unicodeScalars.allSatisfy(RegexScalarSet.isWord) else {
            throw failure("bad group name '\(name)'", at: start)
        }
        position += 1
        guard captureNames[name] == nil else { throw failure("redefinition of group name '\(name)'", at: start) }
        captureCount += 1
        captureNames[name] = captureCount
        return captureCount
    }

    private mutating func expectClose(_ start: Int) throws(RegexSyntaxError) {
        guard peek == ")" else { throw failure("missing ')', unterminated subpattern", at: start) }
        position += 1
    }

    /// Reads flag letters after `(?` up to `:` (a scoped group, whose body follows) or `)` (global
    /// flags, which Python 3.11 takes only at the start of the pattern).
    private mutating func parseFlags(at start: Int) throws(RegexSyntaxError) -> (Flags, scoped: Bool) {
        var turningOff = false
        var updated = flags
        while let next = peek, next != ":", next != ")" {
            position += 1
            switch next {
            case "i": updated.ignoreCase = !turningOff
            case "m": updated.multiline = !turningOff
            case "s": updated.dotAll = !turningOff
            case "-" where !turningOff: turningOff = true
            case "x": throw failure("the verbose flag 'x' is not supported", at: position - 1)
            default: throw failure("unknown flag", at: position - 1)
            }
        }
        guard let close = peek else { throw failure("missing ')', unterminated subpattern", at: start) }
        position += 1
        if close == ")", turningOff { throw failure("missing ':' after turning flags off", at: start) }
        return (updated, close == ":")
    }

    // MARK: - Characters

    private func literal(_ scalar: Unicode.Scalar) -> RegexNode {
        guard flags.ignoreCase, RegexScalarSet.caseForms(of: scalar).count > 1 else { return .scalar(scalar) }
        var set = RegexScalarSet()
        set.ranges = [scalar...scalar]
        set.ignoresCase = true
        return .set(set)
    }

    private mutating func parseEscape(at start: Int) throws(RegexSyntaxError) -> RegexNode {
        guard let next = peek else { throw failure("bad escape (end of pattern)", at: start) }
        switch next {
        case "A": position += 1; return .assertion(.textStart)
        case "Z": position += 1; return .assertion(.textEnd)
        case "b": position += 1; return .assertion(.wordBoundary)
        case "B": position += 1; return .assertion(.notWordBoundary)
        case "1"..."9": throw failure("back-references are not supported", at: start)
        default: break
        }
        if let set = classEscape(next) {
            position += 1
            return .set(set)
        }
        return literal(try parseCharacterEscape(at: start, inBracket: false))
    }

    /// `\d \D \w \W \s \S` as a set, or nil for any other escape.
    private func classEscape(_ letter: Unicode.Scalar) -> RegexScalarSet? {
        let kinds: [Unicode.Scalar: (RegexScalarSet.Class, Bool)] = [
            "d": (.digit, false), "D": (.digit, true), "w": (.word, false), "W": (.word, true),
            "s": (.space, false), "S": (.space, true),
        ]
        guard let (kind, negated) = kinds[letter] else { return nil }
        var set = RegexScalarSet()
        set.classes = [(kind, negated)]
        return set
    }

    /// The character an escape stands for, the backslash already read: `\n`, `\x41`, `\u00e9`, `\.`.
    private mutating func parseCharacterEscape(at start: Int, inBracket: Bool) throws(RegexSyntaxError)
        -> Unicode.Scalar {
        guard let next = peek else { throw failure("bad escape (end of pattern)", at: start) }
        position += 1
        let controls: [Unicode.Scalar: Unicode.Scalar] = [
            "n": "\n", "t": "\t", "r": "\r", "f": "\u{0C}", "v": "\u{0B}", "a": "\u{07}", "0": "\0",
        ]
        if inBracket, next == "b" { return "\u{08}" }
        if let control = controls[next] { return control }
        let hexDigits: [Unicode.Scalar: Int] = ["x": 2, "u": 4, "U": 8]
        if let count = hexDigits[next] {
            var value: UInt32 = 0
            for _ in 0..<count {
                guard let digit = peek, digit.isASCII, let number = UInt32(String(digit), radix: 16) else {
                    throw failure("incomplete escape \\\(next)", at: start)
                }
                value = value * 16 + number
                position += 1
            }
            guard let scalar = Unicode.Scalar(value) else { throw failure("bad escape \\\(next)", at: start) }
            return scalar
        }
        if next.isASCII, next.properties.isAlphabetic || next.properties.numericType != nil {
            throw failure("bad escape \\\(next)", at: start)
        }
        return next
    }

    /// A bracket set, `[` already read: `[abc]`, `[^a-z]`, `[]x]`, `[\d_-]`.
    private mutating func parseBracket(at start: Int) throws(RegexSyntaxError) -> RegexScalarSet {
        var set = RegexScalarSet()
        set.ignoresCase = flags.ignoreCase
        if peek == "^" {
            position += 1
            set.negated = true
        }
        var first = true
        while true {
            guard let next = peek else { throw failure("unterminated character set", at: start) }
            if next == "]", !first {
                position += 1
                return set
            }
            first = false
            let itemStart = position
            position += 1
            var low = next
            if next == "\\" {
                if let escaped = peek, let classSet = classEscape(escaped) {
                    position += 1
                    set.classes += classSet.classes
                    continue
                }
                low = try parseCharacterEscape(at: itemStart, inBracket: true)
            }
            guard peek == "-", let after = lookahead(1), after != "]" else {
                set.ranges.append(low...low)
                continue
            }
            position += 1
            var high = after
            position += 1
            if after == "\\" {
                if let escaped = peek, classEscape(escaped) != nil {
                    throw failure("bad character range", at: itemStart)
                }
                high = try parseCharacterEscape(at: position - 1, inBracket: true)
            }
            guard low <= high else { throw failure("bad character range", at: itemStart) }
            set.ranges.append(low...high)
        }
    }

    // MARK: - Reading

    private var peek: Unicode.Scalar? { position < pattern.count ? pattern[position] : nil }

    private func lookahead(_ distance: Int) -> Unicode.Scalar? {
        position + distance < pattern.count ? pattern[position + distance] : nil
    }

    private func failure(_ message: String, at offset: Int) -> RegexSyntaxError {
        RegexSyntaxError(message: message, offset: offset)
    }
}
