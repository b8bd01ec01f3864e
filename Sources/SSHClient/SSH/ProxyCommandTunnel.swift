internal import CLibSSH2
import Glibc
import Synchronization

/// A connection made by a local command (`ProxyCommand`), as ssh makes it: `/bin/sh -c "exec
/// COMMAND"` with its own stdin, stdout and stderr, in a process group of its own. Each of the three
/// is a socket pair rather than a pipe: made close-on-exec atomically (no other child started at the
/// same moment inherits an end and holds the stream open) and written without SIGPIPE. The target's
/// libssh2 session gets one end of a socket pair (`descriptor`); two reactor tasks pump bytes
/// between the other end and the command's stdin and stdout, non-blocking both ways, and a third
/// keeps the last 4 KiB of its stderr for the error message.
///
/// `finish()` (when the session closes, after a connect that failed or timed out, or at the end of
/// the run) closes the command's stdin, sends SIGTERM to its process group, SIGKILL a second later
/// if something in it is still alive, and reaps the command, so nothing it started outlives the
/// session.
final class ProxyCommandTunnel: SessionTunnel {
    let descriptor: Int32
    /// The command as run (tokens expanded), for messages.
    let command: String
    private let reactor: Reactor
    private let pid: pid_t
    /// The pump's end of the socket pair (read: session → command) and a duplicate of it (written:
    /// command → session), so each direction has its own registration with the reactor.
    private let upstreamEnd: Int32
    private let downstreamEnd: Int32
    /// Our ends of the command's stdin, stdout and stderr.
    private let commandInput: Int32
    private let commandOutput: Int32
    private let commandErrors: Int32
    private let state = Mutex(State())
    private let pump = Mutex<Task<Void, Never>?>(nil)

    private struct State {
        /// The end of the command's stderr, at most `stderrLimit` bytes.
        var stderrTail: [UInt8] = []
        /// The command's wait status once reaped.
        var waitStatus: Int32?
        /// Set when `finish` began: an exit after that is pbrun's doing, not the command's failure.
        var finishing = false
        /// The wait status of an exit before `finish` began.
        var ownExit: Int32?
        /// Set by `finish` once the process group is gone: the readers stop waiting.
        var stopping = false
        /// Set when the command closed its stdout: it is about to exit on its own.
        var outputEnded = false
    }

    private static let stderrLimit = 4096
    /// How long the process group has after SIGTERM before SIGKILL, and after SIGKILL to be reaped.
    private static let terminationGrace = 1.0

    private init(command: String, reactor: Reactor, pid: pid_t, pair: (Int32, Int32), duplicate: Int32,
                 pipes: (input: Int32, output: Int32, errors: Int32)) {
        self.command = command
        self.reactor = reactor
        self.pid = pid
        descriptor = pair.0
        upstreamEnd = pair.1
        downstreamEnd = duplicate
        commandInput = pipes.input
        commandOutput = pipes.output
        commandErrors = pipes.errors
    }

    /// Starts `command` and the pump; on failure, the reason as a person reads it.
    static func start(_ command: String, reactor: Reactor) -> Result<ProxyCommandTunnel, TunnelFailure> {
        var descriptors: [Int32] = []
        func closeAll() { for fd in descriptors { Glibc.close(fd) } }
        var pair: [Int32] = [-1, -1], input: [Int32] = [-1, -1], output: [Int32] = [-1, -1], errors: [Int32] = [-1, -1]
        // Index 0 is the command's end (blocking, as programs expect), 1 ours (made non-blocking).
        for index in 0..<4 {
            var ends: [Int32] = [-1, -1]
            let nonBlocking = index == 0 ? Int32(SOCK_NONBLOCK.rawValue) : 0
            let flags = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | nonBlocking
            guard socketpair(AF_UNIX, flags, 0, &ends) == 0 else {
                closeAll()
                return .failure(.system("a socket pair"))
            }
            descriptors += ends
            switch index {
            case 0: pair = ends
            case 1: input = ends
            case 2: output = ends
            default: errors = ends
            }
        }
        let duplicate = fcntl(pair[1], F_DUPFD_CLOEXEC, 0)
        guard duplicate >= 0 else {
            closeAll()
            return .failure(.system("a descriptor"))
        }
        descriptors.append(duplicate)
        // Our ends are non-blocking; the command's stay blocking.
        for fd in [input[1], output[1], errors[1]] { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }

        let spawned = spawn(["/bin/sh", "-c", "exec " + command], stdin: input[0], stdout: output[0],
                            stderr: errors[0])
        for fd in [input[0], output[0], errors[0]] { Glibc.close(fd) }
        guard case .success(let pid) = spawned else {
            for fd in [pair[0], pair[1], duplicate, input[1], output[1], errors[1]] { Glibc.close(fd) }
            if case .failure(let failure) = spawned { return .failure(failure) }
            preconditionFailure("spawn returned neither a pid nor a failure")
        }
        let tunnel = ProxyCommandTunnel(command: command, reactor: reactor, pid: pid, pair: (pair[0], pair[1]),
                                        duplicate: duplicate, pipes: (input[1], output[1], errors[1]))
        tunnel.pump.withLock { $0 = Task { await tunnel.run() } }
        return .success(tunnel)
    }

