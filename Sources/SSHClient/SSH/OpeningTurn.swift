/// Whose turn it is to open a channel on one session, first come first served: libssh2 1.10
/// sometimes fails a request ("Failed waiting for channel success") when two channels of one
/// session start at once. A value with no I/O that `SSHSession` keeps under its lock.
struct OpeningTurn: Equatable {
    /// What a caller asking for the turn should do.
    enum Request: Equatable {
        /// It holds the turn now.
        case taken
        /// It already held it (a nested request): go on, and do not pass the turn when done.
        case alreadyHeld
        /// Another caller holds it: park on this token until handed the turn.
        case wait(token: UInt64)
    }

    /// The caller holding the turn, if any.
    private(set) var holder: UInt64?
    /// Callers waiting and their park tokens, in order of asking.
    private var waiting: [(caller: UInt64, token: UInt64)] = []

    static func == (lhs: OpeningTurn, rhs: OpeningTurn) -> Bool {
        lhs.holder == rhs.holder && lhs.waiting.map(\.caller) == rhs.waiting.map(\.caller)
            && lhs.waiting.map(\.token) == rhs.waiting.map(\.token)
    }

    /// `caller` asks for the turn; `makeToken` gives a park token when it must wait.
    mutating func request(_ caller: UInt64, makeToken: () -> UInt64) -> Request {
        if holder == caller { return .alreadyHeld }
        guard holder != nil else {
            holder = caller
            return .taken
        }
        let token = makeToken()
        waiting.append((caller, token))
        return .wait(token: token)
    }

    /// The holder is done: the next waiter holds the turn. Returns its park token to wake.
    mutating func pass() -> UInt64? {
        guard !waiting.isEmpty else {
            holder = nil
            return nil
        }
        let next = waiting.removeFirst()
        holder = next.caller
        return next.token
    }

    /// A waiter's deadline passed. Returns true when the turn had already been handed to it (its
    /// wake-up raced the deadline): it must then `pass()` the turn on rather than lose it.
    mutating func gaveUp(token: UInt64) -> Bool {
        guard let index = waiting.firstIndex(where: { $0.token == token }) else { return true }
        waiting.remove(at: index)
        return false
    }
}
