import Playbook

/// Number-valued options.
extension ParsedArguments {
    /// The value of `option` as a positive integer, or a usage error that names the option.
    func positiveInt(_ option: OptionSpec) throws(UsageError) -> Int? {
        guard let text = value(option) else { return nil }
        guard let number = Int(text), number > 0 else {
            throw UsageError("--\(option.name) takes a positive whole number, not '\(text)'")
        }
        return number
    }

    /// The value of `option` as a positive number of seconds (`1`, `0.5`), or a usage error.
    func positiveSeconds(_ option: OptionSpec) throws(UsageError) -> Double? {
        guard let text = value(option) else { return nil }
        guard let number = Double(text), number > 0, number.isFinite else {
            throw UsageError("--\(option.name) takes a positive number of seconds, not '\(text)'")
        }
        return number
    }

    /// The value of `option` as a number of seconds ≥ 0, or a usage error.
    func nonNegativeSeconds(_ option: OptionSpec) throws(UsageError) -> Double? {
        guard let text = value(option) else { return nil }
        guard let number = Double(text), number >= 0, number.isFinite else {
            throw UsageError("--\(option.name) takes a number of seconds (0 or more), not '\(text)'")
        }
        return number
    }

    /// The value of `option` as a whole number ≥ 0, or a usage error.
    func nonNegativeInt(_ option: OptionSpec) throws(UsageError) -> Int? {
        guard let text = value(option) else { return nil }
        guard let number = Int(text), number >= 0 else {
            throw UsageError("--\(option.name) takes a whole number (0 or more), not '\(text)'")
        }
        return number
    }

    /// The value of `option` as one of `choices`' raw values, with a "did you mean" for a near miss.
    func choice<Choice: RawRepresentable & CaseIterable>(_ option: OptionSpec, of _: Choice.Type)
        throws(UsageError) -> Choice? where Choice.RawValue == String
    {
        guard let text = value(option) else { return nil }
        if let choice = Choice(rawValue: text) { return choice }
        let names = Choice.allCases.map(\.rawValue)
        let list = names.count == 2 ? "'\(names[0])' or '\(names[1])'"
            : names.dropLast().joined(separator: ", ") + " or " + names[names.count - 1]
        var message = "--\(option.name) takes \(list), not '\(text)'"
        if let close = Suggestion.closest(to: text, among: names) { message += " (did you mean '\(close)'?)" }
        throw UsageError(message)
    }
}
