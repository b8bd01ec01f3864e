import Foundation

/// Reads `-e`/`--extra-vars` arguments as Ansible does:
///
/// - `-e 'key=value other="two words"'`: one or more pairs, split like shell words (single and
///   double quotes, backslash escapes); values are strings.
/// - `-e @vars.yml`, `-e @vars.json`: a file holding a mapping (path relative to the working
///   directory, like every command-line path).
/// - `-e '{"json": 1}'` (or a YAML flow mapping `{a: 1}`): typed values.
///
/// Several `-e` accumulate; a later one overrides a top-level name of an earlier one.
public enum ExtraVars {
    /// The layer all `-e` arguments make, in order.
    public static func layer(from arguments: [String],
                             workingDirectory: String = FileManager.default.currentDirectoryPath)
        throws(DiagnosticList) -> VariableLayer {
        var values = Value.OrderedMap()
        var locations: [String: SourceLocation] = [:]
        var diagnostics: [Diagnostic] = []
        for argument in arguments {
            do {
                let parsed = try parse(argument, workingDirectory: workingDirectory)
                for (key, value) in parsed.values.pairs {
                    values[key] = value
                    locations[key] = parsed.locations[key]
                }
            } catch let list {
                diagnostics += list.diagnostics
            }
        }
        if !diagnostics.isEmpty { throw DiagnosticList(diagnostics) }
        return VariableLayer(.extra, name: "extra vars", values: values, locations: locations,
                             defaultLocation: SourceLocation(file: "<extra vars>", line: 1, column: 1))
    }

    /// One `-e` argument's variables, with the location of each when it came from a file.
    public static func parse(_ argument: String, workingDirectory: String = FileManager.default.currentDirectoryPath)
        throws(DiagnosticList) -> (values: Value.OrderedMap, locations: [String: SourceLocation]) {
        if argument.hasPrefix("@") {
            let name = String(argument.dropFirst())
            let path = name.hasPrefix("/") ? name : (workingDirectory as NSString).appendingPathComponent(name)
            let text = try YAMLLoader.readText(contentsOf: path)
            return try mapping(text, file: name, what: "extra vars file '\(name)'")
        }
        let trimmed = argument.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix("{") || trimmed.hasPrefix("[") {
            return try mapping(trimmed, file: "<extra vars>", what: "-e '\(argument)'")
        }
        return (try keyValuePairs(argument), [:])
    }

    /// A mapping read as JSON when it is JSON (keeping `1` and `1.0` apart and key order), or
    /// else as YAML, with each key's location when YAML gave one.
    static func mapping(_ text: String, file: String, what: String)
        throws(DiagnosticList) -> (values: Value.OrderedMap, locations: [String: SourceLocation]) {
        let value: Value
        var locations: [String: SourceLocation] = [:]
        if file.hasSuffix(".json") || text.hasPrefix("{\"") || text.hasPrefix("[") || text == "{}" {
            do {
                value = try JSONReader.parse(text)
            } catch let failure {
                let location = TemplateSource(text, at: SourceLocation(file: file, line: 1, column: 1))
                    .location(ofOffset: failure.offset)
                throw DiagnosticList([Diagnostic(.error, at: location, "invalid JSON: \(failure.message)")])
            }
        } else {
            let documents = try YAMLLoader.load(text: text, file: file)
            guard let document = documents.first else {
                throw DiagnosticList([Diagnostic(.error, at: nil, "\(what) is empty")])
            }
            value = document.inferredValue()
            for pair in document.pairs ?? [] {
                if let key = pair.key.scalar?.text {
                    locations[key] = TemplateSource.contentStart(of: pair.value, sourceText: nil).location
                }
            }
        }
        guard case .map(let map) = value else {
            throw DiagnosticList([Diagnostic(.error, at: nil, "\(what) must be a mapping of names to values, "
                + "not \(value.typeName == "list" ? "a list" : "a " + value.typeName)")])
        }
        return (map, locations)
    }

    /// `key=value` pairs split like shell words.
    static func keyValuePairs(_ argument: String) throws(DiagnosticList) -> Value.OrderedMap {
        let words: [String]
        do {
            words = try shellWords(argument)
        } catch let failure {
            throw DiagnosticList([Diagnostic(.error, at: nil, "-e '\(argument)': \(failure.message)")])
        }
        var values = Value.OrderedMap()
        for word in words {
            guard let equals = word.firstIndex(of: "=") else {
                throw DiagnosticList([Diagnostic(.error, at: nil, "-e '\(argument)': '\(word)' is not key=value "
                    + "(write -e key=value, -e @file.yml or -e '{\"key\": value}')")])
            }
            let key = String(word[..<equals])
            guard isVariableName(key) else {
                throw DiagnosticList([Diagnostic(.error, at: nil, "-e '\(argument)': '\(key)' is not a valid "
                    + "variable name (letters, digits and '_', not starting with a digit)")])
            }
            values[key] = .string(String(word[word.index(after: equals)...]))
        }
        return values
    }

    /// Whether `name` can name a variable in a template.
    public static func isVariableName(_ name: String) -> Bool {
        guard let first = name.first, first == "_" || (first.isASCII && first.isLetter) else { return false }
        return name.allSatisfy { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }
    }

    /// Splits like a POSIX shell (without expansions): whitespace separates words; single quotes
    /// keep everything; double quotes keep everything but `\"`, `\\`, `\$`, `` \` ``; a backslash
    /// outside quotes keeps the next character.
    static func shellWords(_ text: String) throws(TemplateError) -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var characters = Array(text)[...]
        var offset = 0
        while let character = characters.popFirst() {
            offset += 1
            switch character {
            case " ", "\t", "\n":
                if inWord { words.append(current) }
                current = ""
                inWord = false
            case "'":
                inWord = true
                guard let close = characters.firstIndex(of: "'") else {
                    throw TemplateError("unterminated single quote", at: offset - 1)
                }
                current += String(characters[..<close])
                characters = characters[characters.index(after: close)...]
            case "\"":
                inWord = true
                var closed = false
                while let inner = characters.popFirst() {
                    if inner == "\"" {
                        closed = true
                        break
                    }
                    if inner == "\\", let next = characters.first, "\"\\$`".contains(next) {
                        current.append(next)
                        characters = characters.dropFirst()
                    } else {
                        current.append(inner)
                    }
                }
                if !closed { throw TemplateError("unterminated double quote", at: offset - 1) }
            case "\\":
                inWord = true
                if let next = characters.popFirst() { current.append(next) }
            default:
                inWord = true
                current.append(character)
            }
        }
        if inWord { words.append(current) }
        return words
    }
}
