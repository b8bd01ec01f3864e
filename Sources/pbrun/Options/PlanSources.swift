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

    /// `--secrets-file PATH`, for the commands that run a playbook with secrets.
    static let secretsFileOption = OptionSpec.value(
        "secrets-file", "PATH", help: "A YAML or JSON map of secret variables (masked in every output).")

    /// The options a command making a plan takes: the inventory group and the step selection.
    static let options = InventoryOptions.options + SelectionOptions.options

    /// The sources as `pbrun VERB PLAYBOOK -i INVENTORY… [-e …] [--limit …]` names them (`verb`: run,
    /// plan); `secretsFile` from the command's own `--secrets-file`, where it has one.
    init(arguments: ParsedArguments, verb: String, secretsFile: String? = nil) throws(UsageError) {
        guard let playbook = arguments.positionals.first else { throw UsageError("missing the PLAYBOOK to \(verb)") }
        if arguments.positionals.count > 1 {
            throw UsageError("unexpected argument '\(arguments.positionals[1])' (one playbook per \(verb))")
        }
        playbookPath = playbook
        let inventory = try InventoryOptions(arguments)
        inventories = try inventory.required()
        extraVars = inventory.extraVars
        limit = inventory.limit
        self.secretsFile = secretsFile
        selection = try SelectionOptions(arguments).selection
    }

    /// Loads every source and plans the playbook (`PlanCheck.planning`, as `pbrun validate -i` does):
    /// the plan and the extra vars it was made with, or every diagnostic found.
    func plan(connectionDefaults: ConnectionDefaults, runID: String, started: Date) throws(DiagnosticList)
        -> (plan: ExecutionPlan, extraVars: VariableLayer?)
    {
        let inputs = try PlanInputs.load(inventories: inventories, extraVars: extraVars, secretsFile: secretsFile)
            .forPlaybook(at: playbookPath)
        let checked = PlanCheck.planning(PlaybookLoader.check(contentsOf: playbookPath)) { playbook in
            inputs.request(for: playbook, limit: limit, selection: selection, connectionDefaults: connectionDefaults,
                           runID: runID, started: started)
        }
        guard let plan = checked.plan else { throw DiagnosticList(checked.check.diagnostics) }
        return (plan, inputs.extraVars)
    }
}

/// What every playbook of a command is planned with, loaded once: the inventories (their warnings
/// printed), the extra vars and the secrets file with their secret references resolved.
struct PlanInputs {
    let inventory: Inventory
    let extraVars: VariableLayer?
    let secretsFile: VariableLayer?

    static func load(inventories: [String], extraVars: [String], secretsFile: String?) throws(DiagnosticList)
        -> PlanInputs
    {
        let inventory = try Inventory.load(sources: inventories)
        for warning in inventory.warnings { printError(warning.rendered + "\n") }
        let extraLayer = extraVars.isEmpty ? nil : try SecretResolver().resolve(try ExtraVars.layer(from: extraVars))
        let secretsLayer = try secretsFile.map { path throws(DiagnosticList) in try SecretsFile.layer(contentsOf: path) }
        return PlanInputs(inventory: inventory, extraVars: extraLayer, secretsFile: secretsLayer)
    }

    /// These inputs with the `group_vars/` and `host_vars/` beside the playbook at `path` added to the
    /// inventory (their warnings printed), as ansible-playbook reads them.
    func forPlaybook(at path: String) throws(DiagnosticList) -> PlanInputs {
        let widened = try inventory.addingPlaybookFolder(Inventory.folder(ofPlaybook: path))
        for warning in widened.warnings.dropFirst(inventory.warnings.count) { printError(warning.rendered + "\n") }
        return PlanInputs(inventory: widened, extraVars: extraVars, secretsFile: secretsFile)
    }

    /// The request the planner takes for `playbook`.
    func request(for playbook: PlaybookFile, limit: String?, selection: StepSelection = StepSelection(),
                 connectionDefaults: ConnectionDefaults, runID: String = UUID().uuidString.lowercased(),
                 started: Date = Date()) -> PlanRequest {
        PlanRequest(playbook: playbook, inventory: inventory, extraVars: extraVars, secretsFile: secretsFile,
                    limit: limit, selection: selection, connectionDefaults: connectionDefaults, runID: runID,
                    started: started)
    }
}
