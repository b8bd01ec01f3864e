/// A command line split by `ArgumentScanner`: option values (every occurrence, in order), flags,
/// positional arguments, and what came after `--`.
struct ParsedArguments: Sendable {
    var values: [String: [String]] = [:]
    var flags: Set<String> = []
    var positionals: [String] = []
    /// The words after `--`, or nil when there was no `--`.
    var afterDoubleDash: [String]?

    /// The last value given for `name` (a later option overrides an earlier one).
    func value(_ name: String) -> String? {
        values[name]?.last
    }

    /// Every value given for a repeatable option, in command-line order.
    func all(_ name: String) -> [String] {
        values[name] ?? []
    }

    func flag(_ name: String) -> Bool {
        flags.contains(name)
    }

    /// The value of `name` as a positive integer, or a usage error that names the option.
    func positiveInt(_ name: String) throws(UsageError) -> Int? {
        guard let text = value(name) else { return nil }
        guard let number = Int(text), number > 0 else {
            throw UsageError("--\(name) takes a positive whole number, not '\(text)'")
        }
        return number
    }
}
