internal import CLibSSH2
import Glibc
import Synchronization

/// One authenticated SSH session to one host: a non-blocking libssh2 session over a socket the
/// reactor watches. Every step of a run opens a channel on it (`execute`), and several tasks may run
/// commands on it at once, each on its own channel.
///
/// Sendable because every libssh2 call on the handle, and every mutable field, is reached only
/// under `shared`'s lock (the `attempt`/`locked` funnels), held for one short non-blocking call and
/// never across an await. libssh2 sessions are not thread-safe; the lock makes them one-call-at-a-time,
/// and `SessionTraffic` decides who may call and who waits for what between calls.
public final class SSHSession: @unchecked Sendable {
    /// The host this session reaches.
    public let connection: SSHTarget
    let reactor: Reactor
    let handle: OpaquePointer
    let descriptor: Int32
    /// What the session's abstract pointer points at: the bytes libssh2 received on the socket,
    /// counted by the receive callback, and the agent transport's state during agent
    /// authentication; read and written only under `shared`'s lock, during libssh2 calls.
    let context: SessionContext
    /// Whether the socket is open: `abort` may shut it down from any task until `close` closes it.
    private let socketOpen = Mutex(true)
    /// Everything tasks share, behind the lock every libssh2 call runs under.
    private let shared = Mutex(Shared())
    /// The tunnel (through a jump host, or a proxy command) this session's socket is the end of, if any.
    let tunnel: (any SessionTunnel)?
    /// Hands out the ids that tell callers apart (`using`).
    private let callerIDs = Atomic<UInt64>(1)

    /// The mutable state of a session.
    private struct Shared {
        var traffic = SessionTraffic()
        /// Open, broken, closing or closed, and who is still using the session.
        var lifecycle = SessionLifecycle()
        /// Whose turn it is to open a channel (`performOpening`, `withOpeningTurn`).
        var openingTurn = OpeningTurn()
        /// When the next keepalive is due, if keepalives are on.
        var nextKeepalive: Deadline?
        /// A jump host session opened for this session alone, closed after it.
        var ownedJump: SSHSession?
    }

    /// The caller the current task's libssh2 calls belong to: one id per `using` body, so a
    /// caller that left a half-sent packet is the one allowed to finish it.
    @TaskLocal static var caller: UInt64 = 0

    init(connection: SSHTarget, reactor: Reactor, handle: OpaquePointer, descriptor: Int32,
         tunnel: (any SessionTunnel)? = nil) {
        self.connection = connection
        self.reactor = reactor
        self.handle = handle
        self.descriptor = descriptor
        self.tunnel = tunnel
        context = SessionContext(installedOn: handle)
        if tunnel != nil { pbrun_install_counting_recv(handle) } else { pbrun_install_quickack_recv(handle) }
    }

    deinit {
        // A last resort for a session nobody closed: one non-blocking free attempt, then the fd.
        let closed = shared.withLock { $0.lifecycle.isClosed }
        assert(closed, "SSHSession for \(connection.name) was not closed")
        if !closed {
            _ = libssh2_session_free(handle)
            reactor.forget(descriptor)
            Glibc.close(descriptor)
        }
    }

    // MARK: - Shared state

    /// Makes `jump` (the session this one's tunnel runs on) close after this session.
    func adoptJump(_ jump: SSHSession) {
        shared.withLock { $0.ownedJump = jump }
    }

    /// Set when the transport broke (or the session is closing); later commands fail at once with
    /// this cause.
    var broken: String? { shared.withLock { $0.lifecycle.broken } }

    /// Records that the transport broke with `cause`: later commands fail at once with it.
    func breaks(_ cause: String) {
        shared.withLock { $0.lifecycle.breaks(cause) }
    }

    /// Records `cause` unless the session already broke; returns the cause it now has.
    func breaksUnlessBroken(_ cause: String) -> String {
        shared.withLock { state in
            if let earlier = state.lifecycle.broken { return earlier }
            state.lifecycle.breaks(cause)
            return cause
        }
    }

