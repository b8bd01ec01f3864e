import Synchronization

/// The scheduler's end of the event stream: `emit` is synchronous and never waits for a reporter, so
/// a slow terminal cannot slow the run; one drain task hands the events, in emit order, to the
/// reporter (usually a `ReporterFanOut`). Output chunks, the only large events, go through
/// `emitOutput`, which waits while more than `outputBudget` bytes of output are queued: a command
/// printing faster than the disk takes it is slowed down through SSH flow control instead of filling
/// memory (DESIGN.md, decision 9).
public final class EventPipe: Sendable {
    /// Bytes of output that may wait for the reporters before producers are held back.
    public static let defaultOutputBudget = 8 * 1024 * 1024

    /// Output bytes queued and the producers waiting for room; shared with the drain task.
    private final class Budget: Sendable {
        struct State {
            var queuedBytes = 0
            var waiters: [CheckedContinuation<Void, Never>] = []
        }

        let state = Mutex(State())
    }

    private let continuation: AsyncStream<Queued>.Continuation
    private let drain: Task<Void, Never>
    private let reporter: any Reporter
    private let budget: Budget
    private let outputBudget: Int

    private struct Queued: Sendable {
        let event: RunEvent
        let outputBytes: Int
    }

    /// Starts draining into `reporter`.
    public init(reporter: any Reporter, outputBudget: Int = EventPipe.defaultOutputBudget) {
        let (stream, continuation) = AsyncStream<Queued>.makeStream(bufferingPolicy: .unbounded)
        let budget = Budget()
        self.continuation = continuation
        self.reporter = reporter
        self.budget = budget
        self.outputBudget = outputBudget
        self.drain = Task {
            for await queued in stream {
                await reporter.handle(queued.event)
                if queued.outputBytes > 0 {
                    let ready = budget.state.withLock { budget -> [CheckedContinuation<Void, Never>] in
                        budget.queuedBytes -= queued.outputBytes
                        guard budget.queuedBytes <= outputBudget else { return [] }
                        defer { budget.waiters.removeAll() }
                        return budget.waiters
                    }
                    for waiter in ready { waiter.resume() }
                }
            }
        }
    }

    /// Queues an event. Safe from any task or thread; events from one caller keep their order.
    public func emit(_ event: RunEvent) {
        continuation.yield(Queued(event: event, outputBytes: 0))
    }

    /// Queues an output event of `bytes` bytes, first waiting while the queued output is over budget.
    public func emitOutput(_ event: RunEvent, bytes: Int) async {
        while budget.state.withLock({ $0.queuedBytes > outputBudget }) {
            await withCheckedContinuation { (waiter: CheckedContinuation<Void, Never>) in
                let resumeNow = budget.state.withLock { budget -> Bool in
                    if budget.queuedBytes <= outputBudget { return true }
                    budget.waiters.append(waiter)
                    return false
                }
                if resumeNow { waiter.resume() }
            }
        }
        budget.state.withLock { $0.queuedBytes += bytes }
        continuation.yield(Queued(event: event, outputBytes: bytes))
    }

    /// Ends the stream, waits until every queued event was handled, then finishes the reporter.
    public func finish() async throws {
        continuation.finish()
        await drain.value
        try await reporter.finish()
    }
}
