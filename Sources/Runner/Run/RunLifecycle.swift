import Foundation
import Playbook
import Report
import SSHClient

/// One run of a plan from its first event to its last, the same for `pbrun run` and `pbrun exec`:
/// the provenance and `runStarted`, the scheduler, the interrupt policy while it runs (first signal
/// graceful, second forced), `runFinished` with the verdict, and every reporter finished, also after
/// an interrupt. The command line only chooses the plan, the settings and the reporters.
public struct RunLifecycle: Sendable {
    /// What the plan was made from, for the provenance every report starts with.
    public enum Source: Sendable {
        /// A playbook file and the extra vars (`-e`) it was planned with.
        case playbook(path: String, extraVars: VariableLayer?)
        /// An ad-hoc command (`pbrun exec`).
        case command(AdHocCommand)
    }

    public var plan: ExecutionPlan
    public var source: Source
    /// The inventory sources as given on the command line.
    public var inventories: [String]
    public var runID: String
    public var started: Date
    public var options: RunOptions
    public var connection: ConnectionSettings

    public init(plan: ExecutionPlan, source: Source, inventories: [String], runID: String, started: Date,
                options: RunOptions, connection: ConnectionSettings) {
        self.plan = plan
        self.source = source
        self.inventories = inventories
        self.runID = runID
        self.started = started
        self.options = options
        self.connection = connection
    }

    /// How a run ended.
    public struct Result: Sendable {
        /// The process status the run maps to (DESIGN.md, decision 7).
        public let exitCode: ExitCode
        /// Hosts that failed or were unreachable, sorted, for `--retry-file`.
        public let hostsOut: [String]
        /// The first reporter that could not write what it had, if one failed.
        public let reportError: (any Error)?
    }

    /// Runs the plan with `reporters` consuming its events; `masking` is theirs (a `secret: true`
    /// step's output is taught to it as the run goes). Never throws: every outcome is in the result.
    public func run(reporters: [any Reporter], masking: Masking, environment: [String: String],
                    commandLine: [String]) async -> Result {
        raiseOpenFileLimit()
        let events = EventPipe(reporter: ReporterFanOut(reporters))
        events.emit(.runStarted(provenance(commandLine: commandLine, mask: masking.text), plan: plan.outline))
        var options = options
        options.connect = connection.connectOptions(environment: environment)
        let stop = StopSignal()
        let scheduler = Scheduler(plan: plan, options: options, events: events, stop: stop, masking: masking)
        let runTask = Task { await scheduler.run() }
        let interrupts = InterruptHandler(stop: stop, events: events, grace: options.grace) {
            await scheduler.abortRunningCommands()
        }
        let verdict = await runTask.value
        interrupts.cancel()
        events.emit(.runFinished(exitCode: verdict.rawValue, at: Date()))
        var reportError: (any Error)?
        do {
            try await events.finish()
        } catch {
            reportError = error
        }
        return Result(exitCode: verdict, hostsOut: scheduler.hostsOut, reportError: reportError)
    }

    private func provenance(commandLine: [String], mask: (String) -> String) -> RunProvenance {
        switch source {
        case .playbook(let path, let extraVars):
            return RunProvenance.collect(
                runID: runID, playbookPath: path, inventories: inventories, extraVars: extraVars,
                commandLine: commandLine, started: started, checkMode: options.checkMode, mask: mask)
        case .command(let command):
            return RunProvenance.collect(runID: runID, command: command, inventories: inventories,
                                         commandLine: commandLine, started: started, mask: mask)
        }
    }
}
