import Foundation

/// ISO 8601 times in UTC, written by hand: Foundation's `ISO8601DateFormatter` goes through ICU on
/// Linux, which costs about 5 MB of resident memory and a formatter set-up per call for text that
/// `gmtime_r` gives for free.
public enum UTCTimestamp {
    /// `2026-11-26T10:00:00Z`, or with `milliseconds` `2026-11-26T10:00:00.000Z`.
    public static func iso8601(_ date: Date, milliseconds: Bool = false) -> String {
        let millis = Int64((date.timeIntervalSince1970 * 1000).rounded(milliseconds ? .toNearestOrAwayFromZero : .down))
        let seconds = millis >= 0 ? millis / 1000 : (millis - 999) / 1000
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        var text = padded(Int(parts.tm_year) + 1900, 4) + "-" + padded(Int(parts.tm_mon) + 1, 2) + "-"
            + padded(Int(parts.tm_mday), 2) + "T" + padded(Int(parts.tm_hour), 2) + ":" + padded(Int(parts.tm_min), 2)
            + ":" + padded(Int(parts.tm_sec), 2)
        if milliseconds { text += "." + padded(Int(millis - seconds * 1000), 3) }
        return text + "Z"
    }

    private static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
