/// A YAML 1.1 timestamp (`2017-03-07`, `2017-03-07T10:20:49Z`, `2001-12-14 21:59:43.10 -5`), read
/// as PyYAML's resolver and `construct_yaml_timestamp` read it. Ansible turns such a plain scalar
/// into a Python `date` or `datetime`, which `ansible-inventory --list` prints with `isoformat()`;
/// pbrun has no date type, so the value is that ISO text (`2017-03-07T10:20:49+00:00`).
enum YAMLTimestamp {
    /// The ISO text of a timestamp scalar, or nil when `text` is none (or names no real date).
    static func isoText(_ text: String) -> String? {
        var scanner = Scanner(Array(text.utf8))
        guard let year = scanner.digits(4...4), scanner.skip("-"),
              let month = scanner.digits(1...2), scanner.skip("-"),
              let day = scanner.digits(1...2) else { return nil }
        guard (1...12).contains(month.value), (1...daysIn(month.value, of: year.value)).contains(day.value)
        else { return nil }
        let date = pad(year.value, 4) + "-" + pad(month.value, 2) + "-" + pad(day.value, 2)
        if scanner.atEnd { return month.width == 2 && day.width == 2 ? date : nil }
        // The time: `T`/`t` or blanks, then H:MM:SS with an optional fraction and zone.
        if !scanner.skip("T"), !scanner.skip("t"), scanner.skipBlanks() == 0 { return nil }
        guard let hour = scanner.digits(1...2), scanner.skip(":"), let minute = scanner.digits(2...2),
              scanner.skip(":"), let second = scanner.digits(2...2),
              hour.value < 24, minute.value < 60, second.value < 60 else { return nil }
        var result = date + "T" + pad(hour.value, 2) + ":" + pad(minute.value, 2) + ":" + pad(second.value, 2)
        if scanner.skip(".") {
            // Python keeps microseconds: the first six digits, padded; zero is not printed.
            let fraction = scanner.digitText()
            let micro = String((fraction + "000000").prefix(6))
            if micro != "000000" { result += "." + micro }
        }
        scanner.skipBlanks()
        if scanner.atEnd { return result }
        if scanner.skip("Z") { return scanner.atEnd ? result + "+00:00" : nil }
        let sign = scanner.skip("+") ? "+" : scanner.skip("-") ? "-" : nil
        guard let sign, let zoneHour = scanner.digits(1...2) else { return nil }
        var zoneMinute = 0
        if scanner.skip(":") {
            guard let minutes = scanner.digits(2...2) else { return nil }
            zoneMinute = minutes.value
        }
        // Python's timezone refuses offsets of a day or more, and a zero offset prints as +00:00.
        guard scanner.atEnd, zoneHour.value < 24, zoneMinute < 60 else { return nil }
        let zeroOffset = zoneHour.value == 0 && zoneMinute == 0
        return result + (zeroOffset ? "+" : sign) + pad(zoneHour.value, 2) + ":" + pad(zoneMinute, 2)
    }

    private static func daysIn(_ month: Int, of year: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    private static func pad(_ number: Int, _ width: Int) -> String {
        let digits = String(number)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// A cursor over the scalar's bytes.
    private struct Scanner {
        let bytes: [UInt8]
        var position = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        var atEnd: Bool { position == bytes.count }

        mutating func skip(_ character: Unicode.Scalar) -> Bool {
            guard position < bytes.count, bytes[position] == UInt8(ascii: character) else { return false }
            position += 1
            return true
        }

        @discardableResult
        mutating func skipBlanks() -> Int {
            let start = position
            while position < bytes.count, bytes[position] == 0x20 || bytes[position] == 0x09 { position += 1 }
            return position - start
        }

        /// Between `widths.lowerBound` and `widths.upperBound` digits, with their value and count.
        mutating func digits(_ widths: ClosedRange<Int>) -> (value: Int, width: Int)? {
            let start = position
            var value = 0
            while position < bytes.count, position - start < widths.upperBound,
                  (0x30...0x39).contains(bytes[position]) {
                value = value * 10 + Int(bytes[position] - 0x30)
                position += 1
            }
            guard widths.contains(position - start) else {
                position = start
                return nil
            }
            return (value, position - start)
        }

        /// Every digit from here on, as text.
        mutating func digitText() -> String {
            let start = position
            while position < bytes.count, (0x30...0x39).contains(bytes[position]) { position += 1 }
            return String(decoding: bytes[start..<position], as: UTF8.self)
        }
    }
}
