/// ANSI colour for the console, or none (not a terminal, `NO_COLOR`, `--color never`).
public struct ConsoleStyle: Sendable {
    /// Whether escape sequences are written at all.
    public let color: Bool

    public init(color: Bool) {
        self.color = color
    }

    /// `text` in the colour that stands for `status`.
    public func paint(_ text: String, _ status: StepStatus) -> String {
        switch status {
        case .ok: paint(text, code: "32")
        case .changed: paint(text, code: "33")
        case .skipped: paint(text, code: "36")
        case .failed, .timedOut: paint(text, code: "31;1")
        case .unreachable: paint(text, code: "35;1")
        case .notReached: paint(text, code: "2")
        }
    }

    /// `text` in bold.
    public func bold(_ text: String) -> String { paint(text, code: "1") }

    /// `text` dimmed.
    public func dim(_ text: String) -> String { paint(text, code: "2") }

    private func paint(_ text: String, code: String) -> String {
        color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    /// The word a status is shown as.
    public static func word(_ status: StepStatus) -> String {
        switch status {
        case .ok: "ok"
        case .changed: "changed"
        case .skipped: "skipped"
        case .failed: "FAILED"
        case .timedOut: "TIMED OUT"
        case .unreachable: "UNREACHABLE"
        case .notReached: "not reached"
        }
    }
}
