/// JSON read into `Value` keeping ints and floats apart (`1` is an int, `1.0` a float, as Python's
/// `json` module reads them), and `Value` written as Python's `json.dumps(sort_keys=True, indent=4)`
/// writes it, so `pbrun hosts --list` can be diffed against `ansible-inventory --list`.
public enum JSONText {
    /// Why a text is not JSON: the message and the 1-based line and column.
    public struct Failure: Error, Equatable {
        /// What is wrong.
        public let message: String
        /// Where, 1-based.
        public let line: Int
        /// Where, 1-based, in characters.
        public let column: Int
    }

    /// The value of a JSON text.
    public static func parse(_ text: String) throws(Failure) -> Value {
        var reader = Reader(bytes: Array(text.utf8))
        reader.skipSpace()
        let value = try reader.value(depth: 0)
        reader.skipSpace()
        guard reader.index == reader.bytes.count else { throw reader.failure("extra data after the JSON value") }
        return value
    }

    /// `value` as Python's `json.dumps(value, sort_keys=True, indent=4, ensure_ascii=False)`.
    /// Written without recursion and in time linear in the output, however deep or wide the value.
    public static func write(_ value: Value, indent: Int = 4) -> String {
        var writer = Writer(indent: indent)
        writer.write(value)
        return writer.out
    }

    /// Writes a value with an explicit stack of the lists and maps still open.
    private struct Writer {
        let indent: Int
        var out = ""
        /// The padding of each level, made once per level rather than once per item.
        private var pads: [String] = [""]

        /// A list or map being written and the index of its next item.
        private enum Open {
            case list([Value], next: Int)
            case map(Value.OrderedMap, keys: [String], next: Int)
        }

        init(indent: Int) {
            self.indent = indent
        }

        private mutating func pad(_ level: Int) -> String {
            while pads.count <= level { pads.append(String(repeating: " ", count: pads.count * indent)) }
            return pads[level]
        }

        mutating func write(_ root: Value) {
            var open: [Open] = []
            var pending: Value? = root
            while true {
                if let value = pending {
                    pending = nil
                    switch value {
                    case .null: out += "null"
                    case .bool(let flag): out += flag ? "true" : "false"
                    case .int(let number): out += String(number)
                    case .double(let number): out += pythonFloat(number)
                    case .string(let text): out += quoted(text)
                    case .list(let items) where items.isEmpty: out += "[]"
                    case .map(let map) where map.isEmpty: out += "{}"
                    case .list(let items):
                        out += "[\n"
                        open.append(.list(items, next: 0))
                    case .map(let map):
                        out += "{\n"
                        open.append(.map(map, keys: map.keys.sorted(), next: 0))
                    }
                }
                guard let top = open.popLast() else { return }
                // The items of `top` sit one level deeper than the lists and maps around it.
                let level = open.count + 1
                switch top {
                case .list(let items, let next):
                    if next > 0 { out += next == items.count ? "\n" : ",\n" }
                    if next == items.count {
                        out += pad(level - 1) + "]"
                    } else {
                        out += pad(level)
                        pending = items[next]
                        open.append(.list(items, next: next + 1))
                    }
                case .map(let map, let keys, let next):
                    if next > 0 { out += next == keys.count ? "\n" : ",\n" }
                    if next == keys.count {
                        out += pad(level - 1) + "}"
                    } else {
                        out += pad(level) + quoted(keys[next]) + ": "
                        pending = map[keys[next]] ?? .null
                        open.append(.map(map, keys: keys, next: next + 1))
                    }
                }
            }
        }
    }

    /// Python's `repr(float)`: `1.0`, `0.5`, `1e+16`, `1e-05`, `Infinity`, `NaN`.
    public static func pythonFloat(_ number: Double) -> String {
        if number.isNaN { return "NaN" }
        if number.isInfinite { return number < 0 ? "-Infinity" : "Infinity" }
        var text = "\(number)"
        if let e = text.firstIndex(of: "e") {
            var exponent = String(text[text.index(after: e)...])
            var mantissa = String(text[..<e])
            if mantissa.hasSuffix(".0") { mantissa.removeLast(2) }
            let sign = exponent.hasPrefix("-") ? "-" : "+"
            exponent = String(exponent.drop { $0 == "-" || $0 == "+" })
            if exponent.count < 2 { exponent = "0" + exponent }
            text = mantissa + "e" + sign + exponent
        }
        return text
    }

    /// A JSON string literal, escaping what Python's encoder escapes with `ensure_ascii=False`.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    // MARK: - Reading

    private struct Reader {
        let bytes: [UInt8]
        var index = 0

        func failure(_ message: String) -> Failure {
            var line = 1, column = 1
            for byte in bytes[..<min(index, bytes.count)] {
                if byte == UInt8(ascii: "\n") {
                    line += 1
                    column = 1
                } else if byte & 0xC0 != 0x80 {
                    column += 1
                }
            }
            return Failure(message: message, line: line, column: column)
        }

