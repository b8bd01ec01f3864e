/// Where one channel is in its life: a value with no I/O that `SSHChannel` asks before each libssh2
/// call, so each request is sent once and in order, and each transition can be tested alone.
///
/// opened ──exec──▶ running ──close──▶ closing ──server's close──▶ closed ──free──▶ freed
///
/// Any phase may go straight to freed (a failure path frees a channel wherever it is). The input
/// side closes (EOF) at most once, while running. The exit status and signal are final only once
/// the server's close is in: read earlier, libssh2 reports 0 for a command still running.
struct ChannelLifecycle: Equatable {
    enum Phase: Equatable, Comparable {
        /// Open, no request yet.
        case opened
        /// The command was started (`exec`).
        case running
        /// Our close was sent; the server's is awaited.
        case closing
        /// Both sides closed: the exit status is in.
        case closed
        /// The libssh2 channel is freed. Final.
        case freed
    }

    private(set) var phase = Phase.opened
    /// Whether EOF was sent on the command's standard input.
    private(set) var inputClosed = false

    /// Whether the command may be started: only once, on a fresh channel.
    mutating func start() -> Bool {
        guard phase == .opened else { return false }
        phase = .running
        return true
    }

    /// Whether to send EOF on standard input now: once, while the command runs.
    mutating func closeInput() -> Bool {
        guard phase == .running, !inputClosed else { return false }
        inputClosed = true
        return true
    }

    /// Whether to send our close now: once, before the channel is freed.
    mutating func beginClose() -> Bool {
        guard phase < .closing else { return false }
        phase = .closing
        return true
    }

    /// Whether to wait for the server's close: after ours was sent, until it came.
    var awaitsServerClose: Bool { phase == .closing }

    /// The server's close came.
    mutating func serverClosed() {
        if phase == .closing { phase = .closed }
    }

    /// Whether the exit status and signal are final.
    var exitIsFinal: Bool { phase == .closed }

    /// Whether to free the channel now: once.
    mutating func free() -> Bool {
        guard phase != .freed else { return false }
        phase = .freed
        return true
    }
}
