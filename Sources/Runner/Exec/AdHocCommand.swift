import Foundation
import Playbook

/// `pbrun exec PATTERN -- COMMAND` as a plan: one play on the hosts PATTERN matches, with one `run:`
/// step, planned by the same `Planner` as a playbook. So the command is a template rendered per host
/// with the host's inventory variables (an undefined variable is an error naming the host and the
/// column, before any host is touched), and it runs with the same scheduler, fan-out, outcomes and
/// exit rule as `pbrun run`.
public struct AdHocCommand: Sendable {
    /// The name the command goes by in diagnostics (`<command>:1:7: error: …`) and reports.
    public static let sourceName = "<command>"
    /// The id of the plan's one step (output files, reports).
    public static let stepID = "command"

    /// The host pattern (`all`, a group, a host, several joined by `,` or `:`).
    public let pattern: String
    /// The shell command line, a template.
    public let text: String
    /// Seconds after which the command is stopped on a host (`--timeout`); nil for no limit.
    public let timeout: Double?

    public init(pattern: String, text: String, timeout: Double? = nil) {
        self.pattern = pattern
        self.text = text
        self.timeout = timeout
    }

    /// The plan: every host `pattern` matches in `inventory`, in inventory order, in one batch. A
    /// pattern that matches nothing, a host whose connection settings cannot be rendered or a
    /// template that fails on a host is a diagnostic; nothing is touched until the plan is whole.
    public func plan(inventory: Inventory, connectionDefaults: ConnectionDefaults, runID: String,
                     started: Date) throws(DiagnosticList) -> ExecutionPlan {
        // Resolved first, so a pattern that matches nothing reads as it always has: the pattern
        // came from the command line and has no position to point at.
        _ = try inventory.hosts(matching: pattern)
        let request = PlanRequest(playbook: playbook, inventory: inventory, connectionDefaults: connectionDefaults,
                                  runID: runID, started: started)
        return try Planner.plan(request)
    }

    /// The one-play, one-step playbook this command stands for.
    var playbook: PlaybookFile {
        let origin = SourceLocation(file: Self.sourceName, line: 1, column: 1)
        let step = Step(id: Located(Self.stepID, at: origin), name: Located(text, at: origin), location: origin,
                        index: 0, action: .run(Located(text, at: origin)),
                        timeout: timeout.map { Located(Duration.seconds($0), at: origin) })
        let graph = StepGraph.build(steps: [step], handlers: []).graph
        let play = Play(
            file: Self.sourceName, location: origin, name: Located("exec \(pattern)", at: origin),
            hosts: Located(pattern, at: origin), vars: Variables(), forks: nil, strategy: .linear, serial: [],
            maxFailPercentage: nil, anyErrorsFatal: false, timeout: nil, connectTimeout: nil, env: [], cwd: nil,
            become: false, becomeUser: nil, steps: [step], handlers: [], graph: graph)
        return PlaybookFile(path: Self.sourceName, version: 1, name: nil, description: nil, vars: Variables(),
                            varsFiles: [], includes: [], plays: [play])
    }
}
