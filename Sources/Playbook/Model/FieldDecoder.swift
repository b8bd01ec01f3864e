import Foundation

/// Reads one field's YAML node as the type the schema gives that field (DESIGN.md, decision 1):
/// `yes` is a boolean only where a boolean is expected, `1.10` stays the text "1.10" where a string
/// is expected. A node of the wrong shape is an error at that node that names what was expected
/// and what was found; the reader then returns nil and decoding goes on.
final class FieldDecoder {
    /// Every problem found so far, in the order found.
    private(set) var diagnostics: [Diagnostic] = []
    /// The text of every file being decoded, by path, so string values can be placed character by
    /// character (`ScalarPlacement`) and templates in them report exact columns.
    var sources: [String: SourceText] = [:]

    /// A decoder with no diagnostics yet.
    init() {}

    /// Records an error at `location`.
    func error(_ location: SourceLocation, _ message: String) {
        diagnostics.append(Diagnostic(.error, at: location, message))
    }

    /// Records a note (e.g. one member of a cycle) at `location`.
    func note(_ location: SourceLocation, _ message: String) {
        diagnostics.append(Diagnostic(.note, at: location, message))
    }

    /// Adds diagnostics found elsewhere (another file, the YAML layer).
    func append(_ more: [Diagnostic]) {
        diagnostics += more
    }

    /// How a node is named after "found": `'text'`, `null`, `a mapping`, `a list`.
    static func found(_ node: YAMLNode) -> String {
        switch node.kind {
        case .scalar(let scalar):
            if scalar.isNull { return "null" }
            let text = scalar.text.count > 40 ? String(scalar.text.prefix(40)) + "…" : scalar.text
            return "'\(text.replacingOccurrences(of: "\n", with: "\\n"))'"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        }
    }

    private func mismatch(_ key: String, _ node: YAMLNode, expected: String) {
        error(node.location, "'\(key)' expects \(expected), found \(Self.found(node))")
    }

    // MARK: - Scalars

    /// A non-null scalar's text, whatever it looks like.
    func string(_ key: String, _ node: YAMLNode) -> Located<String>? {
        guard let scalar = node.scalar, !scalar.isNull else {
            mismatch(key, node, expected: "a string")
            return nil
        }
        return Located(scalar.text, at: node.location, placement: placement(of: node))
    }

    /// Where each character of a scalar's value is in its file, when the file's text is known.
    func placement(of node: YAMLNode) -> ScalarPlacement? {
        guard let text = sources[node.location.file] else { return nil }
        return ScalarPlacement(node: node, sourceText: text)
    }

    /// A non-empty string.
    func nonEmptyString(_ key: String, _ node: YAMLNode) -> Located<String>? {
        guard let text = string(key, node) else { return nil }
        if text.value.trimmingCharacters(in: .whitespaces).isEmpty {
            error(node.location, "'\(key)' must not be empty")
            return nil
        }
        return text
    }

    /// `true`/`false`, `yes`/`no`, `on`/`off`, in any case.
    func bool(_ key: String, _ node: YAMLNode) -> Bool? {
        if let text = node.scalar?.text.lowercased() {
            if ["true", "yes", "on"].contains(text) { return true }
            if ["false", "no", "off"].contains(text) { return false }
        }
        mismatch(key, node, expected: "a boolean (true or false)")
        return nil
    }

    /// A whole number within `range`.
    func int(_ key: String, _ node: YAMLNode, in range: ClosedRange<Int> = Int.min...Int.max) -> Located<Int>? {
        guard let scalar = node.scalar, !scalar.isNull, let value = YAMLResolver.int(scalar.text) else {
            if let text = node.scalar?.text, Self.isDecimalInteger(text) {
                // Digits past Int's range are a number out of range, not "not a number".
                error(node.location, Self.rangeMessage(key, range, found: text))
            } else {
                mismatch(key, node, expected: "a whole number")
            }
            return nil
        }
        guard range.contains(value) else {
            error(node.location, Self.rangeMessage(key, range, found: String(value)))
            return nil
        }
        return Located(value, at: node.location)
    }

    /// A number (whole or decimal) within `range`.
    func number(_ key: String, _ node: YAMLNode, in range: ClosedRange<Double>) -> Located<Double>? {
        guard let scalar = node.scalar, !scalar.isNull,
              let value = YAMLResolver.int(scalar.text).map(Double.init) ?? Double(scalar.text),
              value.isFinite else {
            mismatch(key, node, expected: "a number")
            return nil
        }
        guard range.contains(value) else {
            error(node.location, "'\(key)' must be from \(Int(range.lowerBound)) to \(Int(range.upperBound)), "
                + "found \(scalar.text)")
            return nil
        }
        return Located(value, at: node.location)
    }

