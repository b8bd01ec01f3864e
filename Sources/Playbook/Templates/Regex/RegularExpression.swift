/// A regular expression in the syntax of Python's `re` (what Ansible's filters take), matched in time
/// linear in the text: `matches`, `regex_search`, `regex_replace` and `~regex` host patterns all
/// use it. Every evaluation also spends a `RegexBudget`, so even a large pattern over a large text
/// (or `regex_replace` finding many matches) ends with an error instead of running on.
struct RegularExpression {
    let pattern: String
    private let program: RegexProgram
    /// How many capturing groups the pattern has, and the numbers of the named ones.
    let captureCount: Int
    let captureNames: [String: Int]

    init(_ pattern: String) throws(RegexSyntaxError) {
        var parser = RegexParser(pattern)
        let tree = try parser.parse()
        self.pattern = pattern
        self.program = try RegexProgram(tree, captureCount: parser.captureCount)
        self.captureCount = parser.captureCount
        self.captureNames = parser.captureNames
    }

    /// The first match in `text` (`re.search`), or only at its start when `anchored` (`re.match`):
    /// the whole match and each group's text (nil for a group that took no part).
    func firstMatch(in text: String, anchored: Bool = false, budget: inout RegexBudget)
        throws(RegexLimitReached) -> [String?]? {
        let scalars = Array(text.unicodeScalars)
        var machine = RegexMachine(program, text: scalars)
        guard let slots = try machine.firstMatch(from: 0, anchored: anchored, budget: &budget) else { return nil }
        return Self.groups(slots, in: scalars)
    }

    /// `text` with every match replaced (`re.sub`); an empty match next to the previous match counts,
    /// as in Python 3.7 and later (`'x*'` on `abxd` gives `-a-b--d-`).
    func replacingMatches(in text: String, with replacement: RegexReplacement, budget: inout RegexBudget)
        throws(RegexLimitReached) -> String {
        let scalars = Array(text.unicodeScalars)
        var machine = RegexMachine(program, text: scalars)
        var output = String.UnicodeScalarView()
        var copied = 0, searchFrom = 0
        var lastEmptyMatch = -1
        /// At least the UTF-8 size of `output` (a scalar is one to four bytes).
        var outputBytes = 0
        while searchFrom <= scalars.count,
              let slots = try machine.firstMatch(from: searchFrom, anchored: false, budget: &budget) {
            let start = slots[0], end = slots[1]
            if start == end, start == lastEmptyMatch {
                // The same empty match again: step over one character and search on.
                searchFrom = start + 1
                continue
            }
            let inserted = replacement.expanded(with: Self.groups(slots, in: scalars))
            // Each match may add the whole replacement: many matches of a long one multiply the text.
            outputBytes += inserted.utf8.count + (start - copied)
            if outputBytes > InputLimits.maximumValueSize { throw .size }
            output.append(contentsOf: scalars[copied..<start])
            output.append(contentsOf: inserted.unicodeScalars)
            copied = end
            searchFrom = end
            lastEmptyMatch = start == end ? end : -1
        }
        output.append(contentsOf: scalars[copied...])
        return String(output)
    }

    /// The message for a pattern that does not compile: `invalid regular expression '([': …`.
    static func describe(_ failure: RegexSyntaxError, in pattern: String) -> String {
        "invalid regular expression '\(pattern)': \(failure.message) at character \(failure.offset + 1)"
    }

    /// The message for an evaluation that reached a limit.
    static func describe(_ limit: RegexLimitReached, of pattern: String, on text: String) -> String {
        switch limit {
        case .steps:
            "regular expression '\(pattern)' took too long on a text of \(text.unicodeScalars.count) characters "
                + "(more than \(InputLimits.maximumRegexSteps) steps)"
        case .size: InputLimits.tooLarge("the result")
        }
    }

    private static func groups(_ slots: [Int], in text: [Unicode.Scalar]) -> [String?] {
        stride(from: 0, to: slots.count, by: 2).map { slot in
            let start = slots[slot], end = slots[slot + 1]
            guard start >= 0, end >= start else { return nil }
            return String(String.UnicodeScalarView(text[start..<end]))
        }
    }
}

/// The replacement text of `regex_replace`, with Python's escapes: `\1`…`\99` and `\g<1>` or
/// `\g<name>` for a group (empty when the group took no part), `\n` `\t` `\r` `\\`; other escapes
/// of a letter are errors (as in Python), any other `\x` stays as written; `$` is plain text.
struct RegexReplacement {
    private enum Part {
        case text(String)
        case group(Int)
    }

    private let parts: [Part]

    init(_ replacement: String, for regex: RegularExpression) throws(RegexSyntaxError) {
        var parts: [Part] = []
        var literal = ""
        let characters = Array(replacement.unicodeScalars)
        var index = 0
        func group(_ number: Int, at offset: Int) throws(RegexSyntaxError) {
            guard number >= 0, number <= regex.captureCount else {
                throw RegexSyntaxError(message: "invalid group reference \(number)", offset: offset)
            }
            parts.append(.text(literal))
            literal = ""
            parts.append(.group(number))
        }
        while index < characters.count {
            let character = characters[index]
            index += 1
            guard character == "\\", index < characters.count else {
                literal.unicodeScalars.append(character)
                continue
            }
            let start = index - 1
            let next = characters[index]
            index += 1
            switch next {
            case "1"..."9":
                var number = Int(next.value - 0x30)
                if index < characters.count, ("0"..."9").contains(characters[index]) {
                    number = number * 10 + Int(characters[index].value - 0x30)
                    index += 1
                }
                try group(number, at: start)
            case "g":
                guard index < characters.count, characters[index] == "<",
                      let close = characters[index...].firstIndex(of: ">") else {
                    throw RegexSyntaxError(message: "missing group name after \\g", offset: start)
                }
                let name = String(String.UnicodeScalarView(characters[(index + 1)..<close]))
                index = close + 1
                guard let number = Int(name) ?? regex.captureNames[name] else {
                    throw RegexSyntaxError(message: "unknown group name '\(name)'", offset: start)
                }
                try group(number, at: start)
            case "n": literal += "\n"
            case "t": literal += "\t"
            case "r": literal += "\r"
            case "\\": literal += "\\"
            default:
                if next.isASCII, next.properties.isAlphabetic {
                    throw RegexSyntaxError(message: "bad escape \\\(next)", offset: start)
                }
                literal.unicodeScalars.append(character)
                literal.unicodeScalars.append(next)
            }
        }
        parts.append(.text(literal))
        self.parts = parts
    }

    func expanded(with groups: [String?]) -> String {
        var output = ""
        for part in parts {
            switch part {
            case .text(let text): output += text
            case .group(let number): output += groups[number] ?? ""
            }
        }
        return output
    }
}
