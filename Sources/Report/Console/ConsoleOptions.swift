import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// How the console reporter shows a run.
public struct ConsoleOptions: Sendable {
    /// Live status area with cursor movement (a terminal), or plain lines (CI logs, pipes).
    public enum Mode: Sendable { case live, plain }
    /// `-q`: only failures and the recap; `-v`: every output line too.
    public enum Verbosity: Int, Sendable, Comparable {
        case quiet, normal, verbose
        public static func < (lhs: Verbosity, rhs: Verbosity) -> Bool { lhs.rawValue < rhs.rawValue }
    }
    /// `--color auto|always|never`.
    public enum ColorChoice: String, Sendable, CaseIterable { case auto, always, never }

    public var mode: Mode
    public var verbosity: Verbosity
    public var color: Bool
    /// Terminal width for the status area (live mode only).
    public var width: Int
    /// The shortest time between two redraws of the status area (at most ~10 a second).
    public var redrawInterval: Double
    /// How many lines of a failed step's stderr (or stdout when stderr is empty) are shown.
    public var failureTailLines: Int
    /// The clock; tests inject a fixed one to compare output exactly.
    public var now: @Sendable () -> Date

    public init(mode: Mode = .plain, verbosity: Verbosity = .normal, color: Bool = false, width: Int = 100,
                redrawInterval: Double = 0.1, failureTailLines: Int = 10,
                now: @escaping @Sendable () -> Date = { Date() }) {
        self.mode = mode
        self.verbosity = verbosity
        self.color = color
        self.width = width
        self.redrawInterval = redrawInterval
        self.failureTailLines = failureTailLines
        self.now = now
    }

    /// What a console on file descriptor `fd` should do. The live status area is a terminal's: it
    /// needs cursor movement, not colour, so it is on exactly when `fd` is a terminal whose TERM is
    /// not `dumb`. Colour follows `--color` (auto: on a terminal) and is never used with a non-empty
    /// `NO_COLOR` (https://no-color.org), which changes nothing else.
    public static func detect(fd: Int32, verbosity: Verbosity, color choice: ColorChoice,
                              environment: [String: String] = ProcessInfo.processInfo.environment) -> ConsoleOptions {
        let terminal = isatty(fd) == 1 && environment["TERM"] != "dumb"
        let noColor = !(environment["NO_COLOR"] ?? "").isEmpty
        let color: Bool
        switch choice {
        case .always: color = !noColor
        case .never: color = false
        case .auto: color = terminal && !noColor
        }
        let live = terminal
        var size = winsize()
        let width = ioctl(fd, UInt(TIOCGWINSZ), &size) == 0 && size.ws_col > 0 ? Int(size.ws_col) : 100
        return ConsoleOptions(mode: live ? .live : .plain, verbosity: verbosity, color: color, width: width)
    }
}
