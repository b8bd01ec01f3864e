/// TOML's unquoted values by shape: `true`/`false`, integers (`1_000`, `0xff`, `0o17`, `0b101`),
/// floats (`3.5`, `1e6`, `inf`, `nan`) and dates and times. Python's tomllib makes `date`, `datetime`
/// and `time` objects of those, which `ansible-inventory --list` prints with `isoformat()`; pbrun has
/// no date type, so the value is that ISO text (`1979-05-27T07:32:00+00:00`, as for YAML timestamps).
enum TOMLScalar {
    static func value(of word: String) -> Value? {
        switch word {
        case "true": return .bool(true)
        case "false": return .bool(false)
        case "inf", "+inf": return .double(.infinity)
        case "-inf": return .double(-.infinity)
        case "nan", "+nan", "-nan": return .double(.nan)
        default: break
        }
        let bytes = Array(word.utf8)
        if isDate(bytes[...]) || isTime(bytes[...]) {
            guard isDateTime(bytes) else { return nil }
            let zoned = word.hasSuffix("z") ? String(word.dropLast()) + "Z" : word
            return (isDate(bytes[...]) ? YAMLTimestamp.isoText(zoned) : localTime(bytes)).map(Value.string)
        }
        if bytes.count > 2, bytes[0] == UInt8(ascii: "0"), let radix = [UInt8(ascii: "x"): 16, UInt8(ascii: "o"): 8,
                                                                        UInt8(ascii: "b"): 2][bytes[1]] {
            let digits = bytes[2...]
            guard isDigitGroups(digits, radix: radix) else { return nil }
            return Int(String(decoding: digits.filter { $0 != UInt8(ascii: "_") }, as: UTF8.self), radix: radix).map(Value.int)
        }
        return decimal(bytes)
    }

    /// `[+-]int`, `[+-]int.frac`, `[+-]int[.frac]e[+-]exp`; no leading zeros, `_` only between digits.
    private static func decimal(_ bytes: [UInt8]) -> Value? {
        var body = bytes[...]
        if let sign = body.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { body = body.dropFirst() }
        let exponentAt = body.firstIndex { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }
        let mantissa = body[..<(exponentAt ?? body.endIndex)]
        let dotAt = mantissa.firstIndex(of: UInt8(ascii: "."))
        let integer = mantissa[..<(dotAt ?? mantissa.endIndex)]
        guard isDigitGroups(integer, radix: 10), integer.count == 1 || integer.first != UInt8(ascii: "0") else { return nil }
        if let dotAt, !isDigitGroups(mantissa[(dotAt + 1)...], radix: 10) { return nil }
        if let exponentAt {
            var exponent = body[(exponentAt + 1)...]
            if let sign = exponent.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
                exponent = exponent.dropFirst()
            }
            guard isDigitGroups(exponent, radix: 10) else { return nil }
        }
        let plain = String(decoding: bytes.filter { $0 != UInt8(ascii: "_") }, as: UTF8.self)
        if dotAt == nil, exponentAt == nil { return Int(plain).map(Value.int) }
        return Double(plain).map(Value.double)
    }

    /// Digits of the radix, any two joined by at most one `_`.
    private static func isDigitGroups(_ bytes: ArraySlice<UInt8>, radix: Int) -> Bool {
        guard let first = bytes.first, let last = bytes.last, first != UInt8(ascii: "_"), last != UInt8(ascii: "_")
        else { return false }
        var previousWasUnderscore = false
        for byte in bytes {
            if byte == UInt8(ascii: "_") {
                if previousWasUnderscore { return false }
                previousWasUnderscore = true
                continue
            }
            previousWasUnderscore = false
            guard let digit = TOMLReader.hexDigit(byte), digit < radix else { return false }
        }
        return true
    }

    /// A local time's ISO text as Python prints a `time`: microseconds, six digits, unless zero.
    private static func localTime(_ bytes: [UInt8]) -> String? {
        func number(_ range: Range<Int>) -> Int { bytes[range].reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) } }
        guard number(0..<2) < 24, number(3..<5) < 60, number(6..<8) < 60 else { return nil }
        let clock = String(decoding: bytes[0..<8], as: UTF8.self)
        guard bytes.count > 9 else { return clock }
        let micro = String((String(decoding: bytes[9...], as: UTF8.self) + "000000").prefix(6))
        return micro == "000000" ? clock : clock + "." + micro
    }

    /// Starts like `1979-05-27`.
    static func isDate(_ bytes: ArraySlice<UInt8>) -> Bool {
        matches(bytes.prefix(10), "dddd-dd-dd")
    }

    /// Starts like `07:32:00`.
    static func isTime(_ bytes: ArraySlice<UInt8>) -> Bool {
        matches(bytes.prefix(8), "dd:dd:dd")
    }

    /// A whole local date, local time, local date-time or offset date-time.
    private static func isDateTime(_ bytes: [UInt8]) -> Bool {
        var rest = bytes[...]
        let hasDate = isDate(rest)
        if hasDate {
            rest = rest.dropFirst(10)
            if rest.isEmpty { return true }
            guard let separator = rest.first, [UInt8(ascii: "T"), UInt8(ascii: "t"), UInt8(ascii: " ")].contains(separator)
            else { return false }
            rest = rest.dropFirst()
        }
        guard isTime(rest) else { return false }
        rest = rest.dropFirst(8)
        if rest.first == UInt8(ascii: ".") {
            rest = rest.dropFirst()
            let digits = rest.prefix { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
            guard !digits.isEmpty else { return false }
            rest = rest.dropFirst(digits.count)
        }
        if rest.isEmpty { return true }
        // Only a date-time has a zone.
        guard hasDate else { return false }
        if rest.elementsEqual([UInt8(ascii: "Z")]) || rest.elementsEqual([UInt8(ascii: "z")]) { return true }
        guard let sign = rest.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") else { return false }
        return rest.count == 6 && matches(rest.dropFirst(), "dd:dd")
    }

    /// Whether the bytes have the shape, where `d` is any digit.
    private static func matches(_ bytes: ArraySlice<UInt8>, _ shape: String) -> Bool {
        guard bytes.count == shape.utf8.count else { return false }
        return zip(bytes, shape.utf8).allSatisfy { byte, expected in
            expected == UInt8(ascii: "d") ? (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) : byte == expected
        }
    }
}
