/// Where one session is in its life, and who is still using it: a value with no I/O that
/// `SSHSession` keeps under its lock and obeys, so each transition can be tested alone.
///
/// open ──(transport breaks)──▶ broken ──┐
///   └───────────(close begins)──────────┴─▶ closing ──(handle freed)──▶ closed
///
/// A broken session takes no new commands but is still closed the same way; closing waits until
/// every caller inside `using` has left, then says goodbye (only if it never broke) and frees.
struct SessionLifecycle: Equatable {
    enum Phase: Equatable {
        /// Authenticated and usable.
        case open
        /// The transport broke, or a packet was left half sent; later commands fail with this cause.
        case broken(String)
        /// `close()` has begun: no new work. `brokenBefore` is the cause if it broke first.
        case closing(brokenBefore: String?)
        /// The handle is freed and the socket closed. Final.
        case closed
    }

    private(set) var phase = Phase.open
    /// How many `using` bodies are running.
    private(set) var users = 0
    /// Park tokens of `close` calls waiting for the last user to leave.
    private var idleWaiters: [UInt64] = []

    /// Why new commands must fail at once, if they must.
    var broken: String? {
        switch phase {
        case .open: nil
        case .broken(let cause): cause
        case .closing(let cause): cause ?? "the session was closed"
        case .closed: "the session was closed"
        }
    }

    /// Whether a keepalive may be sent from outside any caller: open and idle.
    var isIdleAndOpen: Bool { phase == .open && users == 0 }

    /// Whether `close()` has freed the handle.
    var isClosed: Bool { phase == .closed }

    /// The transport broke with `cause`. A later cause replaces an earlier one (the latest libssh2
    /// text says most); once closing begins the cause is kept for the record only.
    mutating func breaks(_ cause: String) {
        switch phase {
        case .open, .broken: phase = .broken(cause)
        case .closing: phase = .closing(brokenBefore: cause)
        case .closed: break
        }
    }

    /// A caller entered `using`.
    mutating func entered() {
        users += 1
    }

    /// A caller left `using`. `abandonedPacket`: it left a half-sent packet, which libssh2 would send
    /// as part of the next caller's: the session is unusable. Returns the `close` waiters to wake
    /// when it was the last user.
    mutating func left(abandonedPacket: Bool) -> [UInt64] {
        users -= 1
        if abandonedPacket && broken == nil { breaks("a packet could not be sent before its deadline") }
        guard users == 0 else { return [] }
        defer { idleWaiters.removeAll() }
        return idleWaiters
    }

    /// `close()` begins. Returns whether this is the first close (a second one returns at once), and
    /// whether to say goodbye to the server (only over a transport that never broke).
    mutating func beginClose() -> (first: Bool, polite: Bool) {
        switch phase {
        case .open:
            phase = .closing(brokenBefore: nil)
            return (true, true)
        case .broken(let cause):
            phase = .closing(brokenBefore: cause)
            return (true, false)
        case .closing, .closed:
            return (false, false)
        }
    }

    /// While users remain, records `token` (from `makeToken`) for `close` to park on until the last
    /// leaves; nil once the session is idle.
    mutating func awaitIdle(makeToken: () -> UInt64) -> UInt64? {
        guard users > 0 else { return nil }
        let token = makeToken()
        idleWaiters.append(token)
        return token
    }

    /// `close()` freed the handle.
    mutating func finishClose() {
        phase = .closed
    }
}
