import Dispatch
import Foundation
import Glibc
import Runner
import Synchronization

/// Turns SIGINT and SIGTERM into a stop of the run: the first stops new steps from starting (an
/// `interrupted(.graceful)` event); a second cancels the run's task, so running commands are closed
/// at once (an `interrupted(.forced)` event); the reports are still written. The default handlers
/// come back when the run is over.
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

    init(stop: StopSignal, events: EventPipe, forced: @escaping @Sendable () -> Void) {
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
                    printError("\npbrun: interrupted; no new steps start (press Ctrl-C again to stop at once)\n")
                } else {
                    events.emit(.interrupted(.forced, at: Date()))
                    printError("\npbrun: stopping at once\n")
                    forced()
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
