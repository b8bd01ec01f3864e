/// A command line split by `ArgumentScanner`: option values (every occurrence, in order), flags,
/// positional arguments, and what came after `--`. Options are read by their declaration, never by
/// a name typed twice, and only options the command declared can be read.
struct ParsedArguments: Sendable {
    /// The long names of the options the command declared.
    let declared: Set<String>
    var values: [String: [String]] = [:]
    var flags: Set<String> = []
    var positionals: [String] = []
    /// The words after `--`, or nil when there was no `--`.
    var afterDoubleDash: [String]?

    init(declaring options: [OptionSpec]) {
        declared = Set(options.map(\.name))
    }

    /// The last value given for `option` (a later option overrides an earlier one).
    func value(_ option: OptionSpec) -> String? {
        checkDeclared(option)
        return values[option.name]?.last
    }

    /// Every value given for a repeatable option, in command-line order.
    func all(_ option: OptionSpec) -> [String] {
        checkDeclared(option)
        return values[option.name] ?? []
    }

    func flag(_ option: OptionSpec) -> Bool {
        checkDeclared(option)
        return flags.contains(option.name)
    }

    /// Reading an option the command does not declare is a mistake in pbrun, not in the command line:
    /// the value could never be given.
    private func checkDeclared(_ option: OptionSpec) {
        precondition(declared.contains(option.name), "--\(option.name) is read but the command does not declare it")
    }
}
