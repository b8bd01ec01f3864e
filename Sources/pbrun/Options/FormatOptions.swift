/// How a command prints its answer: `--format text|json`, or `--json` for short.
enum OutputFormat: String, Sendable, CaseIterable {
    case text
    case json
}

/// `--format` and `--json` (`validate`, `plan`, `schema`).
struct FormatOptions: OptionGroup {
    static let format = OptionSpec.value(
        "format", "FORMAT", help: "text or json (validate and plan print text by default, schema json).")
    static let json = OptionSpec.flag("json", help: "Same as --format json.")

    static let options = [format, json]

    /// The format asked for; nil when neither option was given.
    let chosen: OutputFormat?

    init(_ arguments: ParsedArguments) throws(UsageError) {
        chosen = arguments.flag(Self.json) ? .json : try arguments.choice(Self.format, of: OutputFormat.self)
    }
}
