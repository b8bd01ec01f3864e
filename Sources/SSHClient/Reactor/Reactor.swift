internal import CEpoll
import Glibc
import Synchronization

/// The directions a task waits for on a socket.
public struct IOEvents: OptionSet, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    /// Data (or EOF, or an error) can be read.
    public static let readable = IOEvents(rawValue: 1)
    /// The send buffer has room (or a connect finished).
    public static let writable = IOEvents(rawValue: 2)
}

/// How a wait on the reactor ended.
public enum Readiness: Sendable, Equatable {
    /// The socket is ready in one of the asked directions (or has an error to report).
    case ready
    /// The deadline passed first.
    case timedOut
}

/// One thread that owns an epoll set and wakes the tasks waiting on sockets and deadlines
/// (DESIGN.md, decision 5). Every wait is one-shot: a task registers a file descriptor with the
/// directions it needs and a deadline, and is resumed exactly once, by readiness or by the deadline.
///
/// Registrations use `EPOLLONESHOT` and carry a fresh token each time, so an event that arrives for
/// a wait that already ended (timed out, or the fd was closed and its number reused) finds no waiter
/// and is dropped. `forget(_:)` removes an fd from the set and must be called before closing it.
/// An fd has one registration, so at most one task may wait on a given fd at a time (a second wait
/// would re-arm it with its own token and strand the first): tasks sharing a socket elect one waiter
/// and park the others (`makeParkToken`, `park`, `unpark`), as `SSHSession` does.
public final class Reactor: Sendable {
    /// The process's reactor, started on first use.
    public static let shared = Reactor()

    /// What a waiting task is owed.
    private struct Waiter {
        /// What the task waits for.
        enum Kind {
            /// Readiness of this fd.
            case socket(Int32)
            /// Only the deadline.
            case sleep
            /// `unpark` of its token, or the deadline.
            case park
        }

        var continuation: UnsafeContinuation<Readiness, Never>
        var kind: Kind

        /// The fd waited on, nil for sleeps and parks.
        var descriptor: Int32? {
            if case .socket(let descriptor) = kind { return descriptor }
            return nil
        }
    }

    private struct State {
        var waiters: [UInt64: Waiter] = [:]
        var timers = DeadlineHeap()
        /// Fds currently in the epoll set (added once, re-armed with `EPOLL_CTL_MOD`).
        var registered: Set<Int32> = []
        var nextToken: UInt64 = 1
        /// Park tokens handed out whose `park` has not started yet.
        var parkPending: Set<UInt64> = []
        /// Pending park tokens already unparked: their `park` returns at once.
        var parkEarly: Set<UInt64> = []
        /// Fds interrupted while nobody waited on them: the next wait on each returns at once.
        var interrupted: Set<Int32> = []
        /// The deadline the reactor thread is sleeping until, to know when a new timer must wake it.
        var sleepingUntil = Deadline.distantFuture
    }

    private let epollDescriptor: Int32
    private let wakeDescriptor: Int32
    private let state = Mutex(State())
    /// The token that marks the eventfd in epoll events.
    private static let wakeToken: UInt64 = 0

    private init() {
        epollDescriptor = epoll_create1(Int32(EPOLL_CLOEXEC))
        wakeDescriptor = eventfd(0, Int32(EFD_CLOEXEC) | Int32(EFD_NONBLOCK))
        precondition(epollDescriptor >= 0 && wakeDescriptor >= 0, "epoll/eventfd unavailable: errno \(errno)")
        var event = epoll_event()
        event.events = pbrun_EPOLLIN
        event.data.u64 = Self.wakeToken
        precondition(epoll_ctl(epollDescriptor, EPOLL_CTL_ADD, wakeDescriptor, &event) == 0, "epoll_ctl: \(errno)")
        BlockingThread.start(name: "pbrun-reactor", stackSize: 1 << 20) { [self] in self.runLoop() }
    }

    // MARK: - Waiting

