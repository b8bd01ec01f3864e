import Dispatch
import Foundation
import Glibc
import Report
import Runner
import Synchronization

/// Turns SIGINT and SIGTERM into a stop of the run: the first stops new steps from starting (an
/// `interrupted(.graceful)` event) and gives running commands `grace` seconds; a second signal, or the
/// end of the grace period, stops them on the hosts at once (`interrupted(.forced)`, or
/// `interrupted(.graceExpired)`: the console says which, so a single Ctrl-C is never reported as a
/// second one). The reports are
/// written either way. The default handlers come back when the run is over.
final class InterruptHandler {
    private let sources: [DispatchSourceSignal]
    /// How many signals arrived; shared with the signal handlers.
    private final class Counter: Sendable {
        let value = Mutex(0)

        func increment() -> Int {
            value.withLock { count in
                count += 1
                return count
            }
        }
    }

    init(stop: StopSignal, events: EventPipe, grace: Double, forced: @escaping @Sendable () async -> Void) {
        var sources: [DispatchSourceSignal] = []
        let count = Counter()
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler {
                let seen = count.increment()
                if seen == 1 {
                    stop.interrupt()
                    events.emit(.interrupted(.graceful, at: Date()))
                    Task {
                        try? await Task.sleep(for: .seconds(grace))
                        guard !stop.isForced, count.increment() == 2 else { return }
                        // The console reporter says so (on standard output, with the rest of the run).
                        events.emit(.interrupted(.graceExpired, at: Date()))
                        await forced()
                    }
                } else if seen == 2 {
                    events.emit(.interrupted(.forced, at: Date()))
                    Task { await forced() }
                }
            }
            source.resume()
            sources.append(source)
        }
        self.sources = sources
    }

    /// Restores the default signal handling.
    func cancel() {
        for source in sources { source.cancel() }
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}

