import Foundation
import Playbook

/// `pbrun validate FILE…`: checks playbooks completely without touching a host and prints every
/// problem found, compiler style, then a short summary. Exit 4 when any error was found.
struct ValidateCommand: Command {
    static let name = "validate"
    static let summary = "Check playbooks: YAML, schema, step graph; print every problem found."
    static let usage = """
        Usage: pbrun validate [-i INVENTORY [-l LIMIT]] [--format text|json] PLAYBOOK...

        Prints each problem as 'path:line:column: error: message' with the source line and a caret
        (on standard error), then one summary line per playbook. With -i, every play's host
        pattern must match hosts of the inventory. Exits 4 when any error is found. Connects to
        nothing.

        Example:
          pbrun validate playbooks/deploy.yml playbooks/health-check.yml
          pbrun validate -i inventories/local.yml playbooks/*.yml
        """
    static let options: [OptionSpec] = [
        .value("inventory", short: "i", "PATH", help: "Also check host patterns against this inventory; may be repeated."),
        .value("limit", short: "l", "PATTERN", help: "With -i: only hosts matching PATTERN (or @FILE) count."),
        .value("format", "FORMAT", help: "text (default) or json."),
        .flag("json", help: "Same as --format json."),
    ]

    let files: [String]
    let format: OutputFormat
    let inventories: [String]
    let limit: String?

    init(arguments: ParsedArguments) throws(UsageError) {
        files = arguments.positionals
        guard !files.isEmpty else { throw UsageError("validate needs at least one playbook file") }
        format = try OutputFormat(arguments)
        inventories = arguments.all("inventory")
        limit = arguments.value("limit")
        if limit != nil, inventories.isEmpty { throw UsageError("--limit needs an inventory (-i)") }
    }

    func run() async throws -> ExitCode {
        var results = files.map { (path: $0, check: PlaybookLoader.check(contentsOf: $0)) }
        if !inventories.isEmpty {
            let inventory: Inventory
            let limitPatterns: HostLimit?
            do {
                inventory = try Inventory.load(sources: inventories)
                limitPatterns = try limit.map { text throws(DiagnosticList) in try Inventory.limitPatterns(from: text) }
            } catch {
                let rendered = error.diagnostics.map(\.rendered).joined(separator: "\n")
                FileHandleOutput.standardError.write(rendered + "\ninventory: \(plural(error.diagnostics.count, "error"))\n")
                return .invalidInput
            }
            results = results.map { ($0.path, $0.check.checkingHosts(against: inventory, limit: limitPatterns)) }
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

/// `--format text|json`, with `--json` as the shorthand, shared by commands that print a document.
enum OutputFormat: String, Sendable {
    case text
    case json

    init(_ arguments: ParsedArguments, default defaultFormat: OutputFormat = .text) throws(UsageError) {
        if arguments.flag("json") {
            self = .json
            return
        }
        guard let text = arguments.value("format") else {
            self = defaultFormat
            return
        }
        guard let format = OutputFormat(rawValue: text) else {
            var message = "--format takes 'text' or 'json', not '\(text)'"
            if let close = Suggestion.closest(to: text, among: ["text", "json"]) { message += " (did you mean '\(close)'?)" }
            throw UsageError(message)
        }
        self = format
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
