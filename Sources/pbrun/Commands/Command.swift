import Runner

/// A pbrun subcommand: a type that parses its own arguments and runs.
protocol Command: Sendable {
    /// The subcommand's name on the command line, e.g. "run".
    static var name: String { get }
    /// One line for `pbrun --help`.
    static var summary: String { get }
    /// The usage line and an example, printed above the options by `--help`.
    static var usage: String { get }
    /// The options it accepts (`--help` is added by the dispatcher).
    static var options: [OptionSpec] { get }

    init(arguments: ParsedArguments) throws(UsageError)

    /// Runs the command; only `main` turns the result into the process status.
    func run() async throws -> ExitCode
}

extension Command {
    /// The whole `--help` text: usage, example and one line per option.
    static var helpText: String {
        var lines = [usage, "", "Options:"]
        lines += options.map(\.helpLine)
        lines.append(OptionSpec.flag("help", short: "h", help: "Show this help.").helpLine)
        return lines.joined(separator: "\n") + "\n"
    }
}
