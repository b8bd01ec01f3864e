/// Durations as playbooks write them: a whole number of seconds (`30`), or whole numbers with
/// units from largest to smallest, each at most once: `30s`, `5m`, `1h30m`, `250ms`, `2m30s`.
public enum DurationText {
    private static let units: [(suffix: String, milliseconds: Int)] = [
        ("h", 3_600_000), ("ms", 1), ("m", 60_000), ("s", 1_000),
    ]
    /// The order units must come in.
    private static let rank: [String: Int] = ["h": 0, "m": 1, "s": 2, "ms": 3]

    /// The longest duration a playbook may give: 8760h (365 days). Longer ones are surely mistakes,
    /// and every duration must stay far from overflowing the nanosecond clocks that wait for it.
    public static let maximum: Duration = .seconds(365 * 24 * 3600)

    /// What a text reads as: a duration, a duration longer than `maximum`, or not a duration.
    public enum Reading: Equatable, Sendable {
        /// A duration of at most `maximum`.
        case duration(Duration)
        /// A well-formed duration longer than `maximum` (however long, even past `Int.max` ms).
        case tooLong
        /// Not a duration.
        case invalid
    }

    /// The duration `text` names, or nil when it is not one or is longer than `maximum`.
    public static func parse(_ text: String) -> Duration? {
        if case .duration(let duration) = read(text) { return duration }
        return nil
    }

    /// What `text` names, telling a duration that is too long apart from a text that is none.
    public static func read(_ text: String) -> Reading {
        let limit = Int(maximum.components.seconds) * 1000
        if let seconds = Int(text), seconds >= 0 {
            return seconds <= limit / 1000 ? .duration(.seconds(seconds)) : .tooLong
        }
        if !text.isEmpty, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) { return .tooLong }
        var rest = Substring(text)
        var total = 0
        var lastRank = -1
        var tooLong = false
        guard !rest.isEmpty else { return .invalid }
        while !rest.isEmpty {
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty else { return .invalid }
            rest = rest.dropFirst(digits.count)
            guard let unit = units.first(where: { rest.hasPrefix($0.suffix) }),
                  let unitRank = rank[unit.suffix], unitRank > lastRank else { return .invalid }
            lastRank = unitRank
            rest = rest.dropFirst(unit.suffix.count)
            // Past the limit the sum is no longer needed, only that the text is well formed.
            guard !tooLong, let number = Int(digits), number <= limit / unit.milliseconds else {
                tooLong = true
                continue
            }
            total += number * unit.milliseconds
            if total > limit { tooLong = true }
        }
        return tooLong ? .tooLong : .duration(.milliseconds(total))
    }

    /// The short form of `duration`, e.g. "1h30m", "250ms", "0s".
    public static func format(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        // Whole seconds and milliseconds apart, so no duration overflows on the way to text.
        let parts = [("h", seconds / 3600), ("m", seconds % 3600 / 60), ("s", seconds % 60),
                     ("ms", attoseconds / 1_000_000_000_000_000)]
        let text = parts.filter { $0.1 > 0 }.map { "\($0.1)\($0.0)" }.joined()
        return text.isEmpty ? "0s" : text
    }
}