    /// When the next keepalive is due, if keepalives are on.
    var nextKeepalive: Deadline? {
        get { shared.withLock { $0.nextKeepalive } }
        set { shared.withLock { $0.nextKeepalive = newValue } }
    }

    /// Runs `body` as one caller of this session: it may open channels and wait on the socket while
    /// other tasks do the same in their own `using` bodies. Every public method runs in one.
    func using<T>(_ body: () async throws -> T) async rethrows -> T {
        let id = callerIDs.wrappingAdd(1, ordering: .relaxed).oldValue
        shared.withLock { $0.lifecycle.entered() }
        defer { leave(id) }
        return try await Self.$caller.withValue(id) { try await body() }
    }

    private func leave(_ id: UInt64) {
        let wake: [UInt64] = shared.withLock { state in
            let (abandoned, wake) = state.traffic.left(id)
            return wake + state.lifecycle.left(abandonedPacket: abandoned)
        }
        reactor.unpark(wake)
    }

    /// Sends a keepalive if no task is using the session (a busy session sends its own while it
    /// waits). Called by the pool's timer.
    func keepAliveIfIdle() {
        shared.withLock { state in
            guard state.lifecycle.isIdleAndOpen else { return }
            sendKeepalive(&state)
        }
    }

    // MARK: - The libssh2 funnel

    /// A wait that ended because its deadline passed.
    struct TimedOut: Error {}

    /// Makes one libssh2 call under the session lock and records it for the other callers. Returns
    /// nil when it would block (`wouldBlock` of its result), or when another caller's half-sent
    /// packet must go first (then `call` does not run); await `awaitSocket` and call again.
    /// `caller`: the task's caller id, passed in when the call runs off the task (`performOffPool`).
    func attempt<R>(as caller: UInt64 = SSHSession.caller, _ call: () -> R, wouldBlock: (R) -> Bool) -> R? {
        var wake: [UInt64] = []
        var interruptPoller = false
        let result: R? = shared.withLock { state in
            precondition(!state.lifecycle.isClosed, "SSHSession for \(connection.name) used after close")
            guard state.traffic.mayCall(caller) else {
                state.traffic.refused(caller)
                return nil
            }
            let before = context.receivedBytes
            let result = call()
            let blocked = wouldBlock(result)
            (wake, interruptPoller) = state.traffic.called(caller, wouldBlock: blocked,
                                                           events: blocked ? blockedEvents : [],
                                                           received: context.receivedBytes != before)
            return blocked ? nil : result
        }
        reactor.unpark(wake)
        if interruptPoller { reactor.interrupt(descriptor) }
        return result
    }

    /// Runs `body` (libssh2 calls that never touch the socket: channel flags, exit status, errors)
    /// under the session lock.
    func locked<R>(_ body: () -> R) -> R {
        shared.withLock { _ in body() }
    }

    /// The directions libssh2 is blocked on; call under the lock.
    private var blockedEvents: IOEvents {
        let directions = libssh2_session_block_directions(handle)
        var events: IOEvents = []
        if directions & pbrun_LIBSSH2_SESSION_BLOCK_INBOUND != 0 { events.insert(.readable) }
        if directions & pbrun_LIBSSH2_SESSION_BLOCK_OUTBOUND != 0 { events.insert(.writable) }
        return events
    }

    /// Calls `call` until it returns something other than `LIBSSH2_ERROR_EAGAIN`, awaiting the
    /// socket (or another caller's progress) in between. Returns libssh2's result.
    func perform(until deadline: Deadline, _ call: () -> Int32) async throws(TimedOut) -> Int32 {
        while true {
            if let result = attempt(call, wouldBlock: { LibSSH2Error.isWouldBlock($0) }) { return result }
            try await awaitSocket(until: deadline)
        }
    }

