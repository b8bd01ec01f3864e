import Foundation
import Playbook

/// What `pbrun run` and `pbrun plan` make a plan from, loaded the same way for both: the playbook,
/// the inventories (their warnings printed), extra vars and the secrets file with their secret
/// references resolved. Any problem is a `DiagnosticList`: nothing is touched before the plan is whole.
struct PlanSources {
    let playbookPath: String
    let inventories: [String]
    let extraVars: [String]
    let secretsFile: String?
    let limit: String?
    let selection: StepSelection

    /// The sources as `pbrun VERB PLAYBOOK -i INVENTORY… [-e …] [--limit …]` names them (`verb`: run,
    /// plan); the secrets file only where the command has `--secrets-file`.
    init(arguments: ParsedArguments, verb: String) throws(UsageError) {
        guard let playbook = arguments.positionals.first else { throw UsageError("missing the PLAYBOOK to \(verb)") }
        if arguments.positionals.count > 1 {
            throw UsageError("unexpected argument '\(arguments.positionals[1])' (one playbook per \(verb))")
        }
        playbookPath = playbook
        inventories = arguments.all("inventory")
        guard !inventories.isEmpty else { throw UsageError("missing -i INVENTORY") }
        extraVars = arguments.all("extra-vars")
        secretsFile = arguments.value("secrets-file")
        limit = arguments.value("limit")
        selection = try StepSelection(arguments: arguments)
    }

    /// Loads every source and returns the request the planner takes.
    func request(connectionDefaults: ConnectionDefaults, runID: String, started: Date) throws(DiagnosticList)
        -> PlanRequest
    {
        let playbook = try PlaybookLoader.load(contentsOf: playbookPath)
        let inventory = try Inventory.load(sources: inventories)
        for warning in inventory.warnings { printError(warning.rendered + "\n") }
        let extraLayer = extraVars.isEmpty ? nil : try SecretResolver().resolve(try ExtraVars.layer(from: extraVars))
        let secretsLayer = try secretsFile.map { path throws(DiagnosticList) in try SecretsFile.layer(contentsOf: path) }
        return PlanRequest(playbook: playbook, inventory: inventory, extraVars: extraLayer, secretsFile: secretsLayer,
                           limit: limit, selection: selection, connectionDefaults: connectionDefaults, runID: runID,
                           started: started)
    }
}
