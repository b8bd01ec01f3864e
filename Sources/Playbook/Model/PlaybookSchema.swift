/// The playbook format, version 1, as data: every object's keys, their types and one line each.
/// The decoder takes its list of known keys (and its "did you mean" candidates) from here, and
/// `pbrun schema` prints it as a JSON Schema, so the two cannot drift apart.
public enum PlaybookSchema {
    /// The format versions this pbrun reads.
    public static let supportedVersions = [1]

    /// What a key's value must be.
    public indirect enum FieldType: Sendable {
        case version
        case string
        /// A template or a `when`-style expression, kept as text for the template engine.
        case expression
        /// One expression or a list of them (all must hold).
        case expressions
        case bool
        case int(min: Int, max: Int?)
        case percentage
        case duration
        /// A string or a list of strings.
        case strings
        /// A list of strings only.
        case stringList
        case environment
        case variables
        case serial
        case exitCodes
        case choice([String])
        case object(SchemaObject)
        case stringOrObject(SchemaObject)
        case list(SchemaObject)
    }

    /// One key of an object.
    public struct Field: Sendable {
        /// The key.
        public let name: String
        /// What its value must be.
        public let type: FieldType
        /// One line for docs and the JSON Schema.
        public let summary: String
    }

    /// One kind of mapping in a playbook (a play, a step, …) and its keys.
    public struct SchemaObject: Sendable {
        /// The definition's name in the JSON Schema.
        public let name: String
        /// One line for docs and the JSON Schema.
        public let summary: String
        /// Its keys, in documentation order.
        public let fields: [Field]
        /// Keys it cannot do without.
        public let required: [String]

        /// The key names, in documentation order.
        public var keys: [String] { fields.map(\.name) }
    }

    private static func field(_ name: String, _ type: FieldType, _ summary: String) -> Field {
        Field(name: name, type: type, summary: summary)
    }

    // MARK: - Actions

    /// `upload:` and `template:`.
    public static let transfer = SchemaObject(name: "transfer", summary: "A local file and where it goes on the host.",
        fields: [
            field("src", .expression, "Local file, relative to the playbook file."),
            field("dest", .expression, "Destination path on the host."),
            field("mode", .string, "Permission bits in octal, e.g. \"0644\"."),
            field("owner", .string, "Owner to set on the host file."),
            field("group", .string, "Group to set on the host file."),
        ], required: ["src", "dest"])

    /// `download:`.
    public static let download = SchemaObject(name: "download", summary: "A host file fetched into a local folder.",
        fields: [
            field("src", .expression, "File on the host."),
            field("dest", .expression, "Local folder, relative to the playbook file; one file per host."),
        ], required: ["src", "dest"])

    /// `script:` in its mapping form.
    public static let script = SchemaObject(name: "script", summary: "A local script uploaded and run on the host.",
        fields: [
            field("src", .expression, "Local script, relative to the playbook file."),
            field("args", .stringList, "Arguments, each shell-quoted."),
        ], required: ["src"])

    // MARK: - Steps

    /// The action keys; a step has exactly one.
    public static let actionKeys = StepAction.Kind.allCases.map(\.rawValue)

