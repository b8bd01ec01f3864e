import Foundation

/// How a step ended on a host. Each has exactly one meaning in every report.
public enum StepStatus: String, Sendable, Hashable, CaseIterable {
    /// Ran (or was probed) and changed nothing.
    case ok
    /// Ran and changed something (any command that ran, unless `changed_when` says otherwise).
    case changed
    /// Did not run: a guard (`when`, `creates`, `unless`, …) said so, or a handler was not notified.
    case skipped
    /// Ran and failed: exit code not in `ok_exit`, or `failed_when` held.
    case failed
    /// Ran past its `timeout` and was stopped on the host.
    case timedOut = "timed_out"
    /// The host's session could not be opened or broke during the step.
    case unreachable
    /// Never started: the host left the play earlier, or the run was stopped first.
    case notReached = "not_reached"

    /// Whether the step counts against its host (failed, timed out, unreachable).
    public var isFailure: Bool { self == .failed || self == .timedOut || self == .unreachable }

    /// Whether the step ran a command on the host.
    public var ran: Bool { self == .ok || self == .changed || self == .failed || self == .timedOut }
}

/// Where a step's time went, in seconds; nil when that phase did not happen.
public struct StepTimings: Sendable, Hashable {
    /// Opening the channel.
    public var channelOpen: Double?
    /// From the exec request to the command's exit.
    public var exec: Double?
    /// Draining output after the exit status arrived.
    public var read: Double?

    public init(channelOpen: Double? = nil, exec: Double? = nil, read: Double? = nil) {
        self.channelOpen = channelOpen
        self.exec = exec
        self.read = read
    }
}

/// Everything the reports say about one host × step. Tails are bounded by the scheduler (64 KiB per
/// stream by default); full output only ever goes to `--output-dir` files.
public struct StepOutcome: Sendable, Hashable {
    public var status: StepStatus
    /// The remote exit code, when the command exited.
    public var exitCode: Int32?
    /// The signal that killed the command (`TERM`, `KILL`, …), when one did.
    public var signal: String?
    /// Attempts made (`retries`/`until`); 0 for a step that did not run.
    public var attempts: Int
    /// When the step started; nil for a step that did not start.
    public var startedAt: Date?
    /// When the step ended (or was decided).
    public var endedAt: Date?
    public var timings: StepTimings
    /// The last bytes of stdout, at most the scheduler's tail bound.
    public var stdoutTail: [UInt8]
    /// The last bytes of stderr, at most the scheduler's tail bound.
    public var stderrTail: [UInt8]
    /// Whether the tails dropped earlier bytes.
    public var stdoutTruncated: Bool
    public var stderrTruncated: Bool
    /// Why: the skip reason, the failure cause, `ignored` for an ignored failure, and so on.
    public var message: String?
    /// A failure that `ignore_errors: true` let the host go on after.
    public var ignored: Bool

    public init(status: StepStatus, exitCode: Int32? = nil, signal: String? = nil, attempts: Int = 0,
                startedAt: Date? = nil, endedAt: Date? = nil, timings: StepTimings = StepTimings(),
                stdoutTail: [UInt8] = [], stderrTail: [UInt8] = [], stdoutTruncated: Bool = false,
                stderrTruncated: Bool = false, message: String? = nil, ignored: Bool = false) {
        self.status = status
        self.exitCode = exitCode
        self.signal = signal
        self.attempts = attempts
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.timings = timings
        self.stdoutTail = stdoutTail
        self.stderrTail = stderrTail
        self.stdoutTruncated = stdoutTruncated
        self.stderrTruncated = stderrTruncated
        self.message = message
        self.ignored = ignored
    }

    /// Seconds from start to end, when both are known.
    public var duration: Double? {
        guard let startedAt, let endedAt else { return nil }
        return max(0, endedAt.timeIntervalSince(startedAt))
    }
}