    /// `perform` for a libssh2 call that may block on another socket (the ssh-agent's, which
    /// libssh2 opens in blocking mode): each attempt runs on a thread of its own, never on the
    /// cooperative pool, while waits on the SSH socket stay the reactor's.
    func performOffPool(until deadline: Deadline, _ call: @escaping () -> Int32) async throws(TimedOut) -> Int32 {
        let caller = Self.caller
        let blocking = BlockingCall(body: call)
        while true {
            let result: Int32? = await BlockingThread.run {
                self.attempt(as: caller, blocking.body, wouldBlock: { LibSSH2Error.isWouldBlock($0) })
            }
            if let result { return result }
            try await awaitSocket(until: deadline)
        }
    }

    /// Runs `body` under the session lock on a thread of its own (for libssh2 calls that block on the
    /// agent's socket but never touch the SSH socket: connecting to the agent).
    func lockedOffPool<R: Sendable>(_ body: @escaping () -> R) async -> R {
        let blocking = BlockingCall(body: body)
        return await BlockingThread.run { self.locked(blocking.body) }
    }

    /// A libssh2 call handed to a thread of its own. Unchecked: the task that made it awaits it, so it
    /// runs on exactly one thread at a time, and what it touches is guarded by the session lock.
    private struct BlockingCall<R>: @unchecked Sendable {
        let body: () -> R
    }

    /// The same for libssh2 calls that return a pointer, or NULL with EAGAIN as the last errno.
    /// Returns nil with libssh2's error when the call failed.
    func performPointer<P>(until deadline: Deadline, _ call: () -> P?) async throws(TimedOut) -> P? {
        while true {
            let wouldBlock: (P?) -> Bool = { [handle] pointer in
                pointer == nil && LibSSH2Error(code: libssh2_session_last_errno(handle)) == .wouldBlock
            }
            if let result = attempt(call, wouldBlock: wouldBlock) { return result }
            try await awaitSocket(until: deadline)
        }
    }

    /// `performPointer` for the calls whose progress libssh2 keeps in the session rather than in the
    /// channel (`channel_open_ex`, `channel_direct_tcpip_ex`, `sftp_init`): two of them in flight at
    /// once would each finish the other's, and a direct-tcpip channel would reach the other's
    /// destination. So callers take turns, each holding the turn until its call is through.
    func performOpening<P>(until deadline: Deadline, _ call: () -> P?) async throws(TimedOut) -> P? {
        try await withOpeningTurn(until: deadline) { () async throws(TimedOut) -> P? in
            try await performPointer(until: deadline, call)
        }
    }

    /// Runs `body` holding this session's turn to open channels (callers already holding it just
    /// run it). Used around a channel's open and its first request too: libssh2 1.10 sometimes
    /// fails a request ("Failed waiting for channel success") when two channels of one session
    /// start at once.
    func withOpeningTurn<T>(until deadline: Deadline, _ body: () async throws(TimedOut) -> T)
        async throws(TimedOut) -> T
    {
        guard try await takeOpeningTurn(until: deadline) else { return try await body() }
        defer { passOpeningTurn() }
        return try await body()
    }

    /// Takes the turn; false when this caller already held it.
    private func takeOpeningTurn(until deadline: Deadline) async throws(TimedOut) -> Bool {
        let caller = Self.caller
        let request = shared.withLock { $0.openingTurn.request(caller, makeToken: reactor.makeParkToken) }
        switch request {
        case .alreadyHeld: return false
        case .taken: return true
        case .wait(let token):
            guard await reactor.park(token, until: deadline) == .timedOut else { return true }
            let handedOver = shared.withLock { $0.openingTurn.gaveUp(token: token) }
            // The turn came just as the deadline passed: hand it on rather than lose it.
            if handedOver { passOpeningTurn() }
            throw TimedOut()
        }
    }

    private func passOpeningTurn() {
        let next = shared.withLock { $0.openingTurn.pass() }
        if let next { reactor.unpark([next]) }
    }

