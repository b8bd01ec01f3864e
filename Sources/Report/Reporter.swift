/// A consumer of the run's event stream (STYLE.md, example 11). `handle` is called once per event, in
/// stream order, never concurrently with itself; `finish` is called once after the last event (also
/// after an interrupt, so every report is written with what happened) and writes what is left.
public protocol Reporter: Sendable {
    func handle(_ event: RunEvent) async
    func finish() async throws
}

/// Feeds several reporters in order: each event goes to every reporter, first to last, before the
/// next event. `finish` finishes every reporter even when one fails, then throws the first failure.
public struct ReporterFanOut: Reporter {
    public let reporters: [any Reporter]

    public init(_ reporters: [any Reporter]) {
        self.reporters = reporters
    }

    public func handle(_ event: RunEvent) async {
        for reporter in reporters { await reporter.handle(event) }
    }

    public func finish() async throws {
        var firstError: (any Error)?
        for reporter in reporters {
            do { try await reporter.finish() } catch { firstError = firstError ?? error }
        }
        if let firstError { throw firstError }
    }
}
