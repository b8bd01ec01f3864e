/// Reads JSON text into a `Value`, keeping what Foundation's `JSONSerialization` loses: the order
/// of object keys, and the difference between `1`, `1.0` and `true`.
public struct JSONReader {
    /// A JSON syntax error: what was wrong and the character offset where it was found.
    public struct SyntaxError: Error, Equatable, Sendable {
        public let message: String
        /// Offset in characters (Unicode scalars) from the start of the text.
        public let offset: Int
    }

    private let scalars: [Unicode.Scalar]
    private var position = 0

    private init(_ text: String) {
        scalars = Array(text.unicodeScalars)
    }

    /// Parses a whole JSON document; anything but whitespace after the value is an error.
    public static func parse(_ text: String) throws(SyntaxError) -> Value {
        var reader = JSONReader(text)
        reader.skipWhitespace()
        let value = try reader.readValue(depth: 0)
        reader.skipWhitespace()
        if reader.position < reader.scalars.count {
            throw reader.error("unexpected text after the JSON value")
        }
        return value
    }

    private func error(_ message: String) -> SyntaxError {
        SyntaxError(message: message, offset: position)
    }

    private mutating func skipWhitespace() {
        while position < scalars.count, [" ", "\n", "\r", "\t"].contains(scalars[position]) { position += 1 }
    }

    private mutating func readValue(depth: Int) throws(SyntaxError) -> Value {
        guard depth < InputLimits.maximumDepth else {
            throw error("JSON is nested too deeply (more than \(InputLimits.maximumDepth) levels)")
        }
        guard position < scalars.count else { throw error("expected a JSON value but found the end") }
        switch scalars[position] {
        case "{": return try readObject(depth: depth)
        case "[": return try readArray(depth: depth)
        case "\"": return .string(try readString())
        case "t": return try readWord("true", .bool(true))
        case "f": return try readWord("false", .bool(false))
        case "n": return try readWord("null", .null)
        case "-", "0"..."9": return try readNumber()
        default: throw error("unexpected character '\(scalars[position])' in JSON")
        }
    }

    private mutating func readWord(_ word: String, _ value: Value) throws(SyntaxError) -> Value {
        for expected in word.unicodeScalars {
            guard position < scalars.count, scalars[position] == expected else {
                throw error("invalid JSON literal (expected '\(word)')")
            }
            position += 1
        }
        return value
    }

    private mutating func readObject(depth: Int) throws(SyntaxError) -> Value {
        position += 1
        var map = Value.OrderedMap()
        skipWhitespace()
        if position < scalars.count, scalars[position] == "}" {
            position += 1
            return .map(map)
        }
        while true {
            skipWhitespace()
            guard position < scalars.count, scalars[position] == "\"" else {
                throw error("expected a string key in JSON object")
            }
            let key = try readString()
            skipWhitespace()
            guard position < scalars.count, scalars[position] == ":" else { throw error("expected ':' in JSON object") }
            position += 1
            skipWhitespace()
            map[key] = try readValue(depth: depth + 1)
            skipWhitespace()
            guard position < scalars.count else { throw error("unterminated JSON object") }
            if scalars[position] == "," {
                position += 1
            } else if scalars[position] == "}" {
                position += 1
                return .map(map)
            } else {
                throw error("expected ',' or '}' in JSON object")
            }
        }
    }

    private mutating func readArray(depth: Int) throws(SyntaxError) -> Value {
        position += 1
        var items: [Value] = []
        skipWhitespace()
        if position < scalars.count, scalars[position] == "]" {
            position += 1
            return .list(items)
        }
        while true {
            skipWhitespace()
            items.append(try readValue(depth: depth + 1))
            skipWhitespace()
            guard position < scalars.count else { throw error("unterminated JSON array") }
            if scalars[position] == "," {
                position += 1
            } else if scalars[position] == "]" {
                position += 1
                return .list(items)
            } else {
                throw error("expected ',' or ']' in JSON array")
            }
        }
    }

    private mutating func readString() throws(SyntaxError) -> String {
        position += 1
        var text = String.UnicodeScalarView()
        while position < scalars.count {
            let scalar = scalars[position]
            position += 1
            switch scalar {
            case "\"": return String(text)
            case "\\":
                guard position < scalars.count else { break }
                let escape = scalars[position]
                position += 1
                switch escape {
                case "\"": text.append("\"")
                case "\\": text.append("\\")
                case "/": text.append("/")
                case "b": text.append("\u{8}")
                case "f": text.append("\u{C}")
                case "n": text.append("\n")
                case "r": text.append("\r")
                case "t": text.append("\t")
                case "u": text.append(try readUnicodeEscape())
                default: throw error("invalid escape '\\\(escape)' in JSON string")
                }
            default:
                if scalar.value < 0x20 { throw error("control character in JSON string") }
                text.append(scalar)
            }
        }
        throw error("unterminated JSON string")
    }

    private mutating func readHex4() throws(SyntaxError) -> UInt32 {
        guard position + 4 <= scalars.count,
              let code = UInt32(String(String.UnicodeScalarView(scalars[position..<position + 4])), radix: 16)
        else { throw error("invalid \\u escape in JSON string") }
        position += 4
        return code
    }

    private mutating func readUnicodeEscape() throws(SyntaxError) -> Unicode.Scalar {
        let first = try readHex4()
        if (0xD800..<0xDC00).contains(first) {
            guard position + 2 <= scalars.count, scalars[position] == "\\", scalars[position + 1] == "u" else {
                throw error("unpaired surrogate in JSON string")
            }
            position += 2
            let second = try readHex4()
            guard (0xDC00..<0xE000).contains(second),
                  let scalar = Unicode.Scalar(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00))
            else { throw error("unpaired surrogate in JSON string") }
            return scalar
        }
        guard let scalar = Unicode.Scalar(first) else { throw error("unpaired surrogate in JSON string") }
        return scalar
    }

    private mutating func readNumber() throws(SyntaxError) -> Value {
        let start = position
        var isFloat = false
        while position < scalars.count {
            switch scalars[position] {
            case "0"..."9", "-", "+": position += 1
            case ".", "e", "E":
                isFloat = true
                position += 1
            default:
                return try number(from: start, isFloat: isFloat)
            }
        }
        return try number(from: start, isFloat: isFloat)
    }

    private func number(from start: Int, isFloat: Bool) throws(SyntaxError) -> Value {
        let text = String(String.UnicodeScalarView(scalars[start..<position]))
        if !isFloat, let number = Int(text) { return .int(number) }
        if let number = Double(text) { return .double(number) }
        throw SyntaxError(message: "invalid JSON number '\(text)'", offset: start)
    }
}
