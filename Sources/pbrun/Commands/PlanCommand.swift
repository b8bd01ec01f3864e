import Foundation
import Playbook
import Runner

/// `pbrun plan PLAYBOOK -i INVENTORY`: makes the same plan `pbrun run` would and prints it, connecting
/// to nothing (DESIGN.md, decision 8). Exit 0, or 4 with every diagnostic when the playbook cannot run
/// against that inventory.
struct PlanCommand: Command {
    static let name = "plan"
    static let summary = "Print what a run would do on each host, without connecting to any."
    static let usage = """
        Usage: pbrun plan PLAYBOOK -i INVENTORY [--json | --graph] [OPTIONS]

        Resolves the inventory, host patterns, --limit, variables, templates and the 'when'
        conditions known before the run, and prints plays -> batches -> hosts -> the steps each
        host would run, with the rendered command, the guards and rules that apply, and what
        can only be decided at run time. Secrets are masked. Connects to no host.
        --json prints a stable document (format 1, see docs/dry-runs.md); --graph prints the
        step graph in DOT and Mermaid. Exit status: 0, or 4 when the playbook cannot run.

        Example:
          pbrun plan playbooks/hello.yml -i inventories/local.yml
          pbrun plan deploy.yml -i prod.ini -e version=1.4.2 --json > plan.json
          pbrun plan deploy.yml -i prod.ini --graph --graph-format dot | dot -Tsvg > graph.svg
        """
    static let graph = OptionSpec.flag("graph", help: "Print the step graph (DOT, then Mermaid) instead of the plan.")
    static let graphFormat = OptionSpec.value("graph-format", "FORMAT", help: "With --graph: only dot or only mermaid.")

    static let options = PlanSources.options + FormatOptions.options + [graph, graphFormat] + ConnectionOptions.options

    /// What the command prints.
    enum Output: Equatable {
        case text
        case json
        case graph(dot: Bool, mermaid: Bool)
    }

    let sources: PlanSources
    let output: Output
    let connection: ConnectionOptions

    init(arguments: ParsedArguments) throws(UsageError) {
        sources = try PlanSources(arguments: arguments, verb: "plan")
        connection = try ConnectionOptions(arguments)
        let format = try FormatOptions(arguments).chosen ?? .text
        let graphFormat = arguments.value(Self.graphFormat)
        if arguments.flag(Self.graph) {
            if format == .json { throw UsageError("--graph and --json print different things; choose one") }
            switch graphFormat {
            case nil: output = .graph(dot: true, mermaid: true)
            case "dot": output = .graph(dot: true, mermaid: false)
            case "mermaid": output = .graph(dot: false, mermaid: true)
            case let other?:
                var message = "--graph-format takes 'dot' or 'mermaid', not '\(other)'"
                if let close = Suggestion.closest(to: other, among: ["dot", "mermaid"]) {
                    message += " (did you mean '\(close)'?)"
                }
                throw UsageError(message)
            }
        } else {
            if graphFormat != nil { throw UsageError("--graph-format needs --graph") }
            output = format == .json ? .json : .text
        }
    }

    func run() async throws -> ExitCode {
        if let failure = connection.loadSSHConfig(command: "plan") { return failure }
        let plan: ExecutionPlan
        do {
            plan = try sources.plan(connectionDefaults: connection.defaults, runID: UUID().uuidString.lowercased(),
                                    started: Date()).plan
        } catch {
            printError(error.diagnostics.map { $0.rendered + "\n" }.joined())
            printError("pbrun plan: \(error.diagnostics.count) error(s)\n")
            return .invalidInput
        }
        let printer = PlanPrinter(plan: plan, baseDirectory: FileManager.default.currentDirectoryPath)
        switch output {
        case .text:
            FileHandleOutput.standardOutput.write(printer.text())
        case .json:
            FileHandleOutput.standardOutput.write(printer.json())
        case .graph(let dot, let mermaid):
            var text = dot ? printer.dot() : ""
            if dot && mermaid { text += "\n" }
            if mermaid { text += printer.mermaid() }
            FileHandleOutput.standardOutput.write(text)
        }
        return .ok
    }
}
