import Foundation

/// One thing that happened during a run, as the scheduler saw it. The scheduler emits one ordered
/// stream of these and every output (console, output files, JSON, JUnit, HTML, events file, GitHub
/// annotations) is a consumer of that stream; none reaches into the scheduler (DESIGN.md, data flow).
///
/// The contract the scheduler keeps (docs/report-format.md, "The event stream"):
/// - `runStarted` comes first and `runFinished` last; nothing follows `runFinished`.
/// - `runStarted` carries the whole plan outline (plays, their hosts and steps), so a report can list
///   every host × step, also those that never ran because a host failed or the run was stopped.
/// - For one host and step: `stepStarted`, then any number of `output`, then exactly one
///   `stepFinished`. A step that did not run may be reported by a `stepFinished` alone (skipped,
///   not reached) or not at all; reporters then record it as not reached.
/// - Output chunks are raw bytes in the order they were read; secrets are still in them: every
///   reporter masks what it shows or writes.
public enum RunEvent: Sendable {
    /// The run begins: who ran what, from where, and the plan outline.
    case runStarted(RunProvenance, plan: [PlayPlan])
    /// A play begins on its hosts.
    case playStarted(PlayRef)
    /// A rolling batch (`serial:`) of a play begins; `index` is 1-based, `of` is the batch count.
    case batchStarted(PlayRef, index: Int, of: Int, hosts: [String])
    /// A host's session is up: connected and authenticated.
    case hostConnected(HostConnectionReport)
    /// A host could not be reached, or its session broke; it runs nothing more in this run.
    case hostUnreachable(host: String, address: String, port: Int, cause: String, at: Date)
    /// A step begins on a host.
    case stepStarted(host: String, step: StepRef, at: Date)
    /// An attempt at a step failed (or its `until` did not hold) and the step will be tried again:
    /// `attempt` is the attempt about to come (2, 3, …) of at most `of` (`retries` + 1), after
    /// `delay` seconds; `reason` says why the last one did not do (secrets not yet masked). The
    /// attempt itself then begins with its own `stepStarted`.
    case stepRetrying(host: String, step: StepRef, attempt: Int, of: Int, delay: Double, reason: String, at: Date)
    /// Bytes a running step wrote, in the order they were read.
    case output(host: String, step: StepRef, stream: OutputStream, bytes: [UInt8])
    /// A step ended on a host (or was decided not to run there).
    case stepFinished(host: String, step: StepRef, outcome: StepOutcome)
    /// A play ended; handlers of its hosts not reported by then were not notified.
    case playFinished(PlayRef, at: Date)
    /// A failure rule (`any_errors_fatal`, `max_fail_percentage`) was evaluated at a batch boundary.
    case gateDecision(GateDecision)
    /// The user asked the run to stop (first Ctrl-C: graceful; second: forced; or the grace period
    /// ran out after the first: grace_expired).
    case interrupted(InterruptKind, at: Date)
    /// The run is over; `exitCode` is pbrun's process status.
    case runFinished(exitCode: Int32, at: Date)
}

/// Which of a step's output streams a chunk came from.
public enum OutputStream: String, Sendable, Hashable, CaseIterable {
    case stdout
    case stderr
}

/// How the user stopped the run.
public enum InterruptKind: String, Sendable, Hashable {
    /// First Ctrl-C: no new steps start; running ones may finish within the grace period.
    case graceful
    /// Second Ctrl-C: everything is closed at once.
    case forced
    /// The grace period after the first Ctrl-C ran out: what still runs is closed at once.
    case graceExpired = "grace_expired"

    /// Whether running commands are stopped on the hosts now (not left to finish).
    public var isForced: Bool { self != .graceful }
}
