/// The scheduler's end of the event stream: `emit` is synchronous and never waits for a reporter, so
/// a slow terminal or disk cannot slow the run; one drain task hands the events, in emit order, to the
/// reporter (usually a `ReporterFanOut`). Events wait in an unbounded queue while reporters catch up;
/// output chunks are the only large ones and the scheduler reads them no faster than the hosts write.
public final class EventPipe: Sendable {
    private let continuation: AsyncStream<RunEvent>.Continuation
    private let drain: Task<Void, Never>
    private let reporter: any Reporter

    /// Starts draining into `reporter`.
    public init(reporter: any Reporter) {
        let (stream, continuation) = AsyncStream<RunEvent>.makeStream(bufferingPolicy: .unbounded)
        self.continuation = continuation
        self.reporter = reporter
        self.drain = Task {
            for await event in stream { await reporter.handle(event) }
        }
    }

    /// Queues an event. Safe from any task or thread; events from one caller keep their order.
    public func emit(_ event: RunEvent) {
        continuation.yield(event)
    }

    /// Ends the stream, waits until every queued event was handled, then finishes the reporter.
    public func finish() async throws {
        continuation.finish()
        await drain.value
        try await reporter.finish()
    }
}
