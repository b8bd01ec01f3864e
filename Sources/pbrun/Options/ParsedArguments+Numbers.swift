/// Number-valued options beyond `positiveInt`.
extension ParsedArguments {
    /// The value of `name` as a positive number of seconds (`1`, `0.5`), or a usage error.
    func positiveSeconds(_ name: String) throws(UsageError) -> Double? {
        guard let text = value(name) else { return nil }
        guard let number = Double(text), number > 0, number.isFinite else {
            throw UsageError("--\(name) takes a positive number of seconds, not '\(text)'")
        }
        return number
    }

    /// The value of `name` as a number of seconds ≥ 0, or a usage error.
    func nonNegativeSeconds(_ name: String) throws(UsageError) -> Double? {
        guard let text = value(name) else { return nil }
        guard let number = Double(text), number >= 0, number.isFinite else {
            throw UsageError("--\(name) takes a number of seconds (0 or more), not '\(text)'")
        }
        return number
    }

    /// The value of `name` as a whole number ≥ 0, or a usage error.
    func nonNegativeInt(_ name: String) throws(UsageError) -> Int? {
        guard let text = value(name) else { return nil }
        guard let number = Int(text), number >= 0 else {
            throw UsageError("--\(name) takes a whole number (0 or more), not '\(text)'")
        }
        return number
    }
}
