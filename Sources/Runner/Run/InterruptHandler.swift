import Dispatch
import Foundation
import Glibc
import Report
import Synchronization

/// Turns SIGINT and SIGTERM into a stop of the run, as `InterruptState` decides: the first stops new
/// steps from starting (an `interrupted(.graceful)` event) and gives running commands `grace`
/// seconds; a second signal, or the end of the grace period, stops them on the hosts at once
/// (`interrupted(.forced)`, or `interrupted(.graceExpired)`: the console says which, so a single
/// Ctrl-C is never reported as a second one). The reports are written either way. The default
/// handlers come back when the run is over.
final class InterruptHandler {
    private let sources: [DispatchSourceSignal]

    /// The state the signal handlers and the grace timer share.
    private final class SharedState: Sendable {
        private let state = Mutex(InterruptState())

        func apply(_ event: (inout InterruptState) -> InterruptState.Action) -> InterruptState.Action {
            state.withLock { event(&$0) }
        }
    }

    init(stop: StopSignal, events: EventPipe, grace: Double, abort: @escaping @Sendable () async -> Void) {
        let state = SharedState()
        @Sendable func perform(_ action: InterruptState.Action) {
            switch action {
            case .stopGracefully:
                stop.interrupt()
                events.emit(.interrupted(.graceful, at: Date()))
                Task {
                    try? await Task.sleep(for: .seconds(grace))
                    perform(state.apply { $0.graceExpired() })
                }
            case .abort(let kind):
                // The console reporter says which (on standard output, with the rest of the run).
                events.emit(.interrupted(kind, at: Date()))
                Task { await abort() }
            case .none:
                break
            }
        }
        var sources: [DispatchSourceSignal] = []
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { perform(state.apply { $0.signalReceived() }) }
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