    /// Suspends until `descriptor` is ready in one of `events` or `deadline` passes.
    public func wait(for descriptor: Int32, _ events: IOEvents, until deadline: Deadline) async -> Readiness {
        await withUnsafeContinuation { continuation in
            var flags = pbrun_EPOLLONESHOT | pbrun_EPOLLERR | pbrun_EPOLLHUP
            if events.contains(.readable) { flags |= pbrun_EPOLLIN | pbrun_EPOLLRDHUP }
            if events.contains(.writable) { flags |= pbrun_EPOLLOUT }
            let failure: Int32?? = state.withLock { state in
                if state.interrupted.remove(descriptor) != nil { return .some(nil) }
                let token = state.nextToken
                state.nextToken += 1
                var event = epoll_event()
                event.events = flags
                event.data.u64 = token
                let operation = state.registered.contains(descriptor) ? EPOLL_CTL_MOD : EPOLL_CTL_ADD
                guard epoll_ctl(epollDescriptor, operation, descriptor, &event) == 0 else { return errno }
                state.registered.insert(descriptor)
                state.waiters[token] = Waiter(continuation: continuation, kind: .socket(descriptor))
                addTimer(deadline, token: token, to: &state)
                return nil
            }
            if case .some(nil) = failure {
                continuation.resume(returning: .ready)
            } else if case .some(.some(let failure)) = failure {
                // EBADF/EINVAL on our own socket is a bug in the caller, not a condition to handle.
                preconditionFailure("epoll_ctl on fd \(descriptor) failed: errno \(failure)")
            }
        }
    }

    /// Suspends until `deadline` passes. Used for keepalive timers, retry backoff and bounding work
    /// that runs elsewhere (name resolution).
    public func sleep(until deadline: Deadline) async {
        _ = await withUnsafeContinuation { (continuation: UnsafeContinuation<Readiness, Never>) in
            state.withLock { state in
                let token = state.nextToken
                state.nextToken += 1
                state.waiters[token] = Waiter(continuation: continuation, kind: .sleep)
                addTimer(deadline, token: token, to: &state)
            }
        }
    }

    // MARK: - Parking

    /// A fresh token for `park`/`unpark`. Hand it to whoever will wake the task before parking, so a
    /// wake that comes before `park` starts is not lost.
    public func makeParkToken() -> UInt64 {
        state.withLock { state in
            let token = state.nextToken
            state.nextToken += 1
            state.parkPending.insert(token)
            return token
        }
    }

    /// Suspends until `unpark(token)` (`.ready`, also when it came before this call) or `deadline`
    /// (`.timedOut`). Each token parks once.
    public func park(_ token: UInt64, until deadline: Deadline) async -> Readiness {
        await withUnsafeContinuation { continuation in
            let early: Bool = state.withLock { state in
                state.parkPending.remove(token)
                if state.parkEarly.remove(token) != nil { return true }
                state.waiters[token] = Waiter(continuation: continuation, kind: .park)
                addTimer(deadline, token: token, to: &state)
                return false
            }
            if early { continuation.resume(returning: .ready) }
        }
    }

    /// Wakes the tasks parked on `tokens` (or makes their coming `park` return at once). Tokens whose
    /// park already ended are ignored.
    public func unpark(_ tokens: [UInt64]) {
        guard !tokens.isEmpty else { return }
        let woken: [UnsafeContinuation<Readiness, Never>] = state.withLock { state in
            var woken: [UnsafeContinuation<Readiness, Never>] = []
            for token in tokens {
                if let waiter = state.waiters.removeValue(forKey: token) {
                    woken.append(waiter.continuation)
                } else if state.parkPending.contains(token) {
                    state.parkEarly.insert(token)
                }
            }
            return woken
        }
        for continuation in woken { continuation.resume(returning: .ready) }
    }

