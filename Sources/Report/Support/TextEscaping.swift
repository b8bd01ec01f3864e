/// Turning bytes and strings from hosts (which may be hostile) into text that is safe to show or embed.
public enum TextEscaping {
    /// Decodes UTF-8, showing each invalid byte as `\xNN` and each control character but tab as
    /// `\xNN`, so nothing a host prints can move the cursor or corrupt a terminal.
    public static func display(_ bytes: some Collection<UInt8>) -> String {
        var result = ""
        result.reserveCapacity(bytes.count)
        // Decode one scalar at a time so an invalid sequence costs exactly one shown byte.
        var rest = Array(bytes)[...]
        while let first = rest.first {
            var iterator = rest.makeIterator()
            var decoder = UTF8()
            if case .scalarValue(let scalar) = decoder.decode(&iterator) {
                appendVisible(scalar, to: &result)
                rest = rest.dropFirst(UTF8.width(scalar))
            } else {
                result += hex(first)
                rest = rest.dropFirst()
            }
        }
        return result
    }

    /// Makes an already decoded string safe for a terminal line (escapes controls but tab).
    public static func display(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars { appendVisible(scalar, to: &result) }
        return result
    }

    /// A message of several lines (a reason, then its explanation) made safe line by line: the
    /// first line as it is, each later one indented by two spaces under it.
    public static func displayIndented(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            .map { index, line in (index == 0 ? "" : "  ") + display(String(line)) }
            .joined(separator: "\n")
    }

    private static func appendVisible(_ scalar: Unicode.Scalar, to result: inout String) {
        let value = scalar.value
        if value == 0x09 || (value >= 0x20 && value != 0x7F && !(0x80...0x9F).contains(value)) {
            result.unicodeScalars.append(scalar)
        } else if value < 0x100 {
            result += hex(UInt8(value))
        } else {
            result.unicodeScalars.append(scalar)
        }
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return "\\x" + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0xF)])
    }

    /// Decodes UTF-8 with U+FFFD for invalid bytes (for reports that keep newlines).
    public static func lossy(_ bytes: [UInt8]) -> String {
        String(decoding: bytes, as: UTF8.self)
    }

    /// Escapes text for XML 1.0 content and attribute values: the five markup characters, and every
    /// control character (C0 but tab/LF/CR, which are written as character references, and DEL) as a visible
    /// `\xNN`; U+FFFE and U+FFFF, which XML 1.0 forbids, become U+FFFD.
    public static func xml(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            case "\n": result += "&#10;"
            case "\r": result += "&#13;"
            case "\t": result += "&#9;"
            default:
                let value = scalar.value
                if value == 0xFFFE || value == 0xFFFF {
                    result += "\u{FFFD}"
                } else if value < 0x20 || value == 0x7F {
                    result += hex(UInt8(value))
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result
    }

    /// Like `xml`, but keeps newlines literal: for element content (tails) where line breaks matter.
    public static func xmlContent(_ text: String) -> String {
        xml(text).replacingOccurrences(of: "&#10;", with: "\n")
    }

    /// Escapes text for HTML content and quoted attribute values.
    public static func html(_ text: String) -> String {
        xml(text).replacingOccurrences(of: "&apos;", with: "&#39;")
    }
}
