/// How a remote command ended, and how long each phase took.
public struct CommandResult: Sendable, Equatable {
    /// The exit status, nil when the process was killed by a signal or timed out.
    public var exitStatus: Int32?
    /// The signal name without "SIG" (e.g. "KILL") when a signal ended the process.
    public var exitSignal: String?
    /// Whether the command outlived its timeout and was stopped.
    public var timedOut: Bool
    /// Bytes received on stdout and stderr.
    public var stdoutBytes: Int
    public var stderrBytes: Int
    /// Seconds to open the channel and start the command.
    public var startSeconds: Double
    /// Seconds from the start of the command until both streams reached EOF.
    public var runSeconds: Double
    /// Seconds to collect the exit status and close the channel.
    public var closeSeconds: Double

    public init(exitStatus: Int32?, exitSignal: String?, timedOut: Bool, stdoutBytes: Int = 0,
                stderrBytes: Int = 0, startSeconds: Double = 0, runSeconds: Double = 0, closeSeconds: Double = 0) {
        self.exitStatus = exitStatus
        self.exitSignal = exitSignal
        self.timedOut = timedOut
        self.stdoutBytes = stdoutBytes
        self.stderrBytes = stderrBytes
        self.startSeconds = startSeconds
        self.runSeconds = runSeconds
        self.closeSeconds = closeSeconds
    }

    /// Whether the command ran to its end with exit status 0.
    public var succeeded: Bool { exitStatus == 0 && exitSignal == nil && !timedOut }

    /// "exit 0", "exit 3", "killed by signal KILL", "timed out".
    public var summary: String {
        if timedOut { return "timed out" }
        if let exitSignal { return "killed by signal \(exitSignal)" }
        if let exitStatus { return "exit \(exitStatus)" }
        return "no exit status"
    }
}
