import Synchronization

/// Whether the run must start no new steps, and why: a tripped failure gate or an interrupt.
public final class StopSignal: Sendable {
    private struct State {
        var stopped = false
        var interrupted = false
    }

    private let state = Mutex(State())

    public init() {}

    /// The user interrupted the run (first SIGINT/SIGTERM).
    public func interrupt() {
        state.withLock { $0.stopped = true; $0.interrupted = true }
    }

    func stopForGate() {
        state.withLock { $0.stopped = true }
    }

    public var isStopped: Bool { state.withLock { $0.stopped } }
    public var wasInterrupted: Bool { state.withLock { $0.interrupted } }
}
