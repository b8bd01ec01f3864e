import Foundation
import Playbook

/// A JSON value with object keys in the order they were written, so reports are deterministic and can
/// be compared with golden files.
public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    /// A number written with at most six decimals (seconds to the microsecond).
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        lhs.serialized() == rhs.serialized()
    }

    /// A string, or null when absent.
    static func optional(_ text: String?) -> JSONValue { text.map(JSONValue.string) ?? .null }
    /// A number, or null when absent.
    static func optional(_ number: Double?) -> JSONValue { number.map(JSONValue.number) ?? .null }
    /// An integer, or null when absent.
    static func optional(_ number: Int32?) -> JSONValue { number.map { .int(Int($0)) } ?? .null }
    /// A timestamp (`ReportTime.iso8601`), or null when absent.
    static func optional(_ date: Date?) -> JSONValue { date.map { .string(ReportTime.iso8601($0)) } ?? .null }

    /// The compact serialization (one line: suitable for JSON Lines).
    public func serialized() -> String {
        var out = ""
        write(to: &out, indent: nil, level: 0)
        return out
    }

    /// The serialization with two-space indentation and a final newline.
    public func pretty() -> String {
        var out = ""
        write(to: &out, indent: "  ", level: 0)
        return out + "\n"
    }

    private func write(to out: inout String, indent: String?, level: Int) {
        switch self {
        case .null: out += "null"
        case .bool(let value): out += value ? "true" : "false"
        case .int(let value): out += String(value)
        case .number(let value): out += Self.format(value)
        case .string(let value): Self.quote(value, into: &out)
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += "," }
                Self.newline(&out, indent, level + 1)
                item.write(to: &out, indent: indent, level: level + 1)
            }
            Self.newline(&out, indent, level)
            out += "]"
        case .object(let pairs):
            if pairs.isEmpty { out += "{}"; return }
            out += "{"
            for (index, (key, value)) in pairs.enumerated() {
                if index > 0 { out += "," }
                Self.newline(&out, indent, level + 1)
                Self.quote(key, into: &out)
                out += indent == nil ? ":" : ": "
                value.write(to: &out, indent: indent, level: level + 1)
            }
            Self.newline(&out, indent, level)
            out += "}"
        }
    }

    private static func newline(_ out: inout String, _ indent: String?, _ level: Int) {
        guard let indent else { return }
        out += "\n" + String(repeating: indent, count: level)
    }

    private static func format(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        var text = String(format: "%.6f", value)
        while text.hasSuffix("0") { text.removeLast() }
        return text
    }

    /// Escapes over the UTF-8 bytes, copying runs that need nothing in bulk: step records quote
    /// output tails, and a per-character append made this the busiest part of `--output-dir`.
    private static func quote(_ text: String, into out: inout String) {
        let source = Array(text.utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(source.count + 2)
        bytes.append(UInt8(ascii: "\""))
        var index = 0
        while index < source.count {
            let byte = source[index]
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                bytes.append(UInt8(ascii: "\\"))
                bytes.append(byte)
            case UInt8(ascii: "\n"): bytes += escapedNewline
            case UInt8(ascii: "\r"): bytes += escapedReturn
            case UInt8(ascii: "\t"): bytes += escapedTab
            case 0..<0x20, 0x7F:
                bytes += Array("\\u00".utf8) + [hexDigit(byte >> 4), hexDigit(byte & 0xF)]
            case 0xE2 where index + 2 < source.count && source[index + 1] == 0x80
                && (source[index + 2] == 0xA8 || source[index + 2] == 0xA9):
                // U+2028 and U+2029 end lines in JavaScript; escaped so reports embed safely in HTML.
                bytes += Array((source[index + 2] == 0xA8 ? "\\u2028" : "\\u2029").utf8)
                index += 2
            default:
                bytes.append(byte)
            }
            index += 1
        }
        bytes.append(UInt8(ascii: "\""))
        out += String(decoding: bytes, as: UTF8.self)
    }

    private static let escapedNewline = Array("\\n".utf8)
    private static let escapedReturn = Array("\\r".utf8)
    private static let escapedTab = Array("\\t".utf8)

    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") + value - 10
    }
}

/// How reports write times: UTC ISO 8601 with milliseconds, and durations in seconds.
public enum ReportTime {
    /// `2026-11-26T10:00:00.000Z`.
    public static func iso8601(_ date: Date) -> String {
        UTCTimestamp.iso8601(date, milliseconds: true)
    }

    /// `1.234s`, `2m03s`, `1h02m` for people.
    public static func human(_ seconds: Double) -> String {
        SecondsText.format(seconds, .human)
    }
}
