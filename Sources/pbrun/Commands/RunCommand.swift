import Foundation
import Playbook
import Report
import Runner

/// `pbrun run PLAYBOOK -i INVENTORY`: loads and plans everything first (any error: exit 4, no host
/// touched), then runs the plan across the hosts and exits 0, 2, 3 or 99 (DESIGN.md, decision 7).
struct RunCommand: Command {
    static let name = "run"
    static let summary = "Run a playbook's steps across the hosts of an inventory."
    static let usage = """
        Usage: pbrun run PLAYBOOK -i INVENTORY [OPTIONS]

        Checks the playbook and inventory completely, then runs each play's steps on its hosts
        over one SSH session per host, at most --forks hosts at once. Exit status: 0 all ok,
        2 a host failed, 3 a host was unreachable (and none failed), 4 invalid playbook or
        inventory (nothing was run), 5 bad options, 99 interrupted.
        With --check nothing is changed: every host is connected to, then each step is
        reported as it would go (see docs/dry-runs.md); --diff adds file diffs.
        Steps with become use sudo -n, or sudo -S with the password from PBRUN_BECOME_PASSWORD
        (or the host's ansible_become_password), sent on stdin, never as an argument.

        Example:
          pbrun run playbooks/hello.yml -i inventories/local.yml
          pbrun run deploy.yml -i prod.ini -e version=1.4.2 --limit web --report junit=out/junit.xml
          pbrun run deploy.yml -i prod.ini --check --diff
        """
    static let retryFile = OptionSpec.value("retry-file", "PATH", help: "Write the failed and unreachable hosts there, one a line.")
    static let check = OptionSpec.flag(
        "check", help: "Dry run: connect to every host, report what each step would do, change nothing.")
    static let diff = OptionSpec.flag(
        "diff", help: "With --check: show a unified diff of each file an upload or template would change.")
    static let grace = OptionSpec.value(
        "grace", "SECONDS", help: "After a first Ctrl-C, how long running commands may finish (default 10).")

    static let options = PlanSources.options + [PlanSources.secretsFileOption, retryFile, check, diff, grace]
        + ConnectionOptions.options + ReportOptions.options + OutputOptions.options

    let sources: PlanSources
    let retryFile: String?
    let checkMode: Bool
    let diff: Bool
    let grace: Double
    let connection: ConnectionOptions
    let reports: ReportOptions
    let output: OutputOptions

    init(arguments: ParsedArguments) throws(UsageError) {
        sources = try PlanSources(arguments: arguments, verb: "run",
                                  secretsFile: arguments.value(PlanSources.secretsFileOption))
        retryFile = arguments.value(Self.retryFile)
        checkMode = arguments.flag(Self.check)
        diff = arguments.flag(Self.diff)
        if diff, !checkMode { throw UsageError("--diff needs --check (a dry run shows what would change)") }
        grace = try arguments.nonNegativeSeconds(Self.grace) ?? 10
        connection = try ConnectionOptions(arguments)
        reports = try ReportOptions(arguments)
        output = try OutputOptions(arguments)
    }

    func run() async throws -> ExitCode {
        if let failure = connection.loadSSHConfig(command: "run") { return failure }
        let started = Date()
        let runID = UUID().uuidString.lowercased()
        let environment = ProcessInfo.processInfo.environment
        let plan: ExecutionPlan
        let extraLayer: VariableLayer?
        do {
            (plan, extraLayer) = try sources.plan(connectionDefaults: connection.defaults, runID: runID, started: started)
        } catch {
            printError(error.diagnostics.map { $0.rendered + "\n" }.joined())
            printError("pbrun run: \(error.diagnostics.count) error(s); no host was touched\n")
            return .invalidInput
        }
        if let failure = ConnectionOptions.checkKnownHosts(Array(plan.connections.values), command: "run") {
            return failure
        }
        if plan.connections.values.contains(where: { $0.hostKeyChecking == .off }) {
            printError("pbrun run: warning: host key checking is off; any server can pose as these hosts\n")
        }
        let becomePassword = environment["PBRUN_BECOME_PASSWORD"].flatMap { $0.isEmpty ? nil : $0 }
        let masking = Masking.secrets(plan.secretValues.union(Masking.credentials(in: environment)))
        let reporters: [any Reporter]
        do {
            reporters = try output.reporters(fd: reports.consoleFD, reports: reports, masking: masking,
                                             environment: environment)
        } catch {
            printError("pbrun run: \(error)\n")
            return .badOptions
        }
        var options = RunOptions(forksOverride: connection.forks, grace: grace)
        options.checkMode = checkMode
        options.diff = diff
        options.becomePassword = becomePassword
        let lifecycle = RunLifecycle(
            plan: plan, source: .playbook(path: sources.playbookPath, extraVars: extraLayer),
            inventories: sources.inventories, runID: runID, started: started, options: options,
            connection: connection.settings)
        let result = await lifecycle.run(reporters: reporters, masking: masking, environment: environment,
                                         commandLine: CommandLine.arguments)
        if let error = result.reportError { printError("pbrun run: \(error)\n") }
        if let retryFile { writeRetryFile(retryFile, hosts: result.hostsOut) }
        return result.exitCode
    }

    private func writeRetryFile(_ path: String, hosts: [String]) {
        let text = hosts.map { $0 + "\n" }.joined()
        do {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            printError("pbrun run: cannot write --retry-file \(path): \(error.localizedDescription)\n")
        }
    }
}
