/// The value typing of an INI inventory: Ansible passes every INI value through Python's
/// `ast.literal_eval` and keeps the raw text when that fails. So `2222` is an int, `1.5` a float,
/// `True`/`False` booleans, `None` null, `'quoted'` a string without its quotes, `[1, 2]` a list,
/// `{'a': 1}` a map, while `yes`, `true`, `web01` and `1.2.3` stay strings.
///
/// This is a small recursive-descent reader of exactly those Python literals: numbers (with `_`,
/// `0x`/`0o`/`0b`, one sign), strings (quotes, triple quotes, `r`/`u`/`b` prefixes, escapes,
/// adjacent-literal concatenation), `True`/`False`/`None`, lists, tuples and sets (as lists), dicts,
/// and `#` comments. Anything else (complex numbers, names, expressions) is "not a literal".
struct PythonLiteral {
    /// A literal nested deeper than `InputLimits.maximumDepth`: an error, not a string, since no
    /// real inventory holds one and reading it must not exhaust the stack.
    struct TooDeep: Error {
        /// What to tell the user.
        let message = "value is nested too deeply (more than \(InputLimits.maximumDepth) levels)"
    }

    /// The typed value of `text`, or the text itself as a string when it is not a Python literal.
    static func typedValue(of text: String) throws(TooDeep) -> Value {
        // Fast paths for the common cases: a plain decimal integer, and a word that cannot start a
        // literal (only True/False/None and string prefixes like r'…' start with a letter).
        let utf8 = text.utf8
        guard let first = utf8.first else { return .string(text) }
        if utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), first != 0x30 || utf8.count == 1, let number = Int(text) {
            return .int(number)
        }
        if (first >= 0x41 && first <= 0x5A) || (first >= 0x61 && first <= 0x7A) {
            let quoteSoon = utf8.prefix(3).contains { $0 == 0x27 || $0 == 0x22 }
            if !quoteSoon, text != "True", text != "False", text != "None" { return .string(text) }
        }
        var reader = PythonLiteral(text)
        let value = reader.parseWhole()
        if reader.tooDeep { throw TooDeep() }
        return value ?? .string(text)
    }

    private let chars: [Character]
    private var position = 0
    /// How many lists, tuples, sets and dicts are open where the reader is.
    private var depth = 0
    /// True once a literal went deeper than `InputLimits.maximumDepth`; reading then stops.
    private var tooDeep = false

    private init(_ text: String) {
        chars = Array(text)
    }

    private mutating func parseWhole() -> Value? {
        // literal_eval strips leading blanks and tabs only; any other leading whitespace is an error.
        while position < chars.count, chars[position] == " " || chars[position] == "\t" { position += 1 }
        guard let value = parseValue() else { return nil }
        skipSpace()
        return position == chars.count ? value : nil
    }

    private var current: Character? { position < chars.count ? chars[position] : nil }

    private mutating func skipSpace() {
        while let char = current {
            if char == " " || char == "\t" || char == "\n" || char == "\r" || char == "\u{0C}" {
                position += 1
            } else if char == "#" {
                while let next = current, next != "\n" { _ = next; position += 1 }
            } else {
                return
            }
        }
    }

    private mutating func parseValue() -> Value? {
        skipSpace()
        guard let char = current else { return nil }
        switch char {
        case "[", "(", "{":
            guard depth < InputLimits.maximumDepth else {
                tooDeep = true
                return nil
            }
            depth += 1
            defer { depth -= 1 }
            if char == "[" { return parseSequence(closing: "]").map { .list($0) } }
            return char == "(" ? parseParenthesized() : parseBraces()
        case "+", "-":
            position += 1
            skipSpace()
            guard let value = parseNumber() else { return nil }
            guard char == "-" else { return value }
            switch value {
            case .int(let number): return .int(-number)
            case .double(let number): return .double(-number)
            default: return nil
            }
        case "0"..."9", ".": return parseNumber()
        default:
            if let text = parseStrings() { return .string(text) }
            return parseName()
        }
    }

    private mutating func parseName() -> Value? {
        var word = ""
        while let char = current, char.isLetter || char.isNumber || char == "_" {
            word.append(char)
            position += 1
        }
        switch word {
        case "True": return .bool(true)
        case "False": return .bool(false)
        case "None": return .null
        default: return nil
        }
    }

    /// `[a, b]` or the inside of `(a, b)` / `{a, b}`: items separated by commas, a trailing comma allowed.
    private mutating func parseSequence(closing: Character) -> [Value]? {
        position += 1
        return parseItems(closing: closing, startingWith: nil)
    }

    /// The items of a sequence whose opening bracket, and `first` item when given, are read already.
    /// Tuples and sets continue from their first item instead of reading it again, which would
    /// double the work at every level of nesting.
    private mutating func parseItems(closing: Character, startingWith first: Value?) -> [Value]? {
        var items: [Value] = []
        if let first {
            items.append(first)
            skipSpace()
            if current == "," {
                position += 1
            } else if current != closing {
                return nil
            }
        }
        while true {
            skipSpace()
            if current == closing {
                position += 1
                return items
            }
            guard let item = parseValue() else { return nil }
            items.append(item)
            skipSpace()
            if current == "," {
                position += 1
            } else if current != closing {
                return nil
            }
        }
    }

    /// `(x)` is x; `()`, `(x,)` and `(x, y)` are tuples, which Ansible turns into lists.
    private mutating func parseParenthesized() -> Value? {
        position += 1
        skipSpace()
        if current == ")" {
            position += 1
            return .list([])
        }
        guard let first = parseValue() else { return nil }
        skipSpace()
        if current == ")" {
            position += 1
            return first
        }
        return parseItems(closing: ")", startingWith: first).map { .list($0) }
    }

    /// `{}` and `{k: v, …}` are dicts; `{a, b}` is a set, which Ansible turns into a list.
    private mutating func parseBraces() -> Value? {
        position += 1
        skipSpace()
        if current == "}" {
            position += 1
            return .map(Value.OrderedMap())
        }
        guard let firstKey = parseValue() else { return nil }
        skipSpace()
        guard current == ":" else { return parseItems(closing: "}", startingWith: firstKey).map { .list($0) } }
        var map = Value.OrderedMap()
        var key = firstKey
        while true {
            position += 1  // the ':'
            guard let value = parseValue(), let name = Self.keyText(key) else { return nil }
            map[name] = value
            skipSpace()
            if current == "," {
                position += 1
                skipSpace()
            }
            if current == "}" {
                position += 1
                return .map(map)
            }
            guard let nextKey = parseValue() else { return nil }
            key = nextKey
            skipSpace()
            guard current == ":" else { return nil }
        }
    }

    /// A dict key as text, the way JSON (and so `ansible-inventory --list`) writes it.
    private static func keyText(_ key: Value) -> String? {
        switch key {
        case .string(let text): return text
        case .int(let number): return String(number)
        case .double(let number): return String(number)
        case .bool(let flag): return flag ? "true" : "false"
        case .null: return "null"
        case .list, .map: return nil
        }
    }

    private mutating func parseNumber() -> Value? {
        var text = ""
        while let char = current, char.isLetter || char.isNumber || char == "_" || char == "." ||
                ((char == "+" || char == "-") && (text.last == "e" || text.last == "E") && !text.hasPrefix("0x")) {
            text.append(char)
            position += 1
        }
        return Self.number(text)
    }

    /// A Python int or float literal without sign, or nil when `raw` is not one.
    static func number(_ raw: String) -> Value? {
        // Underscores may only sit between digits; drop them and lowercase, working on ASCII bytes.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(raw.utf8.count)
        var previous: UInt8 = 0
        for byte in raw.utf8 {
            guard byte < 0x80 else { return nil }
            if byte == 0x5F {
                guard !bytes.isEmpty, previous != 0x5F else { return nil }
            } else {
                bytes.append(byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte)
            }
            previous = byte
        }
        guard previous != 0x5F, !bytes.isEmpty else { return nil }
        let text = String(decoding: bytes, as: UTF8.self)
        if bytes.count > 2, bytes[0] == 0x30 {
            let radix: Int? = bytes[1] == 0x78 ? 16 : bytes[1] == 0x6F ? 8 : bytes[1] == 0x62 ? 2 : nil
            if let radix { return Int(text.dropFirst(2), radix: radix).map { .int($0) } }
        }
        let isDigit: (UInt8) -> Bool = { $0 >= 0x30 && $0 <= 0x39 }
        if bytes.allSatisfy(isDigit) {
            // Python forbids leading zeros in a non-zero decimal integer ("007" is a syntax error).
            if bytes.count > 1, bytes[0] == 0x30, bytes.contains(where: { $0 != 0x30 }) { return nil }
            return Int(text).map { .int($0) }
        }
        // A float: digits with at most one '.', then an optional exponent with an optional sign.
        var index = 0, mantissaDigits = 0, dots = 0
        while index < bytes.count, isDigit(bytes[index]) || bytes[index] == 0x2E {
            if bytes[index] == 0x2E { dots += 1 } else { mantissaDigits += 1 }
            index += 1
        }
        guard mantissaDigits > 0, dots <= 1 else { return nil }
        if index < bytes.count {
            guard bytes[index] == 0x65 else { return nil }
            index += 1
            if index < bytes.count, bytes[index] == 0x2B || bytes[index] == 0x2D { index += 1 }
            guard index < bytes.count, bytes[index...].allSatisfy(isDigit) else { return nil }
        } else if dots == 0 {
            return nil
        }
        return Double(text).map { .double($0) }
    }

    // MARK: - Strings

    /// One or more adjacent string literals, concatenated; nil when the text here is not a string.
    private mutating func parseStrings() -> String? {
        guard var text = parseOneString() else { return nil }
        while true {
            let save = position
            skipSpace()
            guard let more = parseOneString() else {
                position = save
                return text
            }
            text += more
        }
    }

    private mutating func parseOneString() -> String? {
        let start = position
        var raw = false
        while let char = current, "rRuUbB".contains(char), position - start < 2 {
            if char == "r" || char == "R" { raw = true }
            position += 1
        }
        guard let quote = current, quote == "'" || quote == "\"" else {
            position = start
            return nil
        }
        let triple = position + 2 < chars.count && chars[position + 1] == quote && chars[position + 2] == quote
        position += triple ? 3 : 1
        var text = ""
        while let char = current {
            if char == quote {
                if !triple {
                    position += 1
                    return text
                }
                if position + 2 < chars.count, chars[position + 1] == quote, chars[position + 2] == quote {
                    position += 3
                    return text
                }
            }
            if char == "\n", !triple { return nil }
            if char == "\\", position + 1 < chars.count {
                let next = chars[position + 1]
                if raw {
                    text.append(char)
                    text.append(next)
                    position += 2
                    continue
                }
                position += 2
                if let escaped = escape(next) { text += escaped } else { return nil }
                continue
            }
            text.append(char)
            position += 1
        }
        return nil
    }

    /// The text of one backslash escape (the character after the backslash is consumed already).
    private mutating func escape(_ letter: Character) -> String? {
        switch letter {
        case "n": return "\n"
        case "t": return "\t"
        case "r": return "\r"
        case "0"..."7":
            var digits = String(letter)
            while digits.count < 3, let char = current, ("0"..."7").contains(char) {
                digits.append(char)
                position += 1
            }
            return UInt32(digits, radix: 8).flatMap(Unicode.Scalar.init).map { String(Character($0)) }
        case "x", "u", "U":
            let count = letter == "x" ? 2 : letter == "u" ? 4 : 8
            guard position + count <= chars.count else { return nil }
            let hex = String(chars[position..<position + count])
            position += count
            return UInt32(hex, radix: 16).flatMap(Unicode.Scalar.init).map { String(Character($0)) }
        case "\\", "'", "\"": return String(letter)
        case "a": return "\u{07}"
        case "b": return "\u{08}"
        case "f": return "\u{0C}"
        case "v": return "\u{0B}"
        case "\n": return ""
        default: return "\\" + String(letter)
        }
    }
}
