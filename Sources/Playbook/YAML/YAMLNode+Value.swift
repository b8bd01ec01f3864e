extension YAMLNode {
    /// The untyped value, typed as Ansible (PyYAML's YAML 1.1 resolver) types it, for places no
    /// schema describes (variables, inventories): `yes`/`no`/`on`/`off`/`true`/`false` in the three
    /// spellings are booleans, integers include `0x1f`, `0o17`, `017` (octal), `0b101`, `1_000`
    /// and `1:30` (base 60), floats need a dot (`1.5`, `.5`, `1.0e+3`, `.inf`, `.nan`), `~`,
    /// `null` and the empty scalar are null, timestamps become their ISO text (`YAMLTimestamp`), and
    /// quoted or block scalars are always strings.
    /// Mapping keys become their text.
    public func inferredValue() -> Value {
        switch kind {
        case .scalar(let scalar):
            return scalar.inferredValue()
        case .sequence(let items):
            return .list(items.map { $0.inferredValue() })
        case .mapping(let pairs):
            var map = Value.OrderedMap()
            for pair in pairs {
                map[pair.key.scalar?.text ?? pair.key.inferredValue().yamlKeyText] = pair.value.inferredValue()
            }
            return .map(map)
        }
    }
}

extension YAMLScalar {
    /// The scalar typed by its tag, or when plain and untagged by the YAML 1.1 resolver.
    public func inferredValue() -> Value {
        switch tag {
        case YAMLTag.string?: return .string(text)
        case YAMLTag.null?: return .null
        case YAMLTag.bool?: return YAMLResolver.bool(text).map(Value.bool) ?? .string(text)
        case YAMLTag.int?: return YAMLResolver.int(text).map(Value.int) ?? .string(text)
        case YAMLTag.float?:
            return YAMLResolver.float(text).map(Value.double) ?? YAMLResolver.int(text).map { .double(Double($0)) }
                ?? .string(text)
        case YAMLTag.timestamp?: return .string(YAMLTimestamp.isoText(text) ?? text)
        case nil: break
        default: return .string(text)
        }
        guard style == .plain else { return .string(text) }
        if YAMLScalar.nullWords.contains(text) { return .null }
        if let bool = YAMLResolver.bool(text) { return .bool(bool) }
        if let int = YAMLResolver.int(text) { return .int(int) }
        if let double = YAMLResolver.float(text) { return .double(double) }
        if let timestamp = YAMLTimestamp.isoText(text) { return .string(timestamp) }
        return .string(text)
    }
}

extension Value {
    /// A short text for a non-string mapping key.
    fileprivate var yamlKeyText: String {
        switch self {
        case .null: return ""
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .double(let d): return String(d)
        case .string(let s): return s
        case .list, .map: return String(describing: self)
        }
    }
}

/// The YAML 1.1 implicit resolvers PyYAML applies to plain scalars.
enum YAMLResolver {
    private static let trueWords: Set<String> = ["yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"]
    private static let falseWords: Set<String> = ["no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"]

    /// `yes`/`true`/`on` and `no`/`false`/`off`, each lowercase, capitalised or uppercase.
    static func bool(_ text: String) -> Bool? {
        if trueWords.contains(text) { return true }
        if falseWords.contains(text) { return false }
        return nil
    }

    /// Decimal, `0x` hex, `0o` or leading-zero octal, `0b` binary, `_` separators, base-60 `1:30`.
    static func int(_ text: String) -> Int? {
        var body = Substring(text)
        var negative = false
        if let sign = body.first, sign == "-" || sign == "+" {
            negative = sign == "-"
            body = body.dropFirst()
        }
        guard let first = body.first, first.isASCII, first.isNumber else { return nil }
        let magnitude: Int?
        if body.contains(":") {
            magnitude = sexagesimal(body)
        } else if body.hasPrefix("0x") {
            magnitude = digits(body.dropFirst(2), radix: 16)
        } else if body.hasPrefix("0o") {
            magnitude = digits(body.dropFirst(2), radix: 8)
        } else if body.hasPrefix("0b") {
            magnitude = digits(body.dropFirst(2), radix: 2)
        } else if body.hasPrefix("0"), body.count > 1 {
            magnitude = digits(body.dropFirst(), radix: 8)
        } else {
            magnitude = digits(body, radix: 10)
        }
        guard let magnitude else { return nil }
        return negative ? -magnitude : magnitude
    }

    private static func digits(_ text: Substring, radix: Int) -> Int? {
        let cleaned = text.filter { $0 != "_" }
        guard !cleaned.isEmpty, cleaned.allSatisfy({ $0.isASCII && $0.isHexDigit }) else { return nil }
        return Int(cleaned, radix: radix)
    }

    /// `[1-9][0-9_]*(:[0-5]?[0-9])+`, e.g. `1:30` = 90.
    private static func sexagesimal(_ text: Substring) -> Int? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard let head = parts.first, head.first != "0", let first = digits(head, radix: 10) else { return nil }
        var total = first
        for part in parts.dropFirst() {
            guard (1...2).contains(part.count), part.allSatisfy({ $0.isASCII && $0.isNumber }),
                  let value = Int(part), value < 60 else { return nil }
            let (product, overflow) = total.multipliedReportingOverflow(by: 60)
            guard !overflow else { return nil }
            total = product + value
        }
        return total
    }

    /// PyYAML's float forms: a dot is required (`1.`, `1.5`, `.5`, `1.5e+3`), plus `.inf`,
    /// `-.inf` and `.nan` in their three spellings.
    static func float(_ text: String) -> Double? {
        var body = Substring(text)
        var sign = 1.0
        if let first = body.first, first == "-" || first == "+" {
            sign = first == "-" ? -1 : 1
            body = body.dropFirst()
        }
        if [".inf", ".Inf", ".INF"].contains(body) { return sign * .infinity }
        if [".nan", ".NaN", ".NAN"].contains(text) { return .nan }
        guard let dot = body.firstIndex(of: ".") else { return nil }
        let whole = body[..<dot]
        var rest = body[body.index(after: dot)...]
        var exponent: Substring = ""
        if let e = rest.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = rest[rest.index(after: e)...]
            rest = rest[..<e]
            guard let signChar = exponent.first, signChar == "+" || signChar == "-",
                  exponent.count > 1, exponent.dropFirst().allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        }
        let isDigitOrUnderscore: (Character) -> Bool = { ($0.isASCII && $0.isNumber) || $0 == "_" }
        guard whole.allSatisfy(isDigitOrUnderscore), rest.allSatisfy(isDigitOrUnderscore) else { return nil }
        if whole.isEmpty {
            // `.5` needs a digit right after the dot.
            guard let first = rest.first, first.isNumber else { return nil }
        } else if whole.first == "_" {
            return nil
        }
        let number = (whole.isEmpty ? "0" : whole.filter { $0 != "_" }) + "." + rest.filter { $0 != "_" }
            + (exponent.isEmpty ? "" : "e" + exponent)
        return Double(number).map { sign * $0 }
    }
}