    /// `posix_spawn` of `arguments` with the given descriptors as 0, 1 and 2, in a new process group,
    /// with every signal at its default and none blocked.
    private static func spawn(_ arguments: [String], stdin: Int32, stdout: Int32, stderr: Int32)
        -> Result<pid_t, TunnelFailure>
    {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, stdin, 0)
        posix_spawn_file_actions_adddup2(&actions, stdout, 1)
        posix_spawn_file_actions_adddup2(&actions, stderr, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK
                                                    | POSIX_SPAWN_SETSIGDEF))
        posix_spawnattr_setpgroup(&attributes, 0)
        var noSignals = sigset_t(), allSignals = sigset_t()
        sigemptyset(&noSignals)
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        let argv = arguments.map { strdup($0) } + [nil]
        defer { for argument in argv { free(argument) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, arguments[0], &actions, &attributes, argv, environ)
        guard result == 0 else { return .failure(TunnelFailure("cannot start the proxy command: "
                                                               + String(cString: strerror(result)))) }
        return .success(pid)
    }

    /// Why the command failed, from what it wrote to stderr and how it exited; nil while neither
    /// says anything.
    var failure: String? {
        reap()
        let (tail, status) = state.withLock { ($0.stderrTail, $0.ownExit) }
        var parts: [String] = []
        if let status { parts.append(Self.describe(status)) }
        let text = Text.trimmed(String(decoding: tail, as: UTF8.self))
        if !text.isEmpty { parts.append(text.split(separator: "\n").suffix(3).joined(separator: " / ")) }
        return parts.isEmpty ? nil : "the proxy command " + parts.joined(separator: ": ")
    }

    private static func describe(_ status: Int32) -> String {
        let signal = status & 0x7f
        if signal == 0 { return "exited with status \((status >> 8) & 0xff)" }
        return "was killed by signal \(signal)"
    }

    /// Ends the command (see the type's comment) and waits until the pump has stopped.
    func finish() async {
        // The session has closed its end: the upstream copy sees EOF and closes the command's stdin.
        if state.withLock({ $0.outputEnded }) {
            // It closed its stdout, so it is exiting: let its own status be the one reported.
            let deadline = Deadline.after(seconds: 0.5)
            while !reap(), !deadline.hasPassed { await reactor.sleep(until: .after(seconds: 0.005)) }
        }
        state.withLock { $0.finishing = true }
        if !reap() {
            _ = kill(-pid, SIGTERM)
            let firstDeadline = Deadline.after(seconds: Self.terminationGrace)
            while !reap(), !firstDeadline.hasPassed { await reactor.sleep(until: .after(seconds: 0.01)) }
        }
        // Whatever else is still in the group goes too (the command may have left children behind).
        _ = kill(-pid, SIGKILL)
        let lastDeadline = Deadline.after(seconds: Self.terminationGrace)
        while !reap(), !lastDeadline.hasPassed { await reactor.sleep(until: .after(seconds: 0.01)) }
        // A process that left the group may still hold the pipes open: stop reading them.
        state.withLock { $0.stopping = true }
        for fd in [upstreamEnd, commandOutput, commandErrors] { reactor.interrupt(fd) }
        await pump.withLock { $0 }?.value
    }

    /// Reaps the command if it has exited; true once it has.
    @discardableResult
    private func reap() -> Bool {
        if state.withLock({ $0.waitStatus != nil }) { return true }
        var status: Int32 = 0
        let result = waitpid(pid, &status, WNOHANG)
        guard result == pid else { return result < 0 && errno == ECHILD }
        state.withLock { state in
            state.waitStatus = status
            if !state.finishing { state.ownExit = status }
        }
        return true
    }

    // MARK: - The pump

    private func run() async {
        let stopped: @Sendable () -> Bool = { [self] in self.state.withLock { $0.stopping } }
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                // Session → command; at the session's EOF the command's stdin ends.
                _ = await DescriptorIO.copy(from: self.upstreamEnd, to: self.commandInput, reactor: self.reactor,
                                            stopped: stopped)
                _ = Glibc.shutdown(self.commandInput, Int32(SHUT_WR))
            }
            group.addTask {
                // Command → session; at the command's EOF the session sees its connection end.
                let end = await DescriptorIO.copy(from: self.commandOutput, to: self.downstreamEnd,
                                                  reactor: self.reactor, stopped: stopped)
                if end == .sourceEnded { self.state.withLock { $0.outputEnded = true } }
                _ = Glibc.shutdown(self.downstreamEnd, Int32(SHUT_WR))
            }
            group.addTask { await self.keepErrors(stopped: stopped) }
        }
        for fd in [upstreamEnd, downstreamEnd, commandInput, commandOutput, commandErrors] {
            reactor.forget(fd)
            Glibc.close(fd)
        }
    }

    /// Reads the command's stderr to its end, keeping the last `stderrLimit` bytes.
    private func keepErrors(stopped: () -> Bool) async {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            switch buffer.withUnsafeMutableBytes({ DescriptorIO.read(commandErrors, into: $0) }) {
            case .moved(let count):
                state.withLock { state in
                    state.stderrTail += buffer[..<count]
                    if state.stderrTail.count > Self.stderrLimit {
                        state.stderrTail.removeFirst(state.stderrTail.count - Self.stderrLimit)
                    }
                }
            case .wouldBlock:
                if stopped() { return }
                _ = await reactor.wait(for: commandErrors, .readable, until: .distantFuture)
            case .end, .failed:
                return
            }
        }
    }
}

/// Why a tunnel could not be made, as a person reads it.
struct TunnelFailure: Error {
    let reason: String
    init(_ reason: String) { self.reason = reason }

    /// A system call that failed making `what`, with errno's text.
    static func system(_ what: String) -> TunnelFailure {
        TunnelFailure("cannot make \(what): \(String(cString: strerror(errno)))")
    }
}
