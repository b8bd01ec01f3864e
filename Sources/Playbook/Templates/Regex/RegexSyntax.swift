/// The parsed form of a regular expression, before it is compiled into a `RegexProgram`. Flags
/// (`(?i)`, `(?m)`, `(?s)`) are already applied: a literal under `i` is a set of its case forms,
/// `.` under `s` matches a newline, `^`/`$` under `m` are line anchors.
indirect enum RegexNode {
    case empty
    case scalar(Unicode.Scalar)
    case set(RegexScalarSet)
    case assertion(RegexAssertion)
    /// A group; `capture` is its number (1-based) or nil for `(?:…)`.
    case group(RegexNode, capture: Int?)
    case concatenation([RegexNode])
    case alternation([RegexNode])
    /// `node{minimum,maximum}`; nil `maximum` is unbounded; `lazy` for `*?`, `+?`, `??`, `{m,n}?`.
    case repetition(RegexNode, minimum: Int, maximum: Int?, lazy: Bool)
}

/// Zero-width conditions on the position between two characters.
enum RegexAssertion: Equatable {
    /// `^` without `m`, `\A`.
    case textStart
    /// `\Z`: the very end.
    case textEnd
    /// `$` without `m`: the end, or just before a newline that ends the text (as Python's `re`).
    case textEndOrFinalNewline
    /// `^` with `m`.
    case lineStart
    /// `$` with `m`.
    case lineEnd
    case wordBoundary
    case notWordBoundary

    /// Whether the assertion holds at `position` of `text`.
    func holds(at position: Int, in text: [Unicode.Scalar]) -> Bool {
        switch self {
        case .textStart: return position == 0
        case .textEnd: return position == text.count
        case .textEndOrFinalNewline:
            return position == text.count || (position == text.count - 1 && text[position] == "\n")
        case .lineStart: return position == 0 || text[position - 1] == "\n"
        case .lineEnd: return position == text.count || text[position] == "\n"
        case .wordBoundary, .notWordBoundary:
            let before = position > 0 && RegexScalarSet.isWord(text[position - 1])
            let after = position < text.count && RegexScalarSet.isWord(text[position])
            return (before != after) == (self == .wordBoundary)
        }
    }
}

/// A set of characters: a bracket expression (`[a-z_]`, `[^\d]`), a class escape (`\w`), `.`, or a
/// literal under `i` (its case forms).
struct RegexScalarSet {
    /// The named classes `\d`, `\w`, `\s`, and `.` (everything but a newline).
    enum Class {
        case digit, word, space, notNewline
    }

    var ranges: [ClosedRange<Unicode.Scalar>] = []
    /// Classes with whether each is negated (`\D` is `(.digit, true)`).
    var classes: [(Class, negated: Bool)] = []
    var negated = false
    /// Under `i`, a character matches when any of its case forms is in the set.
    var ignoresCase = false

    func contains(_ scalar: Unicode.Scalar) -> Bool {
        var found = directlyContains(scalar)
        if !found, ignoresCase {
            found = Self.caseForms(of: scalar).contains { $0 != scalar && directlyContains($0) }
        }
        return found != negated
    }

    private func directlyContains(_ scalar: Unicode.Scalar) -> Bool {
        ranges.contains { $0.contains(scalar) } || classes.contains { Self.is(scalar, $0.0) != $0.negated }
    }

    static func `is`(_ scalar: Unicode.Scalar, _ kind: Class) -> Bool {
        switch kind {
        case .digit: return scalar.properties.numericType == .decimal
        case .word: return isWord(scalar)
        case .space: return scalar.properties.isWhitespace
        case .notNewline: return scalar != "\n"
        }
    }

    /// `\w` as Python's `re` has it for text: letters, digits (any script) and `_`.
    static func isWord(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            let value = scalar.value
            return (0x30...0x39).contains(value) || (0x41...0x5A).contains(value) || (0x61...0x7A).contains(value)
                || value == 0x5F
        }
        return scalar.properties.isAlphabetic || scalar.properties.numericType != nil
    }

    /// The scalar with its lower- and uppercase forms, where each is a single scalar.
    static func caseForms(of scalar: Unicode.Scalar) -> [Unicode.Scalar] {
        var forms = [scalar]
        for mapped in [scalar.properties.lowercaseMapping, scalar.properties.uppercaseMapping] {
            let scalars = mapped.unicodeScalars
            if scalars.count == 1, let form = scalars.first, !forms.contains(form) { forms.append(form) }
        }
        return forms
    }
}

/// Why a pattern could not be compiled; `offset` is the character of the pattern at fault.
struct RegexSyntaxError: Error, Equatable {
    let message: String
    let offset: Int
}
