import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// In GitHub Actions (`GITHUB_ACTIONS=true`): an `::error file=…,line=…::` annotation at the playbook
/// line of each failing step as it fails (`::warning` when the failure is ignored), one per
/// unreachable host and per stopping gate, and at the end a Markdown recap appended to
/// `$GITHUB_STEP_SUMMARY`. Workflow-command data and properties are escaped as the runner requires.
public actor GitHubActionsReporter: Reporter {
    private let out: FileDescriptorWriter
    private let summaryPath: String?
    private let paths: WorkspacePath
    private var ledger: RunLedger
    private let masking: Masking

    /// Whether `environment` says pbrun runs inside GitHub Actions.
    public static func isActive(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        environment["GITHUB_ACTIONS"] == "true"
    }

    /// Annotations go to `output` (the workflow log reads standard output); the summary to the file
    /// `GITHUB_STEP_SUMMARY` names; playbook paths, which are relative to `currentDirectory` (the
    /// job's `working-directory:`), are made relative to `GITHUB_WORKSPACE` (`WorkspacePath`).
    public init(environment: [String: String] = ProcessInfo.processInfo.environment,
                currentDirectory: String = FileManager.default.currentDirectoryPath,
                output: FileDescriptorWriter = .standardOutput, masking: Masking) {
        self.out = output
        self.summaryPath = environment["GITHUB_STEP_SUMMARY"].flatMap { $0.isEmpty ? nil : $0 }
        self.paths = WorkspacePath(workspace: environment["GITHUB_WORKSPACE"], currentDirectory: currentDirectory)
        self.masking = masking
        self.ledger = RunLedger(masking: masking)
    }

    public func handle(_ event: RunEvent) async {
        ledger.apply(event)
        switch event {
        case .stepFinished(let host, let step, _):
            // The ledger's copy has its tails and message masked.
            let outcome = ledger.outcome(host: host, step: step)
            guard outcome.status.isFailure else { return }
            // An unreachable host has its own annotation; the step it could not run adds nothing.
            if outcome.status == .unreachable, ledger.hosts[host]?.unreachable != nil { return }
            var message = "\(host): \(ConsoleStyle.word(outcome.status).lowercased())"
            if let code = outcome.exitCode { message += ", exit code \(code)" }
            if let signal = outcome.signal { message += ", signal \(signal)" }
            if let text = outcome.message { message += ": " + text }
            let tail = outcome.stderrTail.isEmpty ? outcome.stdoutTail : outcome.stderrTail
            let lines = tail.split(separator: UInt8(ascii: "\n")).suffix(5).map { TextEscaping.display($0) }
            if !lines.isEmpty { message += "\n" + lines.joined(separator: "\n") }
            var properties: [(String, String)] = []
            if let location = step.location {
                properties = [("file", relative(location.file)), ("line", "\(location.line)"),
                              ("col", "\(location.column)")]
            }
            properties.append(("title", "pbrun: step \(step.fileStem) failed on \(host)"))
            command(outcome.ignored ? "warning" : "error", properties, message)
        case .hostUnreachable(let host, let address, let port, let cause, _):
            command("error", [("title", "pbrun: \(host) unreachable")],
                    "\(host) (\(address):\(port)): unreachable: \(masking.text(cause))")
        case .gateDecision(let gate) where gate.stopped:
            var properties: [(String, String)] = []
            if let location = gate.play.location {
                properties = [("file", relative(location.file)), ("line", "\(location.line)")]
            }
            command("error", properties + [("title", "pbrun: run stopped by \(gate.rule.rawValue)")], gate.summary)
        default:
            break
        }
    }

    public func finish() async throws {
        guard let summaryPath else { return }
        let fd = open(summaryPath, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        if fd < 0 { throw ReportWriteError(path: summaryPath, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        if !FileDescriptorWriter(fd: fd).write(MarkdownRecap.render(ledger)) {
            throw ReportWriteError(path: summaryPath, reason: String(cString: strerror(errno)))
        }
    }

    private func relative(_ path: String) -> String { paths.annotationPath(path) }

    private func command(_ name: String, _ properties: [(String, String)], _ message: String) {
        let props = properties.map { "\($0.0)=\(Self.escapeProperty($0.1))" }.joined(separator: ",")
        out.write("::\(name)\(props.isEmpty ? "" : " " + props)::\(Self.escapeData(message))\n")
    }

    /// Escapes a workflow command's message: `%`, CR and LF.
    static func escapeData(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }

    /// Escapes a workflow command's property value: as data, plus `:` and `,`.
    static func escapeProperty(_ text: String) -> String {
        escapeData(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}
