import Foundation
import Playbook
import Runner
import SSHClient

/// `pbrun exec -i INVENTORY PATTERN -- COMMAND`: runs one command on every matching host at once
/// (bounded by `--forks`), like `pssh -i` or `ansible PATTERN -m shell`, and exits 0 when every host
/// ran it with exit 0, 2 when any command failed or timed out, 3 when a host was unreachable and
/// none failed.
struct ExecCommand: Command {
    static let name = "exec"
    static let summary = "Run one shell command on every host a pattern matches."
    static let usage = """
        Usage: pbrun exec -i INVENTORY [OPTIONS] PATTERN -- COMMAND...

        Runs COMMAND on every host of INVENTORY that PATTERN matches ('all', a group, a host, or
        several joined by ','), printing each line prefixed by its host, then a one-line summary.

        Example:
          pbrun exec -i inventories/local.ini web -- uptime
          pbrun exec -i hosts.ini all --output-dir out --timeout 30 -- 'df -h /'
        """
    static let options: [OptionSpec] = [
        .value("inventory", short: "i", "PATH", help: "Inventory file, folder or script; may be repeated."),
        .value("timeout", short: "t", "SECONDS", help: "Stop the command on a host after this long (exit 2)."),
        .value("output-dir", short: "o", "DIR", help: "Write DIR/HOST.stdout and DIR/HOST.stderr instead of the console."),
        .flag("group", short: "g", help: "Print each host's output as one block when it finishes."),
        .flag("timings", help: "Print the median time of each phase (connect, start, run, close) at the end."),
    ] + ConnectionArguments.options

    let inventories: [String]
    let pattern: String
    let command: String
    let timeout: Double?
    let connection: ConnectionArguments
    let outputDirectory: String?
    let grouped: Bool
    let timings: Bool

    init(arguments: ParsedArguments) throws(UsageError) {
        inventories = arguments.all("inventory")
        guard !inventories.isEmpty else { throw UsageError("missing -i INVENTORY") }
        guard let pattern = arguments.positionals.first else { throw UsageError("missing the host PATTERN") }
        if arguments.positionals.count > 1 {
            throw UsageError("unexpected argument '\(arguments.positionals[1])' (put the command after '--')")
        }
        self.pattern = pattern
        connection = try ConnectionArguments(arguments)
        guard let words = arguments.afterDoubleDash, !words.isEmpty else {
            throw UsageError("missing the command after '--'")
        }
        command = words.joined(separator: " ")
        timeout = try arguments.positiveSeconds("timeout")
        outputDirectory = arguments.value("output-dir")
        grouped = arguments.flag("group")
        timings = arguments.flag("timings")
    }

    func run() async throws -> ExitCode {
        let started = Deadline.now
        raiseOpenFileLimit()
        if let failure = connection.loadSSHConfig(command: "exec") { return failure }
        let targets: [HostConnection]
        do {
            let inventory = try Inventory.load(sources: inventories)
            for warning in inventory.warnings { printError(warning.rendered + "\n") }
            targets = try inventory.hosts(matching: pattern).map {
                inventory.connection(for: $0, defaults: connection.defaults)
            }
        } catch {
            printError(error.diagnostics.map(\.rendered).joined(separator: "\n") + "\n")
            printError("pbrun exec: \(error.diagnostics.count) error(s); no host was touched\n")
            return .invalidInput
        }
        if let failure = ConnectionArguments.checkKnownHosts(targets, command: "exec") { return failure }
        if targets.contains(where: { $0.hostKeyChecking == .off }) {
            printError("pbrun exec: warning: host key checking is off; any server can pose as these hosts\n")
        }
        if let outputDirectory {
            do {
                try FileManager.default.createDirectory(atPath: outputDirectory, withIntermediateDirectories: true)
            } catch {
                printError("pbrun exec: cannot create --output-dir \(outputDirectory): \(error.localizedDescription)\n")
                return .badOptions
            }
        }
        let options = connection.connectOptions(environment: ProcessInfo.processInfo.environment)
        let remote = RemoteCommand(command, timeout: timeout)
        // The pool shares one session per jump host among the targets behind it.
        let pool = SessionPool(options: options)
        let reports = await ExecFanOut(limit: connection.forks ?? 100).run(targets) { target in
            await runHost(target, command: remote, pool: pool)
        }
        await pool.closeAll()
        if timings { print(ExecHostReport.timingLine(reports)) }
        return summarize(reports.map(\.outcome), seconds: Deadline.now.seconds(since: started))
    }

