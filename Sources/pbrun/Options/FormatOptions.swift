/// How a command prints its answer: `--format text|json`, or `--json` for short.
enum OutputFormat: String, Sendable, CaseIterable {
    case text
    case json
}

/// `--format` and `--json` (`validate`, `plan`, `schema`).
struct FormatOptions: OptionGroup {
    static let format = options(default: .text)[0]
    static let json = OptionSpec.flag("json", help: "Same as --format json.")

    /// For a command whose default is text.
    static let options = options(default: .text)

    /// The options, their help naming the command's default format.
    static func options(default format: OutputFormat) -> [OptionSpec] {
        let other: OutputFormat = format == .text ? .json : .text
        return [.value("format", "FORMAT", help: "\(format.rawValue) (default) or \(other.rawValue)."), json]
    }

    /// The format asked for; nil when neither option was given.
    let chosen: OutputFormat?

    init(_ arguments: ParsedArguments) throws(UsageError) {
        chosen = arguments.flag(Self.json) ? .json : try arguments.choice(Self.format, of: OutputFormat.self)
    }
}
