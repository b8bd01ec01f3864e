import Synchronization

/// Whether the run must start no new steps, and why: a tripped failure gate or an interrupt.
public final class StopSignal: Sendable {
    private struct State {
        var stopped = false
        var interrupted = false
        var forced = false
    }

    private let state = Mutex(State())

    public init() {}

    /// The user interrupted the run (first SIGINT/SIGTERM).
    public func interrupt() {
        state.withLock { $0.stopped = true; $0.interrupted = true }
    }

    /// The run must end now: running commands are being stopped (second signal, or the grace period
    /// of the first ran out).
    public func force() {
        state.withLock { $0.stopped = true; $0.interrupted = true; $0.forced = true }
    }

    /// Stops the run for a failure rule; false when it was already stopped (then the caller reports
    /// nothing: one stop, one gate decision).
    @discardableResult
    func stopForGate() -> Bool {
        state.withLock { state in
            defer { state.stopped = true }
            return !state.stopped
        }
    }

    public var isStopped: Bool { state.withLock { $0.stopped } }
    public var wasInterrupted: Bool { state.withLock { $0.interrupted } }
    public var isForced: Bool { state.withLock { $0.forced } }
}
