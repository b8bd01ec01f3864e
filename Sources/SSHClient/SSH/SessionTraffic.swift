/// Who may call libssh2 on one session, and who waits for what, when several tasks use the session's
/// channels at once. A value with no I/O: `SSHSession` keeps it under the lock that also serialises
/// every libssh2 call, and does what its answers say.
///
/// Two hazards of a non-blocking libssh2 session shared by tasks drive it:
/// - Any call may read the socket and queue packets for other channels. A task that then waits for
///   the socket would sleep while its data sits in libssh2's buffers. So a call that received bytes
///   counts as progress, and progress wakes every parked task to call again.
/// - libssh2 keeps one half-sent packet per session, and the next call that sends anything finishes
///   that packet and reports its own as sent. So while a caller's packet is half sent, only that
///   caller may call libssh2 on the session; the others wait until it is through.
///
/// Only one task at a time waits on the socket itself (the reactor holds one registration per fd):
/// the poller. The others park until progress; a poller that returns always counts as progress, so
/// a parked task becomes the next poller if its data is still not in. Progress by another caller
/// also ends the poller's wait, since that caller's call may have read the poller's data.
struct SessionTraffic {
    /// What a caller should do after a call returned `LIBSSH2_ERROR_EAGAIN`.
    enum Wait: Equatable {
        /// Something happened since the call: call again.
        case retry
        /// Wait on the socket in these directions, then report `pollEnded`.
        case poll(IOEvents)
        /// Park on this token until progress (or the caller's deadline, then report `parkTimedOut`).
        /// `interruptPoller`: the current poller waits for fewer directions than the caller needs;
        /// end its wait so the caller can take over.
        case park(token: UInt64, interruptPoller: Bool)
    }

    /// Counts progress: bumped when a call received bytes, a half-sent packet went out, or a poller
    /// returned.
    private(set) var progress: UInt64 = 0
    /// The caller whose call left a half-sent packet in libssh2's output buffer.
    private(set) var outboundOwner: UInt64?
    /// The caller waiting on the socket, and the directions it waits for.
    private var poller: (caller: UInt64, events: IOEvents)?
    /// Park tokens to hand to the reactor's `unpark` at the next progress.
    private var parked: [UInt64] = []
    /// Per caller with a call that would block since its last wait: the progress count at the
    /// earliest such call (anything after it may have brought the caller's data) and the directions
    /// libssh2 reported after the latest.
    private var blocked: [UInt64: (seen: UInt64, events: IOEvents)] = [:]

    /// Whether `caller` may call libssh2 now (no other caller's packet is half sent).
    func mayCall(_ caller: UInt64) -> Bool {
        outboundOwner == nil || outboundOwner == caller
    }

    /// Records a call by `caller`. `wouldBlock`: it returned `LIBSSH2_ERROR_EAGAIN`, and libssh2 then
    /// reported `events` as its blocked directions (`.writable` meaning a half-sent packet).
    /// `received`: the socket delivered bytes during the call. Returns the park tokens to wake, and
    /// whether to end the poller's wait: the bytes may have been the poller's, and the socket will
    /// not wake it for data libssh2 already holds.
    mutating func called(_ caller: UInt64, wouldBlock: Bool, events: IOEvents, received: Bool)
        -> (wake: [UInt64], interruptPoller: Bool)
    {
        var advanced = received
        if wouldBlock && events.contains(.writable) {
            outboundOwner = caller
        } else if outboundOwner == caller {
            outboundOwner = nil
            advanced = true
        }
        if advanced { progress &+= 1 }
        if wouldBlock { noteBlocked(caller, events: events) }
        guard advanced else { return ([], false) }
        return (takeParked(), poller.map { $0.caller != caller } ?? false)
    }

    /// Records that `caller` could not call because another caller's packet is half sent.
    mutating func refused(_ caller: UInt64) {
        noteBlocked(caller, events: [])
    }

    private mutating func noteBlocked(_ caller: UInt64, events: IOEvents) {
        let seen = blocked[caller]?.seen ?? progress
        blocked[caller] = (seen, events.isEmpty ? .readable : events)
    }

    /// What `caller` should do now that its last call would block (or, with no such call since
    /// its last wait, now that it wants more from the server: then it waits for readability or
    /// progress). `makeToken` gives a park token when one is needed.
    mutating func wait(_ caller: UInt64, makeToken: () -> UInt64) -> Wait {
        let last = blocked.removeValue(forKey: caller) ?? (progress, .readable)
        guard last.seen == progress else { return .retry }
        if let owner = outboundOwner, owner != caller {
            return park(makeToken(), interruptPoller: false)
        }
        guard let current = poller else {
            poller = (caller, last.events)
            return .poll(last.events)
        }
        return park(makeToken(), interruptPoller: !current.events.isSuperset(of: last.events))
    }

    private mutating func park(_ token: UInt64, interruptPoller: Bool) -> Wait {
        parked.append(token)
        return .park(token: token, interruptPoller: interruptPoller)
    }

    /// The poller's wait ended (ready, interrupted or timed out): progress. Returns the tokens to wake.
    mutating func pollEnded(_ caller: UInt64) -> [UInt64] {
        if poller?.caller == caller { poller = nil }
        progress &+= 1
        return takeParked()
    }

    /// A parked caller's deadline passed before it was woken.
    mutating func parkTimedOut(_ token: UInt64) {
        parked.removeAll { $0 == token }
    }

    /// `caller` is done with the session. Returns whether it left a half-sent packet (which no later
    /// call can finish correctly), and the tokens to wake.
    mutating func left(_ caller: UInt64) -> (abandonedPacket: Bool, wake: [UInt64]) {
        blocked[caller] = nil
        guard outboundOwner == caller else { return (false, []) }
        outboundOwner = nil
        progress &+= 1
        return (true, takeParked())
    }

    private mutating func takeParked() -> [UInt64] {
        guard !parked.isEmpty else { return [] }
        defer { parked.removeAll(keepingCapacity: true) }
        return parked
    }
}
