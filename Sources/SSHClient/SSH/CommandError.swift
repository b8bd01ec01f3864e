/// Why a command could not be run to its end on a session that was authenticated. A command that
/// ran and failed, or timed out, is not an error: its `CommandResult` says so.
public enum CommandError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The session broke while the command ran (sshd died, the connection reset); the host is
    /// unreachable from now on. The text says what libssh2 reported.
    case connectionLost(String)
    /// The server refused to open a channel or to start the command.
    case channelRefused(String)
    /// Writing the output where it goes failed (a full disk).
    case outputFailed(String)

    public var description: String {
        switch self {
        case .connectionLost(let detail): return "connection lost: \(detail)"
        case .channelRefused(let detail): return "channel refused: \(detail)"
        case .outputFailed(let detail): return "output failed: \(detail)"
        }
    }
}