    /// A step (or handler).
    public static let step = SchemaObject(name: "step", summary: "One step: exactly one action plus its rules.",
        fields: [
            field("name", .string, "What the step does, shown in output; its id is derived from it."),
            field("id", .string, "Unique id in the play (default: derived from the name)."),
            field("run", .expression, "Shell command line run on the host."),
            field("argv", .stringList, "Command as a list of words, each shell-quoted."),
            field("script", .stringOrObject(script), "Local script uploaded and run on the host."),
            field("upload", .object(transfer), "Copy a local file to the host."),
            field("template", .object(transfer), "Render a local template and upload it."),
            field("download", .object(download), "Fetch a file from each host."),
            field("local", .expression, "Shell command line run on the controller."),
            field("needs", .strings, "Steps (ids or names) that must finish first; default: the step before."),
            field("when", .expressions, "Condition(s) that must hold for the step to run."),
            field("register", .string, "Variable that receives the result (exit, stdout, stderr, …)."),
            field("vars", .variables, "Variables for this step only (over play vars, below registered and -e)."),
            field("env", .environment, "Environment variables for the command."),
            field("cwd", .expression, "Working directory on the host."),
            field("timeout", .duration, "Time limit of the command."),
            field("retries", .int(min: 0, max: nil), "Tries after the first failure."),
            field("delay", .duration, "Pause between tries (default 5s)."),
            field("until", .expressions, "Condition(s) that end the retries."),
            field("ok_exit", .exitCodes, "Exit codes that count as success (default [0])."),
            field("failed_when", .expressions, "Condition(s) that make the step fail."),
            field("changed_when", .expressions, "Condition(s) that report the step as changed."),
            field("ignore_errors", .bool, "A failure does not stop the host."),
            field("run_once", .bool, "Run on one host of the batch only."),
            field("become", .bool, "Run with sudo."),
            field("become_user", .string, "User to become (default root)."),
            field("creates", .expression, "Skip when this host path exists."),
            field("removes", .expression, "Skip when this host path does not exist."),
            field("unless", .expression, "Skip when this host command exits 0."),
            field("check", .expression, "Read-only probe for run --check: exit 0 means nothing to do."),
            field("notify", .strings, "Handlers to run at the end of the play when the step changed something."),
            field("tags", .strings, "Tags for --tags and --skip-tags."),
            field("secret", .bool, "Mask the step's command and output."),
        ], required: [])

    // MARK: - Plays and the header

    /// The keys of a play (also allowed at the top of a file that holds a single inline play).
    public static let playFields: [Field] = [
        field("name", .string, "The play's name."),
        field("hosts", .strings, "Host pattern, e.g. web:&prod:!web03."),
        field("vars", .variables, "Variables for this play."),
        field("forks", .int(min: 1, max: nil), "Hosts in flight at once."),
        field("strategy", .choice(Strategy.allCases.map(\.rawValue)), "linear (default) or free."),
        field("parallel_steps", .int(min: 1, max: nil),
              "Independent steps one host may run at once, each on its own channel (default 1)."),
        field("serial", .serial, "Rolling batches: a count, a percentage or a list of them."),
        field("max_fail_percentage", .percentage, "Stop when more than this share of a batch failed."),
        field("any_errors_fatal", .bool, "Stop the run when any host fails."),
        field("timeout", .duration, "Default time limit of each step."),
        field("connect_timeout", .duration, "Time limit to connect and authenticate."),
        field("env", .environment, "Environment variables for every step."),
        field("cwd", .expression, "Working directory for every step."),
        field("become", .bool, "Run every step with sudo."),
        field("become_user", .string, "User to become (default root)."),
        field("steps", .list(step), "The steps, in order."),
        field("handlers", .list(step), "Steps run at the end of the play when notified."),
    ]

    /// A play in a `plays:` list.
    public static let play = SchemaObject(name: "play", summary: "Which hosts, how, and the steps.",
                                          fields: playFields, required: ["hosts", "steps"])

    /// The keys of a file's header.
    public static let headerFields: [Field] = [
        field("pbrun", .version, "Format version: 1."),
        field("name", .string, "The playbook's name."),
        field("description", .string, "What the playbook is for."),
        field("vars", .variables, "Variables for every play."),
        field("vars_files", .strings, "YAML files of variables, relative to this file."),
        field("include", .strings, "Other playbooks, relative to this file; their plays run first."),
        field("plays", .list(play), "The plays, in order (or write one play inline)."),
    ]

    /// Keys a file may hold at its top: the header plus an inline play's keys.
    public static let topLevelKeys: [String] = {
        var keys = headerFields.map(\.name)
        for field in playFields where !keys.contains(field.name) { keys.append(field.name) }
        return keys
    }()
}
