import Foundation

/// How templates and conditions see a `Value`: its type's name in messages, its text when a
/// template renders it, and whether it counts as true.
extension Value {
    /// The type's name as messages print it: "string", "int", "float", "bool", "list", "map", "null".
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "bool"
        case .int: "int"
        case .double: "float"
        case .string: "string"
        case .list: "list"
        case .map: "map"
        }
    }

    /// The text a template puts in place of `{{ value }}`: strings as they are, numbers in decimal,
    /// booleans as `true`/`false`, null as the empty string, lists and maps as compact JSON.
    public var renderedText: String {
        switch self {
        case .null: ""
        case .bool(let flag): flag ? "true" : "false"
        case .int(let number): String(number)
        case .double(let number): Value.formatDouble(number)
        case .string(let text): text
        case .list, .map: JSONWriter.encode(self)
        }
    }

    /// Jinja's truthiness, used by `default(x, true)` and by `and`/`or`/`not` operands: false, null,
    /// zero, "" and empty lists and maps are false; everything else is true.
    public var isTruthy: Bool {
        switch self {
        case .null: false
        case .bool(let flag): flag
        case .int(let number): number != 0
        case .double(let number): number != 0
        case .string(let text): !text.isEmpty
        case .list(let items): !items.isEmpty
        case .map(let map): !map.isEmpty
        }
    }

    /// A short description for error messages: the type and, for scalars, the value
    /// (`string "abc"`, `int 3`, `list of 2 items`).
    var describedForError: String {
        switch self {
        case .null: "null"
        case .bool(let flag): "bool \(flag)"
        case .int(let number): "int \(number)"
        case .double(let number): "float \(Value.formatDouble(number))"
        case .string(let text):
            "string \"\(text.count > 40 ? String(text.prefix(40)) + "…" : text)\""
        case .list(let items): "list of \(items.count) item\(items.count == 1 ? "" : "s")"
        case .map(let map): "map of \(map.count) key\(map.count == 1 ? "" : "s")"
        }
    }

    /// Every string held anywhere inside this value, depth first (used to find secrets).
    func forEachString(_ body: (String) -> Void) {
        switch self {
        case .string(let text): body(text)
        case .list(let items): for item in items { item.forEachString(body) }
        case .map(let map): for (_, item) in map.pairs { item.forEachString(body) }
        case .null, .bool, .int, .double: break
        }
    }

    /// `2.0` rather than `2`, and no exponent for ordinary magnitudes, as YAML and Python print floats.
    static func formatDouble(_ number: Double) -> String {
        if number.isNaN { return "nan" }
        if number.isInfinite { return number < 0 ? "-inf" : "inf" }
        if number == number.rounded(), abs(number) < 1e16 {
            return String(format: "%.1f", number)
        }
        return String(number)
    }
}
