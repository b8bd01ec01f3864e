import Foundation

/// Everything a plan is made from: the loaded playbook and inventory and the command line's choices.
public struct PlanRequest: Sendable {
    public var playbook: PlaybookFile
    public var inventory: Inventory
    /// `-e` variables, highest precedence (secret references already resolved).
    public var extraVars: VariableLayer?
    /// `--secrets-file` variables, just below the extra vars.
    public var secretsFile: VariableLayer?
    /// `--limit`: an extra pattern every play's hosts are intersected with.
    public var limit: String?
    /// `--tags`, `--skip-tags`, `--start-at-step`, `--step`.
    public var selection: StepSelection
    /// Connection defaults from the command line.
    public var connectionDefaults: ConnectionDefaults
    public var runID: String
    public var started: Date

    public init(playbook: PlaybookFile, inventory: Inventory, extraVars: VariableLayer? = nil,
                secretsFile: VariableLayer? = nil, limit: String? = nil,
                selection: StepSelection = StepSelection(), connectionDefaults: ConnectionDefaults, runID: String = UUID().uuidString, started: Date = Date()) {
        self.playbook = playbook
        self.inventory = inventory
        self.extraVars = extraVars
        self.secretsFile = secretsFile
        self.limit = limit
        self.selection = selection
        self.connectionDefaults = connectionDefaults
        self.runID = runID
        self.started = started
    }
}
