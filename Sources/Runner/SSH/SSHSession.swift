internal import CLibSSH2
import Foundation
import Glibc
import Playbook
import Synchronization

/// One authenticated SSH session to one host: a non-blocking libssh2 session over a socket the
/// reactor watches. Every step of a run opens a channel on it (`execute`), one at a time.
///
/// Sendable because a session is used by one task at a time, and that is enforced, not hoped for:
/// every public method claims the `inUse` flag atomically and traps if another task holds it. The
/// libssh2 handle and the mutable fields are only touched while the flag is held.
public final class SSHSession: @unchecked Sendable {
    /// The host this session reaches.
    public let connection: HostConnection
    let reactor: Reactor
    let handle: OpaquePointer
    let descriptor: Int32
    private let inUse = Atomic<Bool>(false)
    /// Whether the socket is open: `abort` may shut it down from any task until `close` closes it.
    private let socketOpen = Mutex(true)
    /// Set once `close()` has freed the handle.
    private var closed = false
    /// Set when the transport broke; later commands fail at once with this cause.
    var broken: String?
    /// When the next keepalive is due, if keepalives are on.
    var nextKeepalive: Deadline?

    init(connection: HostConnection, reactor: Reactor, handle: OpaquePointer, descriptor: Int32) {
        self.connection = connection
        self.reactor = reactor
        self.handle = handle
        self.descriptor = descriptor
    }

    deinit {
        // A last resort for a session nobody closed: one non-blocking free attempt, then the fd.
        assert(closed, "SSHSession for \(connection.name) was not closed")
        if !closed {
            _ = libssh2_session_free(handle)
            reactor.forget(descriptor)
            Glibc.close(descriptor)
        }
    }

    // MARK: - Exclusive use

    /// Runs `body` as the one task using this session.
    func exclusive<T>(_ body: () async throws -> T) async rethrows -> T {
        let (claimed, _) = inUse.compareExchange(expected: false, desired: true, ordering: .acquiring)
        precondition(claimed, "SSHSession for \(connection.name) used by two tasks at once")
        defer { inUse.store(false, ordering: .releasing) }
        return try await body()
    }

    /// Sends a keepalive unless a task is using the session (a busy session sends its own while it
    /// waits). Called by the pool's timer.
    func keepAliveIfIdle() {
        let (claimed, _) = inUse.compareExchange(expected: false, desired: true, ordering: .acquiring)
        guard claimed else { return }
        defer { inUse.store(false, ordering: .releasing) }
        if !closed && broken == nil { sendKeepalive() }
    }

    // MARK: - The libssh2 funnel

    /// A wait that ended because its deadline passed.
    struct TimedOut: Error {}

    /// Calls `call` until it returns something other than `LIBSSH2_ERROR_EAGAIN`, awaiting the
    /// socket in the directions libssh2 is blocked on in between. Returns libssh2's result.
    func perform(until deadline: Deadline, _ call: () -> Int32) async throws(TimedOut) -> Int32 {
        while true {
            let result = call()
            guard result == pbrun_LIBSSH2_ERROR_EAGAIN else { return result }
            try await awaitSocket(until: deadline)
        }
    }

    /// The same for libssh2 calls that return a pointer, or NULL with EAGAIN as the last errno.
    /// Returns nil with libssh2's error when the call failed.
    func performPointer<P>(until deadline: Deadline, _ call: () -> P?) async throws(TimedOut) -> P? {
        while true {
            if let pointer = call() { return pointer }
            guard libssh2_session_last_errno(handle) == pbrun_LIBSSH2_ERROR_EAGAIN else { return nil }
            try await awaitSocket(until: deadline)
        }
    }

    /// Waits until the socket is ready in the directions libssh2 is blocked on, sending keepalives
    /// when they fall due meanwhile.
    func awaitSocket(until deadline: Deadline) async throws(TimedOut) {
        let directions = libssh2_session_block_directions(handle)
        var events: IOEvents = []
        if directions & pbrun_LIBSSH2_SESSION_BLOCK_INBOUND != 0 { events.insert(.readable) }
        if directions & pbrun_LIBSSH2_SESSION_BLOCK_OUTBOUND != 0 { events.insert(.writable) }
        if events.isEmpty { events = .readable }
        while true {
            let wakeAt = nextKeepalive.map { min($0, deadline) } ?? deadline
            let readiness = await reactor.wait(for: descriptor, events, until: wakeAt)
            if readiness == .ready { return }
            if deadline.hasPassed { throw TimedOut() }
            sendKeepalive()
        }
    }

    /// Sends a keepalive if one is due and schedules the next.
    func sendKeepalive() {
        guard connection.serverAliveInterval > 0 else { return }
        var seconds: Int32 = 0
        _ = libssh2_keepalive_send(handle, &seconds)
        nextKeepalive = .after(seconds: Double(seconds > 0 ? seconds : Int32(connection.serverAliveInterval)))
    }

    /// libssh2's last error text.
    var lastError: String { LibSSH2Library.lastError(handle).message }

    // MARK: - Closing

    /// Says goodbye to the server (`disconnect` with a reason), frees the session and closes the
    /// socket. Safe to call twice.
    public func close() async {
        await exclusive {
            guard !closed else { return }
            let deadline = Deadline.after(seconds: 2)
            if broken == nil {
                _ = try? await perform(until: deadline) {
                    libssh2_session_disconnect_ex(handle, SSH_DISCONNECT_BY_APPLICATION, "pbrun: done", "")
                }
            }
            _ = try? await perform(until: deadline) { libssh2_session_free(handle) }
            closed = true
            socketOpen.withLock { open in
                open = false
                reactor.forget(descriptor)
                Glibc.close(descriptor)
            }
        }
    }

    /// Breaks the connection at once, from any task: the socket is shut down, so whatever runs on the
    /// session ends as a lost connection, and sshd, seeing the connection go, closes the command's
    /// stdin, which stops a stoppable command's whole process group (`RemoteCommand.stoppable`).
    /// For a forced interrupt; `close()` is still needed afterwards to free the session.
    public func abort() {
        socketOpen.withLock { open in
            if open { _ = Glibc.shutdown(descriptor, Int32(SHUT_RDWR)) }
        }
    }
}
