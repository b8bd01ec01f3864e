import Foundation

/// How pbrun prints a number of seconds, in each place it prints one. One implementation, with a
/// named style per place where the outputs truly differ (their tests and golden files pin them).
/// Playbook-written durations (`1h30m`, `250ms`) are `DurationText`, which also parses them.
public enum SecondsText {
    /// A way of printing seconds.
    public enum Style: Sendable {
        /// For people, at one decimal below a minute: `1.2s`, `2m03s`, `1h02m` (console, recaps,
        /// the HTML and Markdown reports).
        case human
        /// As short as it gets, no zero parts: `0.5s`, `45s`, `2m`, `1m30s`, `1h`, `1h30m` (the HTML
        /// timeline's axis).
        case compact
        /// The number as written, no trailing `.0`, then `s`: `1.5s`, `30s` (plan timeouts, delays).
        case plain
        /// A fixed count of decimals, then `unit`: `0.250s`, `0.25 s`, or `0.250` for a unit of
        /// "" (HTML tooltips, the exec summary, JUnit's `time`).
        case fixed(decimals: Int, unit: String)
        /// In milliseconds at one decimal, no unit: `12.3` (exec's median timings line).
        case milliseconds
    }

    /// `seconds` printed in `style`.
    public static func format(_ seconds: Double, _ style: Style) -> String {
        switch style {
        case .human:
            if seconds < 60 { return String(format: "%.1fs", seconds) }
            let whole = Int(seconds.rounded())
            if whole < 3600 { return String(format: "%dm%02ds", whole / 60, whole % 60) }
            return String(format: "%dh%02dm", whole / 3600, (whole % 3600) / 60)
        case .compact:
            if seconds < 60 { return PlanPrinter.number(seconds) + "s" }
            let whole = Int(seconds.rounded())
            if whole < 3600 { return "\(whole / 60)m" + (whole % 60 == 0 ? "" : "\(whole % 60)s") }
            return "\(whole / 3600)h" + (whole % 3600 == 0 ? "" : "\((whole % 3600) / 60)m")
        case .plain:
            return PlanPrinter.number(seconds) + "s"
        case .fixed(let decimals, let unit):
            return String(format: "%.\(decimals)f", seconds) + unit
        case .milliseconds:
            return String(format: "%.1f", seconds * 1000)
        }
    }

}
