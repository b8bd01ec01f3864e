import Foundation
import Playbook

/// Who ran what, from where: recorded at the top of every report so a run can be traced to the exact
/// playbook and inventory it used (DESIGN.md, decision 2).
public struct RunProvenance: Sendable, Hashable {
    /// A unique id for this run (a UUID string), also in every events-file line.
    public let runID: String
    /// pbrun's version.
    public let pbrunVersion: String
    /// The playbook path as given on the command line.
    public let playbookPath: String
    /// Hex sha256 of the playbook file's bytes.
    public let playbookSHA256: String
    /// The git commit the playbook's work tree is at, when it is in one.
    public let gitCommit: String?
    /// Whether that work tree had uncommitted changes; nil outside git.
    public let gitDirty: Bool?
    /// Each inventory source and the hex sha256 of its bytes (a dynamic inventory: of its output).
    public let inventories: [InventorySource]
    /// Extra variables (`-e`) with their types (a JSON report writes `3` as a number and `"2.5.0"` as
    /// a string); secret values already replaced by `********`.
    public let extraVars: [(key: String, value: Value)]
    /// The command line, secrets masked.
    public let commandLine: [String]
    /// When the run started.
    public let startedAt: Date
    /// Whether this is a dry run (`--check`).
    public let checkMode: Bool

    public init(runID: String, pbrunVersion: String, playbookPath: String, playbookSHA256: String,
                gitCommit: String? = nil, gitDirty: Bool? = nil, inventories: [InventorySource] = [],
                extraVars: [(key: String, value: Value)] = [], commandLine: [String] = [], startedAt: Date,
                checkMode: Bool = false) {
        self.runID = runID
        self.pbrunVersion = pbrunVersion
        self.playbookPath = playbookPath
        self.playbookSHA256 = playbookSHA256
        self.gitCommit = gitCommit
        self.gitDirty = gitDirty
        self.inventories = inventories
        self.extraVars = extraVars
        self.commandLine = commandLine
        self.startedAt = startedAt
        self.checkMode = checkMode
    }

    public static func == (lhs: RunProvenance, rhs: RunProvenance) -> Bool {
        lhs.runID == rhs.runID && lhs.playbookSHA256 == rhs.playbookSHA256 && lhs.startedAt == rhs.startedAt
            && lhs.commandLine == rhs.commandLine && lhs.inventories == rhs.inventories
            && lhs.extraVars.map(\.key) == rhs.extraVars.map(\.key)
            && lhs.extraVars.map(\.value) == rhs.extraVars.map(\.value)
            && lhs.gitCommit == rhs.gitCommit && lhs.gitDirty == rhs.gitDirty && lhs.checkMode == rhs.checkMode
            && lhs.pbrunVersion == rhs.pbrunVersion && lhs.playbookPath == rhs.playbookPath
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(runID)
        hasher.combine(playbookSHA256)
    }
}

/// One inventory source and the sha256 of what pbrun read from it.
public struct InventorySource: Sendable, Hashable {
    public let path: String
    public let sha256: String

    public init(path: String, sha256: String) {
        self.path = path
        self.sha256 = sha256
    }
}