    /// Connects, runs the command and closes, for one host; never throws, every outcome is a value.
    private func runHost(_ target: HostConnection, command: RemoteCommand, pool: SessionPool) async
        -> ExecHostReport
    {
        let connecting = Deadline.now
        let console = outputDirectory == nil ? ExecConsoleSink(host: target.name, grouped: grouped) : nil
        let files = outputDirectory.map { FileOutputSink(directory: $0, name: target.name) }
        let session: SSHSession
        do {
            session = try await pool.session(for: target.sshTarget)
        } catch {
            printError(error.description + "\n")
            return ExecHostReport(outcome: .unreachable)
        }
        var report = ExecHostReport(outcome: .failed, connectSeconds: Deadline.now.seconds(since: connecting))
        do {
            let result: CommandResult
            if let files {
                result = try await session.execute(command, output: files)
                try? files.finish()
            } else if let console {
                result = try await session.execute(command, output: console)
            } else {
                result = try await session.execute(command, output: DiscardingSink())
            }
            console?.finish(header: "\(target.name): \(result.summary)")
            report.result = result
            if result.succeeded {
                report.outcome = .ok
            } else {
                let limit = timeout.map { $0 == $0.rounded() ? String(Int($0)) : String($0) } ?? "?"
                let detail = result.timedOut ? "timed out after \(limit) s" : result.summary
                printError("\(target.name): \(detail)\n")
                report.outcome = result.timedOut ? .timedOut : .failed
            }
        } catch {
            try? files?.finish()
            console?.finish(header: "\(target.name): \(error)")
            printError("\(target.name) (\(target.address):\(target.port)): failed: \(error)\n")
        }
        let closing = Deadline.now
        await pool.close(target.sshTarget)
        report.disconnectSeconds = Deadline.now.seconds(since: closing)
        return report
    }

    private func summarize(_ outcomes: [ExecOutcome], seconds: Double) -> ExitCode {
        let ok = outcomes.filter { $0 == .ok }.count
        let failed = outcomes.filter { $0 == .failed }.count
        let timedOut = outcomes.filter { $0 == .timedOut }.count
        let unreachable = outcomes.filter { $0 == .unreachable }.count
        let noun = outcomes.count == 1 ? "host" : "hosts"
        print("\(outcomes.count) \(noun): \(ok) ok, \(failed) failed, \(timedOut) timed out, "
              + "\(unreachable) unreachable (\(String(format: "%.2f", seconds)) s)")
        if failed + timedOut > 0 { return .hostFailed }
        if unreachable > 0 { return .unreachable }
        return .ok
    }
}

/// How `pbrun exec` ended on one host.
enum ExecOutcome: Sendable, Equatable {
    case ok
    case failed
    case timedOut
    case unreachable
}

/// One host's outcome and how long its phases took.
struct ExecHostReport: Sendable {
    var outcome: ExecOutcome
    var connectSeconds: Double?
    var result: CommandResult?
    var disconnectSeconds: Double?

    /// `timings (median ms): connect 12.3, start 1.2, run 3.4, close 0.5, disconnect 0.1`.
    static func timingLine(_ reports: [ExecHostReport]) -> String {
        func median(_ values: [Double]) -> String {
            guard !values.isEmpty else { return "-" }
            let sorted = values.sorted()
            return String(format: "%.1f", sorted[sorted.count / 2] * 1000)
        }
        let results = reports.compactMap(\.result)
        return "timings (median ms): connect \(median(reports.compactMap(\.connectSeconds))), "
            + "start \(median(results.map(\.startSeconds))), run \(median(results.map(\.runSeconds))), "
            + "close \(median(results.map(\.closeSeconds))), disconnect \(median(reports.compactMap(\.disconnectSeconds)))"
    }
}

/// Runs a job per host with at most `limit` in flight, keeping every result in input order.
struct ExecFanOut {
    let limit: Int

    func run(_ targets: [HostConnection], _ job: @escaping @Sendable (HostConnection) async -> ExecHostReport) async
        -> [ExecHostReport]
    {
        await withTaskGroup(of: (Int, ExecHostReport).self) { group in
            var results = [ExecHostReport](repeating: ExecHostReport(outcome: .unreachable), count: targets.count)
            var next = 0
            while next < min(limit, targets.count) {
                let index = next
                group.addTask { (index, await job(targets[index])) }
                next += 1
            }
            while let (index, outcome) = await group.next() {
                results[index] = outcome
                if next < targets.count {
                    let newIndex = next
                    group.addTask { (newIndex, await job(targets[newIndex])) }
                    next += 1
                }
            }
            return results
        }
    }
}