    /// Ends the current wait on `descriptor` as if it were ready, keeping the fd in the epoll set (a
    /// late event for the ended wait finds no waiter and is dropped); with no wait on it, the next
    /// one returns at once. For a task that must wait for other directions than the one now waiting
    /// on the fd (only one wait per fd may be armed), or whose data another task's call already took
    /// off the socket.
    public func interrupt(_ descriptor: Int32) {
        let woken: [UnsafeContinuation<Readiness, Never>] = state.withLock { state in
            let tokens = state.waiters.filter { $0.value.descriptor == descriptor }.map(\.key)
            if tokens.isEmpty { state.interrupted.insert(descriptor) }
            return tokens.compactMap { state.waiters.removeValue(forKey: $0)?.continuation }
        }
        for continuation in woken { continuation.resume(returning: .ready) }
    }

    // MARK: - Forgetting

    /// Removes `descriptor` from the epoll set (`EPOLL_CTL_DEL`). Call it before `close`, so a
    /// later fd with the same number never inherits this registration. A task still waiting on it
    /// is woken as if it were ready, and will find the fd gone.
    public func forget(_ descriptor: Int32) {
        let orphans: [UnsafeContinuation<Readiness, Never>] = state.withLock { state in
            state.interrupted.remove(descriptor)
            guard state.registered.remove(descriptor) != nil else { return [] }
            _ = epoll_ctl(epollDescriptor, EPOLL_CTL_DEL, descriptor, nil)
            let tokens = state.waiters.filter { $0.value.descriptor == descriptor }.map(\.key)
            return tokens.compactMap { state.waiters.removeValue(forKey: $0)?.continuation }
        }
        for continuation in orphans { continuation.resume(returning: .ready) }
    }

    private func addTimer(_ deadline: Deadline, token: UInt64, to state: inout State) {
        guard deadline < .distantFuture else { return }
        state.timers.insert(.init(deadline: deadline, token: token))
        if state.timers.count > 1024, state.timers.count > 2 * state.waiters.count {
            let live = state.waiters
            state.timers.compact { live[$0] != nil }
        }
        if deadline < state.sleepingUntil {
            var one: UInt64 = 1
            _ = Glibc.write(wakeDescriptor, &one, 8)
        }
    }

    // MARK: - The loop

    private func runLoop() {
        let capacity = 512
        let events = UnsafeMutablePointer<epoll_event>.allocate(capacity: capacity)
        defer { events.deallocate() }
        var woken: [(UnsafeContinuation<Readiness, Never>, Readiness)] = []
        woken.reserveCapacity(capacity)
        while true {
            let timeout: Int32 = state.withLock { state in
                guard let first = state.timers.first else {
                    state.sleepingUntil = .distantFuture
                    return -1
                }
                state.sleepingUntil = first.deadline
                let now = Deadline.now
                guard first.deadline > now else { return 0 }
                // Round up so the thread never wakes a hair early and spins.
                return Int32(clamping: (first.deadline.nanoseconds - now.nanoseconds + 999_999) / 1_000_000)
            }
            let count = epoll_wait(epollDescriptor, events, Int32(capacity), timeout)
            if count < 0 && errno != EINTR {
                preconditionFailure("epoll_wait failed: errno \(errno)")
            }
            state.withLock { state in
                state.sleepingUntil = .now
                for index in 0..<max(0, Int(count)) {
                    let token = events[index].data.u64
                    if token == Self.wakeToken {
                        var value: UInt64 = 0
                        _ = Glibc.read(wakeDescriptor, &value, 8)
                        continue
                    }
                    if let waiter = state.waiters.removeValue(forKey: token) {
                        woken.append((waiter.continuation, .ready))
                    }
                }
                let now = Deadline.now
                while let first = state.timers.first, first.deadline <= now {
                    _ = state.timers.popFirst()
                    if let waiter = state.waiters.removeValue(forKey: first.token) {
                        let sleep = if case .sleep = waiter.kind { true } else { false }
                        woken.append((waiter.continuation, sleep ? .ready : .timedOut))
                    }
                }
            }
            for (continuation, readiness) in woken { continuation.resume(returning: readiness) }
            woken.removeAll(keepingCapacity: true)
        }
    }
}
