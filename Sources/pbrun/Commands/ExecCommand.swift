import Foundation
import Playbook
import Report
import Runner

/// `pbrun exec -i INVENTORY PATTERN -- COMMAND`: runs one command on every matching host at once
/// (bounded by `--forks`), like `pssh -i` or `ansible PATTERN -m shell`. The command is a one-step
/// plan (`AdHocCommand`) run like any playbook: its `{{ }}` rendered per host, the same scheduler,
/// outcomes, exit codes, interrupt policy and reporters as `pbrun run`; only the console differs.
struct ExecCommand: Command {
    static let name = "exec"
    static let summary = "Run one shell command on every host a pattern matches."
    static let usage = """
        Usage: pbrun exec -i INVENTORY [OPTIONS] PATTERN -- COMMAND...

        Runs COMMAND on every host of INVENTORY that PATTERN matches ('all', a group, a host, or
        several joined by ','), printing each line prefixed by its host, then a one-line summary.
        COMMAND may use {{ }} templates with each host's inventory variables. Exit status: 0 all
        ok, 2 a command failed or timed out, 3 a host was unreachable (and none failed), 4 no host
        matched or the inventory is invalid (nothing was run), 5 bad options, 99 interrupted.
        With --output-dir DIR each host's output goes to DIR/HOST.stdout and DIR/HOST.stderr (and
        its result to DIR/HOST.json) instead of the console.

        Example:
          pbrun exec -i inventories/local.ini web -- uptime
          pbrun exec -i hosts.ini all --output-dir out --timeout 30 -- 'df -h /'
          pbrun exec -i hosts.ini db --report junit=out/junit.xml -- 'pg_isready -p {{ pg_port }}'
        """
    static let timeout = OptionSpec.value(
        "timeout", short: "t", "SECONDS", help: "Stop the command on a host after this long (exit 2).")
    static let group = OptionSpec.flag("group", short: "g", help: "Print each host's output as one block when it finishes.")
    static let timings = OptionSpec.flag(
        "timings", help: "Print the median time of each phase (connect, start, run, close) at the end.")

    static let options = [InventoryOptions.inventory, timeout, group, timings] + ReportOptions.options
        + ConnectionOptions.options

    let inventories: [String]
    let command: AdHocCommand
    let connection: ConnectionOptions
    let reports: ReportOptions
    let grouped: Bool
    let timings: Bool

    init(arguments: ParsedArguments) throws(UsageError) {
        inventories = try InventoryOptions.requiredInventories(arguments)
        guard let pattern = arguments.positionals.first else { throw UsageError("missing the host PATTERN") }
        if arguments.positionals.count > 1 {
            throw UsageError("unexpected argument '\(arguments.positionals[1])' (put the command after '--')")
        }
        connection = try ConnectionOptions(arguments)
        guard let words = arguments.afterDoubleDash, !words.isEmpty else {
            throw UsageError("missing the command after '--'")
        }
        command = AdHocCommand(pattern: pattern, text: words.joined(separator: " "),
                               timeout: try arguments.positiveSeconds(Self.timeout))
        reports = try ReportOptions(arguments)
        grouped = arguments.flag(Self.group)
        timings = arguments.flag(Self.timings)
    }

    func run() async throws -> ExitCode {
        if let failure = connection.loadSSHConfig(command: "exec") { return failure }
        let started = Date()
        let runID = UUID().uuidString.lowercased()
        let environment = ProcessInfo.processInfo.environment
        let plan: ExecutionPlan
        do {
            let inventory = try PlanInputs.load(inventories: inventories, extraVars: [], secretsFile: nil).inventory
            plan = try command.plan(inventory: inventory, connectionDefaults: connection.defaults, runID: runID,
                                    started: started)
        } catch {
            printError(error.diagnostics.map { $0.rendered + "\n" }.joined())
            printError("pbrun exec: \(error.diagnostics.count) error(s); no host was touched\n")
            return .invalidInput
        }
        if let failure = ConnectionOptions.checkKnownHosts(Array(plan.connections.values), command: "exec") {
            return failure
        }
        if plan.connections.values.contains(where: { $0.hostKeyChecking == .off }) {
            printError("pbrun exec: warning: host key checking is off; any server can pose as these hosts\n")
        }
        if let outputDirectory = reports.outputDirectory {
            do {
                try FileManager.default.createDirectory(atPath: outputDirectory, withIntermediateDirectories: true)
            } catch {
                printError("pbrun exec: cannot create --output-dir \(outputDirectory): \(error.localizedDescription)\n")
                return .badOptions
            }
        }
        let masking = Masking.secrets(plan.secretValues.union(Masking.credentials(in: environment)))
        let console = ExecConsoleReporter(
            options: ExecConsoleReporter.Options(grouped: grouped, showsOutput: reports.outputDirectory == nil,
                                                 timings: timings, timeout: command.timeout),
            output: FileDescriptorWriter(fd: reports.consoleFD), masking: masking)
        let reporters: [any Reporter]
        do {
            reporters = [console] + (try reports.fileReporters(masking: masking, environment: environment,
                                                               layout: .perHost))
        } catch {
            printError("pbrun exec: \(error)\n")
            return .badOptions
        }
        let lifecycle = RunLifecycle(
            plan: plan, source: .command(command), inventories: inventories, runID: runID, started: started,
            options: RunOptions(forksOverride: connection.forks), connection: connection.settings)
        let result = await lifecycle.run(reporters: reporters, masking: masking, environment: environment,
                                         commandLine: CommandLine.arguments)
        if let error = result.reportError { printError("pbrun exec: \(error)\n") }
        return result.exitCode
    }
}
