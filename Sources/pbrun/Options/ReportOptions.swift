import Foundation
import Playbook
import Report
import Runner

/// Where a run's results are written besides the console: `--output-dir`, `--report FORMAT=PATH`
/// (json, junit, html; repeatable) and `--events PATH`. `run` and `exec` take the same group.
struct ReportOptions: OptionGroup {
    static let outputDir = OptionSpec.value(
        "output-dir", short: "o", "DIR", help: "Write each host's output to files under DIR, with a .json per result.")
    static let report = OptionSpec.value(
        "report", "FORMAT=PATH", help: "Write a report: json=PATH, junit=PATH or html=PATH; may be repeated.")
    static let events = OptionSpec.value(
        "events", "PATH", help: "Write the event stream as JSON Lines to PATH ('-' for standard output).")

    static let options = [outputDir, report, events]

    enum Format: String, CaseIterable {
        case json, junit, html
    }

    let outputDirectory: String?
    let reports: [(format: Format, path: String)]
    let eventsPath: String?

    init(_ arguments: ParsedArguments) throws(UsageError) {
        outputDirectory = arguments.value(Self.outputDir)
        var reports: [(Format, String)] = []
        for spec in arguments.all(Self.report) {
            let parts = spec.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[1].isEmpty else {
                throw UsageError("--report takes FORMAT=PATH (json, junit or html), not '\(spec)'")
            }
            guard let format = Format(rawValue: parts[0]) else {
                var message = "--report: unknown format '\(parts[0])'; use json, junit or html"
                if let close = Suggestion.closest(to: parts[0], among: Format.allCases.map(\.rawValue)) {
                    message += " (did you mean '\(close)'?)"
                }
                throw UsageError(message)
            }
            reports.append((format, parts[1]))
        }
        self.reports = reports
        eventsPath = arguments.value(Self.events)
    }

    /// Where the console writes: standard output, unless `--events -` owns it (then standard error).
    var consoleFD: Int32 { eventsPath == "-" ? STDERR_FILENO : STDOUT_FILENO }

    /// The reporters beside the console: `--output-dir` (in `layout`), `--report`, `--events` and,
    /// under GitHub Actions, the annotations. Fails (before any host is touched) when a report file
    /// cannot be opened.
    func fileReporters(masking: Masking, environment: [String: String],
                       layout: OutputDirReporter.Layout) throws(ReportWriteError) -> [any Reporter] {
        var reporters: [any Reporter] = []
        if let outputDirectory {
            reporters.append(OutputDirReporter(directory: outputDirectory, layout: layout, masking: masking))
        }
        for (format, path) in reports {
            switch format {
            case .json: reporters.append(JSONReportReporter(path: path, masking: masking))
            case .junit: reporters.append(JUnitReporter(path: path, masking: masking))
            case .html: reporters.append(HTMLReporter(path: path, masking: masking))
            }
        }
        if let eventsPath { reporters.append(try EventsJSONLReporter(path: eventsPath, masking: masking)) }
        if environment["GITHUB_ACTIONS"] == "true" { reporters.append(GitHubActionsReporter(masking: masking)) }
        return reporters
    }
}
