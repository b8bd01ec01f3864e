/// Durations as playbooks write them: a whole number of seconds (`30`), or whole numbers with
/// units from largest to smallest, each at most once: `30s`, `5m`, `1h30m`, `250ms`, `2m30s`.
public enum DurationText {
    private static let units: [(suffix: String, milliseconds: Int)] = [
        ("h", 3_600_000), ("ms", 1), ("m", 60_000), ("s", 1_000),
    ]
    /// The order units must come in.
    private static let rank: [String: Int] = ["h": 0, "m": 1, "s": 2, "ms": 3]

    /// The duration `text` names, or nil when it is not one.
    public static func parse(_ text: String) -> Duration? {
        if let seconds = Int(text), seconds >= 0 { return .seconds(seconds) }
        var rest = Substring(text)
        var total = 0
        var lastRank = -1
        guard !rest.isEmpty else { return nil }
        while !rest.isEmpty {
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty, let number = Int(digits) else { return nil }
            rest = rest.dropFirst(digits.count)
            guard let unit = units.first(where: { rest.hasPrefix($0.suffix) }),
                  let unitRank = rank[unit.suffix], unitRank > lastRank else { return nil }
            lastRank = unitRank
            rest = rest.dropFirst(unit.suffix.count)
            let (product, overflow) = number.multipliedReportingOverflow(by: unit.milliseconds)
            guard !overflow else { return nil }
            total += product
        }
        return .milliseconds(total)
    }

    /// The short form of `duration`, e.g. "1h30m", "250ms", "0s".
    public static func format(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        var milliseconds = Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
        if milliseconds == 0 { return "0s" }
        var text = ""
        for (suffix, size) in [("h", 3_600_000), ("m", 60_000), ("s", 1000), ("ms", 1)] where milliseconds >= size {
            text += "\(milliseconds / size)\(suffix)"
            milliseconds %= size
        }
        return text
    }
}
