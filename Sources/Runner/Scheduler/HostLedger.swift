import Playbook
import Synchronization

/// What the scheduler knows about each host as the run goes: whether it is out (failed or
/// unreachable), what it registered, which handlers were notified. Each host is worked on by one task
/// at a time; the lock only makes the bookkeeping safe to read from the scheduler between steps.
final class HostLedger: Sendable {
    /// Why a host left the run.
    enum Exit: Sendable, Equatable {
        case failed
        case unreachable
    }

    private struct HostState {
        var exit: Exit?
        var registered = RegisteredResults()
        /// Handler positions notified in the current play.
        var notified: Set<Int> = []
    }

    private let states: Mutex<[String: HostState]>

    init(hosts: [String]) {
        states = Mutex(Dictionary(uniqueKeysWithValues: hosts.map { ($0, HostState()) }))
    }

    func isOut(_ host: String) -> Bool {
        states.withLock { $0[host]?.exit != nil }
    }

    func exit(of host: String) -> Exit? {
        states.withLock { $0[host]?.exit }
    }

    /// Takes the host out of the run; an unreachable host stays unreachable even if it also failed.
    func markOut(_ host: String, _ exit: Exit) {
        states.withLock { states in
            if states[host]?.exit != .unreachable { states[host]?.exit = exit }
        }
    }

    func registered(_ host: String) -> RegisteredResults {
        states.withLock { $0[host]?.registered ?? RegisteredResults() }
    }

    func register(_ host: String, stepID: String, _ entry: RegisteredResults.Entry) {
        states.withLock { $0[host]?.registered.byStepID[stepID] = entry }
    }

    func notify(_ host: String, handlers: [Int]) {
        states.withLock { $0[host]?.notified.formUnion(handlers) }
    }

    /// The handlers notified on `host` in this play, and forgets them for the next play.
    func takeNotified(_ host: String) -> Set<Int> {
        states.withLock { states in
            let notified = states[host]?.notified ?? []
            states[host]?.notified = []
            return notified
        }
    }

    /// The run's verdict so far: a failed host wins over an unreachable one.
    var verdict: ExitCode {
        states.withLock { states in
            let exits = states.values.compactMap(\.exit)
            if exits.contains(.failed) { return .hostFailed }
            if exits.contains(.unreachable) { return .unreachable }
            return .ok
        }
    }

    /// Hosts that failed or were unreachable, sorted, for `--retry-file`.
    var hostsOut: [String] {
        states.withLock { states in states.filter { $0.value.exit != nil }.map(\.key).sorted() }
    }
}
