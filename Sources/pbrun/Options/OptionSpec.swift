/// One option a subcommand accepts: `--name value`, `--name=value`, and an optional short form.
struct OptionSpec: Sendable {
    /// The long name without dashes, e.g. "forks". This is the key in `ParsedArguments`.
    let name: String
    /// The one-letter short form without its dash, e.g. "f" for `-f 10`.
    let short: Character?
    /// The placeholder shown in help (`N`, `PATH`); nil for a flag that takes no value.
    let valueName: String?
    /// Help text, one line.
    let help: String

    /// An option that takes a value.
    static func value(_ name: String, short: Character? = nil, _ valueName: String, help: String) -> OptionSpec {
        OptionSpec(name: name, short: short, valueName: valueName, help: help)
    }

    /// An on/off flag.
    static func flag(_ name: String, short: Character? = nil, help: String) -> OptionSpec {
        OptionSpec(name: name, short: short, valueName: nil, help: help)
    }

    var takesValue: Bool { valueName != nil }

    /// The line this option gets in `--help`.
    var helpLine: String {
        var left = short.map { "-\($0), " } ?? "    "
        left += "--\(name)"
        if let valueName { left += " \(valueName)" }
        let padded = left.count < 30 ? left + String(repeating: " ", count: 30 - left.count) : left + "  "
        return "  " + padded + help
    }
}