    /// The same for libssh2 calls that return a byte count.
    func performSize(until deadline: Deadline, _ call: () -> Int) async throws(TimedOut) -> Int {
        while true {
            if let result = attempt(call, wouldBlock: { LibSSH2Error.isWouldBlock($0) }) { return result }
            try await awaitSocket(until: deadline)
        }
    }

    /// Waits after a call of this task's caller would block: until the socket is ready in the
    /// directions libssh2 reported, or until another caller's call made progress (it may have
    /// read this caller's data into libssh2's buffers), sending keepalives that fall due meanwhile.
    /// Then the caller calls again.
    func awaitSocket(until deadline: Deadline) async throws(TimedOut) {
        let caller = Self.caller
        let (wait, keepalive) = shared.withLock { state in
            (state.traffic.wait(caller, makeToken: { reactor.makeParkToken() }), state.nextKeepalive)
        }
        switch wait {
        case .retry:
            return
        case .poll(let events):
            let wakeAt = keepalive.map { min($0, deadline) } ?? deadline
            let readiness = await reactor.wait(for: descriptor, events, until: wakeAt)
            let wake = shared.withLock { state in
                let wake = state.traffic.pollEnded(caller)
                if readiness == .timedOut && !deadline.hasPassed && state.traffic.mayCall(caller) {
                    sendKeepalive(&state)
                }
                return wake
            }
            reactor.unpark(wake)
            if readiness == .timedOut && deadline.hasPassed { throw TimedOut() }
        case .park(let token, let interruptPoller):
            if interruptPoller { reactor.interrupt(descriptor) }
            if await reactor.park(token, until: deadline) == .timedOut {
                shared.withLock { $0.traffic.parkTimedOut(token) }
                throw TimedOut()
            }
        }
    }

    /// Sends a keepalive if one is due and schedules the next; call under the lock.
    private func sendKeepalive(_ state: inout Shared) {
        guard connection.serverAliveInterval > 0 else { return }
        var seconds: Int32 = 0
        _ = libssh2_keepalive_send(handle, &seconds)
        state.nextKeepalive = .after(seconds: Double(seconds > 0 ? seconds : Int32(connection.serverAliveInterval)))
    }

    /// libssh2's last error text.
    var lastError: String { locked { LibSSH2Library.lastError(handle).message } }

    // MARK: - Closing

    /// Says goodbye to the server (`disconnect` with a reason), frees the session and closes the
    /// socket, once the tasks still using it are done; commands started after this fail at once.
    /// Safe to call twice.
    public func close() async {
        let (first, polite) = shared.withLock { $0.lifecycle.beginClose() }
        guard first else { return }
        while let token = shared.withLock({ $0.lifecycle.awaitIdle(makeToken: reactor.makeParkToken) }) {
            _ = await reactor.park(token, until: .distantFuture)
        }
        await using {
            let deadline = Deadline.after(seconds: 2)
            if polite {
                _ = try? await perform(until: deadline) {
                    libssh2_session_disconnect_ex(handle, SSH_DISCONNECT_BY_APPLICATION, "pbrun: done", "")
                }
            }
            _ = try? await perform(until: deadline) { libssh2_session_free(handle) }
        }
        shared.withLock { $0.lifecycle.finishClose() }
        socketOpen.withLock { open in
            open = false
            reactor.forget(descriptor)
            Glibc.close(descriptor)
        }
        // The tunnel sees this end close, sends EOF through the jump host (or ends the proxy command).
        await tunnel?.finish()
        await shared.withLock { $0.ownedJump }?.close()
    }

    /// Breaks the connection at once, from any task: the socket is shut down, so whatever runs on the
    /// session ends as a lost connection, and sshd, seeing the connection go, closes the command's
    /// stdin, which stops a command that watches it (`ExecRequest.stopsAtEndOfInput`).
    /// For a forced interrupt; `close()` is still needed afterwards to free the session.
    public func abort() {
        socketOpen.withLock { open in
            if open { _ = Glibc.shutdown(descriptor, Int32(SHUT_RDWR)) }
        }
    }
}
