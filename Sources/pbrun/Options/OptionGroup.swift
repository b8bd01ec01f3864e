/// Options several commands share, declared once: the flags with their help text and the parsing
/// into typed fields. A command lists the groups it takes beside its own options, so `--help`, the
/// scanner and the fields all come from the same declarations (and later the shell completions and
/// the man page).
protocol OptionGroup: Sendable {
    /// The options this group declares, in `--help` order.
    static var options: [OptionSpec] { get }

    /// The group's values from a command line scanned with (at least) `options`.
    init(_ arguments: ParsedArguments) throws(UsageError)
}