    /// An optional sign and decimal digits: an integer whatever its size.
    private static func isDecimalInteger(_ text: String) -> Bool {
        let digits = text.first == "-" || text.first == "+" ? text.dropFirst() : Substring(text)
        return !digits.isEmpty && digits.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    private static func rangeMessage(_ key: String, _ range: ClosedRange<Int>, found: String) -> String {
        if range.upperBound == Int.max { return "'\(key)' must be at least \(range.lowerBound), found \(found)" }
        return "'\(key)' must be from \(range.lowerBound) to \(range.upperBound), found \(found)"
    }

    /// A duration: seconds (`30`) or with units (`30s`, `5m`, `1h30m`, `250ms`); zero only when
    /// `allowZero`.
    func duration(_ key: String, _ node: YAMLNode, allowZero: Bool = false) -> Located<Duration>? {
        let reading = node.scalar.flatMap { $0.isNull ? nil : DurationText.read($0.text) } ?? .invalid
        let value: Duration
        switch reading {
        case .duration(let duration):
            value = duration
        case .tooLong:
            error(node.location, "'\(key)' must be at most \(DurationText.format(DurationText.maximum)) (365 days), "
                + "found \(Self.found(node))")
            return nil
        case .invalid:
            mismatch(key, node, expected: "a duration (30, 30s, 5m, 1h30m, 250ms)")
            return nil
        }
        if !allowZero, value == .zero {
            error(node.location, "'\(key)' must be longer than 0s")
            return nil
        }
        return Located(value, at: node.location)
    }

    /// One of `choices`, with a suggestion for a near miss.
    func choice<T: RawRepresentable & CaseIterable>(_ key: String, _ node: YAMLNode, _ type: T.Type) -> T?
    where T.RawValue == String {
        guard let scalar = node.scalar, !scalar.isNull else {
            mismatch(key, node, expected: "one of " + T.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", "))
            return nil
        }
        if let value = T(rawValue: scalar.text) { return value }
        let names = T.allCases.map(\.rawValue)
        var message = "'\(key)' expects one of " + names.map { "'\($0)'" }.joined(separator: ", ")
            + ", found '\(scalar.text)'"
        if let close = Suggestion.closest(to: scalar.text, among: names) { message += " (did you mean '\(close)'?)" }
        error(node.location, message)
        return nil
    }

    // MARK: - Lists and mappings

    /// A string or a list of strings (`tags: web` and `tags: [web, db]`).
    func strings(_ key: String, _ node: YAMLNode) -> [Located<String>] {
        if node.scalar != nil { return string(key, node).map { [$0] } ?? [] }
        guard let items = node.items else {
            mismatch(key, node, expected: "a string or a list of strings")
            return []
        }
        return items.compactMap { item in
            if item.scalar != nil, let text = string(key, item) { return text }
            if item.scalar == nil { mismatch(key, item, expected: "a list of strings") }
            return nil
        }
    }

    /// A list of strings only (`argv`).
    func stringList(_ key: String, _ node: YAMLNode) -> [Located<String>]? {
        guard let items = node.items else {
            mismatch(key, node, expected: "a list of strings")
            return nil
        }
        return items.compactMap { item in
            if item.scalar == nil {
                mismatch(key, item, expected: "a list of strings")
                return nil
            }
            return string(key, item)
        }
    }

    /// The pairs of a mapping node, or an error naming `expected`.
    func pairs(_ key: String, _ node: YAMLNode, expected: String = "a mapping") -> [YAMLPair]? {
        if let pairs = node.pairs { return pairs }
        if node.scalar?.isNull == true, expected == "a mapping" { return [] }
        mismatch(key, node, expected: expected)
        return nil
    }

    /// `env:` a mapping of variable names to strings.
    func environment(_ key: String, _ node: YAMLNode) -> [EnvironmentVariable] {
        guard let pairs = pairs(key, node) else { return [] }
        return pairs.compactMap { pair in
            guard let name = string(key, pair.key) else { return nil }
            guard Self.isIdentifier(name.value) else {
                error(pair.key.location, "invalid environment variable name '\(name.value)' "
                    + "(letters, digits and '_', not starting with a digit)")
                return nil
            }
            guard pair.value.scalar != nil else {
                mismatch("\(key).\(name.value)", pair.value, expected: "a string")
                return nil
            }
            let text = pair.value.scalar?.isNull == true ? "" : pair.value.scalar?.text ?? ""
            return EnvironmentVariable(name: name, value: Located(text, at: pair.value.location,
                                                                   placement: placement(of: pair.value)))
        }
    }

    /// `vars:` a mapping of variable names to values typed as Ansible types them.
    func variables(_ key: String, _ node: YAMLNode) -> Variables {
        guard let pairs = pairs(key, node) else { return Variables() }
        var variables = Variables()
        for pair in pairs {
            guard let name = string(key, pair.key) else { continue }
            guard Self.isIdentifier(name.value) else {
                error(pair.key.location, "invalid variable name '\(name.value)' "
                    + "(letters, digits and '_', not starting with a digit)")
                continue
            }
            variables.values[name.value] = pair.value.inferredValue()
            // Templates in a value are reported from where its text starts (after a quote, on the
            // line after `|`); one location per variable, so columns after an escape are not exact.
            variables.locations[name.value] = TemplateSource.contentStart(
                of: pair.value, sourceText: sources[pair.value.location.file]).location
        }
        return variables
    }

    /// `[A-Za-z_][A-Za-z0-9_]*`: a variable, register or environment name.
    static func isIdentifier(_ text: String) -> Bool {
        guard let first = text.first, first.isASCII, first.isLetter || first == "_" else { return false }
        return text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
    }
}
