/// Writes a `Value` as compact JSON, keeping map keys in their order (Foundation's
/// `JSONSerialization` does not keep order, and templates' `to_json` output must be stable).
public enum JSONWriter {
    /// The compact JSON text of `value`: `{"a":1,"b":[true,null]}`. NaN and infinities, which JSON
    /// cannot hold, are written as `null`.
    public static func encode(_ value: Value) -> String {
        var output = ""
        write(value, into: &output)
        return output
    }

    /// `text` as a JSON string literal, with its quotes.
    public static func quoted(_ text: String) -> String {
        var output = ""
        writeString(text, into: &output)
        return output
    }

    private static func write(_ value: Value, into output: inout String) {
        switch value {
        case .null: output += "null"
        case .bool(let flag): output += flag ? "true" : "false"
        case .int(let number): output += String(number)
        case .double(let number):
            output += number.isFinite ? (number == number.rounded() && abs(number) < 1e16
                ? Value.formatDouble(number) : String(number)) : "null"
        case .string(let text): writeString(text, into: &output)
        case .list(let items):
            output += "["
            for (index, item) in items.enumerated() {
                if index > 0 { output += "," }
                write(item, into: &output)
            }
            output += "]"
        case .map(let map):
            output += "{"
            for (index, pair) in map.pairs.enumerated() {
                if index > 0 { output += "," }
                writeString(pair.key, into: &output)
                output += ":"
                write(pair.value, into: &output)
            }
            output += "}"
        }
    }

    private static func writeString(_ text: String, into output: inout String) {
        output += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }
}
