/// One playbook file after schema decoding (format version 1): its header, the files it includes
/// (already decoded, in the order listed) and its own plays.
public struct PlaybookFile: Sendable {
    /// The path the file was loaded from, as given (or joined to the including file's folder).
    public let path: String
    /// The format version, from the required `pbrun:` key.
    public let version: Int
    /// The file's `name:`.
    public let name: Located<String>?
    /// The file's `description:`.
    public let description: Located<String>?
    /// The file-level `vars:`.
    public let vars: Variables
    /// The files of `vars_files:`, loaded in order.
    public let varsFiles: [VarsFile]
    /// The playbooks of `include:`, decoded; their plays run before this file's own plays.
    public let includes: [PlaybookFile]
    /// This file's own plays (one when the play is written inline).
    public let plays: [Play]
    /// How many plays `allPlays` holds, counted without listing them (a file included several times
    /// counts each time).
    public let playCount: Int

    /// The most plays a playbook may expand to through its includes: a file included again and again
    /// down a chain multiplies its plays, and each costs a plan.
    public static let maximumPlays = 10_000

    /// A decoded playbook file.
    public init(path: String, version: Int, name: Located<String>?, description: Located<String>?,
                vars: Variables, varsFiles: [VarsFile], includes: [PlaybookFile], plays: [Play]) {
        self.path = path
        self.version = version
        self.name = name
        self.description = description
        self.vars = vars
        self.varsFiles = varsFiles
        self.includes = includes
        self.plays = plays
        playCount = includes.reduce(plays.count) { $0 + $1.playCount }
    }

    /// Every play in run order: the included files' plays (depth first, in listed order), then this
    /// file's own.
    public var allPlays: [Play] {
        includes.flatMap(\.allPlays) + plays
    }

    /// For each play of `allPlays`, in the same order, the files it is in: this file first, then the
    /// included file that holds it, and so on down to the file the play is written in. Each file's
    /// `vars_files` and `vars` apply to its plays, the play's own file nearest (winning), so a
    /// playbook that runs alone runs the same when another includes it.
    public var playFiles: [[PlaybookFile]] {
        includes.flatMap { included in included.playFiles.map { [self] + $0 } } + plays.map { _ in [self] }
    }
}

/// One entry of `vars_files:`: the path as written, the path it names (relative to the file that
/// names it) and the variables it holds. A path that is a template (`{{ env }}.yml`) is not
/// loaded before run time, so its variables are nil.
public struct VarsFile: Sendable {
    /// The entry as written in `vars_files:`.
    public let path: Located<String>
    /// The path relative to the folder of the file that names it.
    public let resolvedPath: String
    /// The file's variables; nil for a templated path.
    public let variables: Variables?

    /// One loaded (or deferred) vars file.
    public init(path: Located<String>, resolvedPath: String, variables: Variables?) {
        self.path = path
        self.resolvedPath = resolvedPath
        self.variables = variables
    }
}
