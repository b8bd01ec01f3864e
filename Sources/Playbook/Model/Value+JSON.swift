extension Value {
    /// The value as JSON text, keys in their stored order; `pretty` indents by two spaces per level.
    /// (Non-finite doubles, which JSON cannot hold, are written as null.)
    public func jsonText(pretty: Bool = false) -> String {
        var out = ""
        writeJSON(into: &out, pretty: pretty, indent: 0)
        return out
    }

    private func writeJSON(into out: inout String, pretty: Bool, indent: Int) {
        switch self {
        case .null: out += "null"
        case .bool(let value): out += value ? "true" : "false"
        case .int(let value): out += String(value)
        case .double(let value): out += value.isFinite ? String(value) : "null"
        case .string(let value): Value.writeJSONString(value, into: &out)
        case .list(let items):
            guard !items.isEmpty else { out += "[]"; return }
            out += "["
            for (position, item) in items.enumerated() {
                if position > 0 { out += "," }
                Value.newline(&out, pretty: pretty, indent: indent + 1)
                item.writeJSON(into: &out, pretty: pretty, indent: indent + 1)
            }
            Value.newline(&out, pretty: pretty, indent: indent)
            out += "]"
        case .map(let map):
            guard !map.isEmpty else { out += "{}"; return }
            out += "{"
            for (position, pair) in map.pairs.enumerated() {
                if position > 0 { out += "," }
                Value.newline(&out, pretty: pretty, indent: indent + 1)
                Value.writeJSONString(pair.key, into: &out)
                out += pretty ? ": " : ":"
                pair.value.writeJSON(into: &out, pretty: pretty, indent: indent + 1)
            }
            Value.newline(&out, pretty: pretty, indent: indent)
            out += "}"
        }
    }

    private static func newline(_ out: inout String, pretty: Bool, indent: Int) {
        guard pretty else { return }
        out += "\n" + String(repeating: "  ", count: indent)
    }

    /// `text` as a JSON string literal.
    static func writeJSONString(_ text: String, into out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
