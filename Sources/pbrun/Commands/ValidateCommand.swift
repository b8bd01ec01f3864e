import Foundation
import Playbook
import Runner

/// `pbrun validate FILE…`: checks playbooks completely without touching a host and prints every
/// problem found, compiler style, then a short summary. Exit 4 when any error was found. With an
/// inventory it runs every check `pbrun plan` runs, through the same code (`PlanCheck.planning`), so
/// the two pass and refuse the same playbooks; without one, the checks that need no host.
struct ValidateCommand: Command {
    static let name = "validate"
    static let summary = "Check playbooks as a plan would, without touching a host; print every problem found."
    static let usage = """
        Usage: pbrun validate [-i INVENTORY [-l LIMIT] [-e VARS]] [--format text|json] PLAYBOOK...

        Prints each problem as 'path:line:column: error: message' with the source line and a caret
        (on standard error), then one summary line per playbook. Exits 4 when any error is found.
        Connects to nothing.

        Without -i: YAML, schema, step graph, and the templates and conditions as far as no host
        is needed (syntax, '{{ }}' inside a condition, unknown filters, references to steps).
        With -i: everything 'pbrun plan' checks with the same inventory, limit and extra vars,
        for every host (undefined variables, host patterns, connection settings); a playbook
        passes exactly when 'pbrun plan' would plan it.

        Example:
          pbrun validate playbooks/deploy.yml playbooks/health-check.yml
          pbrun validate -i inventories/local.yml playbooks/*.yml
        """
    static let options = InventoryOptions.options + FormatOptions.options

    let files: [String]
    let format: OutputFormat
    let inventories: [String]
    let limit: String?
    let extraVars: [String]

    init(arguments: ParsedArguments) throws(UsageError) {
        files = arguments.positionals
        guard !files.isEmpty else { throw UsageError("validate needs at least one playbook file") }
        format = try FormatOptions(arguments).chosen ?? .text
        let inventory = try InventoryOptions(arguments)
        inventories = inventory.inventories
        limit = inventory.limit
        extraVars = inventory.extraVars
        if limit != nil, inventories.isEmpty { throw UsageError("--limit needs an inventory (-i)") }
        if !extraVars.isEmpty, inventories.isEmpty { throw UsageError("--extra-vars needs an inventory (-i)") }
    }

    func run() async throws -> ExitCode {
        let checks = files.map { (path: $0, check: PlaybookLoader.check(contentsOf: $0)) }
        let results: [(path: String, check: PlaybookCheck)]
        if inventories.isEmpty {
            results = checks.map { ($0.path, PlanCheck.withoutHosts($0.check)) }
        } else {
            // The defaults `pbrun plan` has without connection options.
            let defaults = ConnectionDefaults()
            if let failure = SSHOptions.loadSSHConfig(path: defaults.sshConfigPath, command: "validate") {
                return failure
            }
            let inputs: PlanInputs
            do {
                inputs = try PlanInputs.load(inventories: inventories, extraVars: extraVars, secretsFile: nil)
            } catch {
                let rendered = error.diagnostics.map { $0.rendered + "\n" }.joined()
                let what = extraVars.isEmpty ? "inventory" : "inventory and extra vars"
                FileHandleOutput.standardError.write(rendered + "\(what): \(plural(error.diagnostics.count, "error"))\n")
                return .invalidInput
            }
            results = checks.map { file in
                let playbookInputs: PlanInputs
                do throws(DiagnosticList) {
                    playbookInputs = try inputs.forPlaybook(at: file.path)
                } catch {
                    let check = PlaybookCheck(playbook: file.check.playbook,
                                              diagnostics: file.check.diagnostics + error.diagnostics,
                                              sources: file.check.sources, filesDecoded: file.check.filesDecoded)
                    return (file.path, check)
                }
                let planned = PlanCheck.planning(file.check) { playbook in
                    playbookInputs.request(for: playbook, limit: limit, connectionDefaults: defaults)
                }
                return (file.path, planned.check)
            }
        }
        switch format {
        case .text: printText(results)
        case .json: print(JSONText.write(ValidationReport(results).json, indent: 2))
        }
        return results.contains { $0.check.hasErrors } ? .invalidInput : .ok
    }

    private func printText(_ results: [(path: String, check: PlaybookCheck)]) {
        var errorOutput = ""
        for result in results {
            for diagnostic in result.check.diagnostics { errorOutput += diagnostic.rendered + "\n" }
        }
        if !errorOutput.isEmpty { FileHandleOutput.standardError.write(errorOutput) }
        var lines: [String] = []
        for result in results {
            lines.append("\(result.path): " + ValidationReport.summary(result.check))
        }
        if results.count > 1 {
            let failed = results.filter { $0.check.hasErrors }
            let errors = results.reduce(0) { $0 + $1.check.errorCount }
            lines.append("\(results.count) playbooks: \(results.count - failed.count) ok, \(failed.count) with errors"
                + (errors > 0 ? " (\(plural(errors, "error")))" : ""))
        }
        print(lines.joined(separator: "\n"))
    }
}

/// "1 error", "3 steps".
func plural(_ count: Int, _ word: String) -> String {
    "\(count) \(word)\(count == 1 ? "" : "s")"
}

/// What `validate` found, as the JSON document `--format json` prints and the text summary.
struct ValidationReport {
    let json: Value

    init(_ results: [(path: String, check: PlaybookCheck)]) {
        var files: [Value] = []
        var diagnostics: [Value] = []
        for result in results {
            let plays = result.check.playbook?.allPlays ?? []
            files.append(.map(Value.OrderedMap([
                ("path", .string(result.path)),
                ("ok", .bool(!result.check.hasErrors)),
                ("errors", .int(result.check.errorCount)),
                ("warnings", .int(result.check.warningCount)),
                ("plays", .int(plays.count)),
                ("steps", .int(plays.reduce(0) { $0 + $1.steps.count })),
                ("handlers", .int(plays.reduce(0) { $0 + $1.handlers.count })),
            ])))
            diagnostics += result.check.diagnostics.map(Self.json)
        }
        json = .map(Value.OrderedMap([
            ("ok", .bool(!results.contains { $0.check.hasErrors })),
            ("errors", .int(results.reduce(0) { $0 + $1.check.errorCount })),
            ("warnings", .int(results.reduce(0) { $0 + $1.check.warningCount })),
            ("files", .list(files)),
            ("diagnostics", .list(diagnostics)),
        ]))
    }

    private static func json(_ diagnostic: Diagnostic) -> Value {
        var map = Value.OrderedMap()
        map["severity"] = .string(diagnostic.severity.rawValue)
        if let location = diagnostic.location {
            map["file"] = .string(location.file)
            map["line"] = .int(location.line)
            map["column"] = .int(location.column)
        }
        map["message"] = .string(diagnostic.message)
        if let line = diagnostic.sourceLine { map["source_line"] = .string(line) }
        return .map(map)
    }

    /// "ok (1 play, 6 steps, 1 handler)" or "3 errors".
    static func summary(_ check: PlaybookCheck) -> String {
        if check.hasErrors { return plural(check.errorCount, "error") }
        let plays = check.playbook?.allPlays ?? []
        var parts = [plural(plays.count, "play"), plural(plays.reduce(0) { $0 + $1.steps.count }, "step")]
        let handlers = plays.reduce(0) { $0 + $1.handlers.count }
        if handlers > 0 { parts.append(plural(handlers, "handler")) }
        if check.warningCount > 0 { parts.append(plural(check.warningCount, "warning")) }
        return "ok (" + parts.joined(separator: ", ") + ")"
    }
}
