/// What a step does: exactly one of seven actions, each with its typed fields. Local paths are
/// already resolved against the folder of the file that names them, never the working directory.
public enum StepAction: Sendable {
    /// `run:` a shell command line on the host.
    case run(Located<String>)
    /// `argv:` a command as a list of words; each is shell-quoted (`StepAction.shellCommand`).
    case argv([Located<String>])
    /// `script:` a local file uploaded to the host and run there.
    case script(ScriptAction)
    /// `upload:` a local file copied to the host.
    case upload(FileTransfer)
    /// `template:` a local file rendered with the host's variables, then uploaded.
    case template(FileTransfer)
    /// `download:` a file from each host into a local folder, one file per host.
    case download(Download)
    /// `local:` a shell command line run on the controller, not on the host.
    case local(Located<String>)

    /// The action's key, e.g. "run".
    public var kind: Kind {
        switch self {
        case .run: return .run
        case .argv: return .argv
        case .script: return .script
        case .upload: return .upload
        case .template: return .template
        case .download: return .download
        case .local: return .local
        }
    }

    /// The seven action keys; a step has exactly one.
    public enum Kind: String, Sendable, CaseIterable {
        case run, argv, script, upload, template, download, local
    }

    /// The shell command line for `argv`: each word quoted as `ShellQuoting` (Python's
    /// `shlex.quote`) quotes it.
    public static func shellCommand(_ words: [String]) -> String {
        ShellQuoting.join(words)
    }
}

/// `script:`: the local file to upload and run, and its arguments.
public struct ScriptAction: Sendable {
    /// The path as written.
    public let src: Located<String>
    /// The path relative to the folder of the file that names it.
    public let resolvedSource: String
    /// Arguments, each shell-quoted when run.
    public let args: [Located<String>]

    /// A script action.
    public init(src: Located<String>, resolvedSource: String, args: [Located<String>]) {
        self.src = src
        self.resolvedSource = resolvedSource
        self.args = args
    }
}

/// `upload:` and `template:`: a local source, a destination path on the host, and optionally the
/// file's mode (octal text such as "0644") and owner and group.
public struct FileTransfer: Sendable {
    /// The local source as written.
    public let src: Located<String>
    /// The local source relative to the folder of the file that names it.
    public let resolvedSource: String
    /// The destination path on the host.
    public let dest: Located<String>
    /// The mode as written (octal digits), with `modeBits` its value.
    public let mode: Located<String>?
    /// Owner to set on the host file.
    public let owner: Located<String>?
    /// Group to set on the host file.
    public let group: Located<String>?

    /// An upload or template action.
    public init(src: Located<String>, resolvedSource: String, dest: Located<String>, mode: Located<String>?,
                owner: Located<String>?, group: Located<String>?) {
        self.src = src
        self.resolvedSource = resolvedSource
        self.dest = dest
        self.mode = mode
        self.owner = owner
        self.group = group
    }

    /// The permission bits `mode` names, e.g. 0o644.
    public var modeBits: Int? { mode.flatMap { Int($0.value, radix: 8) } }
}

/// `download:`: a file on the host and the local folder that receives one copy per host.
public struct Download: Sendable {
    /// The file on the host.
    public let src: Located<String>
    /// The local folder as written.
    public let dest: Located<String>
    /// The local folder relative to the folder of the file that names it.
    public let resolvedDestination: String

    /// A download action.
    public init(src: Located<String>, dest: Located<String>, resolvedDestination: String) {
        self.src = src
        self.dest = dest
        self.resolvedDestination = resolvedDestination
    }
}