        mutating func skipSpace() {
            while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        }

        mutating func value(depth: Int) throws(Failure) -> Value {
            guard depth < InputLimits.maximumDepth else {
                throw failure("JSON is nested too deeply (more than \(InputLimits.maximumDepth) levels)")
            }
            guard index < bytes.count else { throw failure("unexpected end of JSON") }
            switch bytes[index] {
            case UInt8(ascii: "{"):
                index += 1
                var map = Value.OrderedMap()
                skipSpace()
                if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
                    index += 1
                    return .map(map)
                }
                while true {
                    skipSpace()
                    guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                        throw failure("expected a string key in a JSON object")
                    }
                    let key = try string()
                    skipSpace()
                    try expect(":")
                    skipSpace()
                    map[key] = try value(depth: depth + 1)
                    skipSpace()
                    if try separator(closing: "}") { return .map(map) }
                }
            case UInt8(ascii: "["):
                index += 1
                var items: [Value] = []
                skipSpace()
                if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
                    index += 1
                    return .list(items)
                }
                while true {
                    skipSpace()
                    items.append(try value(depth: depth + 1))
                    skipSpace()
                    if try separator(closing: "]") { return .list(items) }
                }
            case UInt8(ascii: "\""):
                return .string(try string())
            case UInt8(ascii: "t"):
                try word("true")
                return .bool(true)
            case UInt8(ascii: "f"):
                try word("false")
                return .bool(false)
            case UInt8(ascii: "n"):
                try word("null")
                return .null
            case UInt8(ascii: "N"):
                try word("NaN")
                return .double(.nan)
            case UInt8(ascii: "I"):
                try word("Infinity")
                return .double(.infinity)
            default:
                return try number()
            }
        }

        /// After an item: true at the closing bracket, false after a comma.
        mutating func separator(closing: Character) throws(Failure) -> Bool {
            guard index < bytes.count else { throw failure("unexpected end of JSON") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                return false
            }
            if bytes[index] == closing.asciiValue {
                index += 1
                return true
            }
            throw failure("expected ',' or '\(closing)'")
        }

        mutating func expect(_ char: Character) throws(Failure) {
            guard index < bytes.count, bytes[index] == char.asciiValue else { throw failure("expected '\(char)'") }
            index += 1
        }

        mutating func word(_ text: String) throws(Failure) {
            let utf8 = Array(text.utf8)
            guard index + utf8.count <= bytes.count, Array(bytes[index..<index + utf8.count]) == utf8 else {
                throw failure("unexpected character in JSON")
            }
            index += utf8.count
        }

        mutating func number() throws(Failure) -> Value {
            let start = index
            var isFloat = false
            if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
            if index + 8 <= bytes.count, String(decoding: bytes[index..<index + 8], as: UTF8.self) == "Infinity" {
                index += 8
                return .double(-.infinity)
            }
            while index < bytes.count {
                let byte = bytes[index]
                if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                    index += 1
                } else if byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
                            || ((byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")) && isFloat) {
                    isFloat = true
                    index += 1
                } else {
                    break
                }
            }
            let text = String(decoding: bytes[start..<index], as: UTF8.self)
            if !isFloat, let number = Int(text) { return .int(number) }
            if let number = Double(text), text != "-", !text.isEmpty { return .double(number) }
            index = start
            throw failure("unexpected character in JSON")
        }

        mutating func string() throws(Failure) -> String {
            index += 1
            var scalars = String.UnicodeScalarView()
            var chunkStart = index
            func flush(_ end: Int) {
                scalars.append(contentsOf: String(decoding: bytes[chunkStart..<end], as: UTF8.self).unicodeScalars)
            }
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    flush(index)
                    index += 1
                    return String(scalars)
                }
                if byte == UInt8(ascii: "\\") {
                    flush(index)
                    index += 1
                    guard index < bytes.count else { break }
                    let escape = bytes[index]
                    index += 1
                    switch escape {
                    case UInt8(ascii: "n"): scalars.append("\n")
                    case UInt8(ascii: "t"): scalars.append("\t")
                    case UInt8(ascii: "r"): scalars.append("\r")
                    case UInt8(ascii: "b"): scalars.append("\u{08}")
                    case UInt8(ascii: "f"): scalars.append("\u{0C}")
                    case UInt8(ascii: "u"):
                        var code = try hex4()
                        if (0xD800..<0xDC00).contains(code), index + 1 < bytes.count,
                           bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") {
                            index += 2
                            let low = try hex4()
                            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                        }
                        scalars.append(Unicode.Scalar(code) ?? "\u{FFFD}")
                    default: scalars.append(Unicode.Scalar(escape))
                    }
                    chunkStart = index
                    continue
                }
                index += 1
            }
            throw failure("unterminated string in JSON")
        }

        mutating func hex4() throws(Failure) -> UInt32 {
            guard index + 4 <= bytes.count,
                  let code = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16) else {
                throw failure("bad \\u escape in JSON")
            }
            index += 4
            return code
        }
    }
}
