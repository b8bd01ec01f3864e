import Playbook

/// Splits a subcommand's arguments by GNU conventions: `--name value` and `--name=value`, short
/// forms (`-f 10`, `-f10`, `-vq`), options before or after positionals, `--` ending options.
struct ArgumentScanner {
    let options: [OptionSpec]

    func scan(_ arguments: [String]) throws(UsageError) -> ParsedArguments {
        var parsed = ParsedArguments(declaring: options)
        var index = 0
        while index < arguments.count {
            let word = arguments[index]
            index += 1
            if word == "--" {
                parsed.afterDoubleDash = Array(arguments[index...])
                break
            }
            if word.hasPrefix("--") {
                let body = word.dropFirst(2)
                let name = String(body.prefix { $0 != "=" })
                let inline = body.contains("=") ? String(body.drop { $0 != "=" }.dropFirst()) : nil
                let spec = try long(name)
                if spec.takesValue {
                    let value: String
                    if let inline {
                        value = inline
                    } else if index < arguments.count {
                        value = arguments[index]
                        index += 1
                    } else {
                        throw UsageError("--\(name) needs a value (\(spec.valueName ?? "VALUE"))")
                    }
                    parsed.values[spec.name, default: []].append(value)
                } else {
                    if inline != nil { throw UsageError("--\(name) takes no value") }
                    parsed.flags.insert(spec.name)
                }
            } else if word.hasPrefix("-"), word.count > 1 {
                var letters = Substring(word.dropFirst())
                while let letter = letters.first {
                    letters = letters.dropFirst()
                    let spec = try short(letter)
                    if spec.takesValue {
                        if !letters.isEmpty {
                            parsed.values[spec.name, default: []].append(String(letters))
                        } else if index < arguments.count {
                            parsed.values[spec.name, default: []].append(arguments[index])
                            index += 1
                        } else {
                            throw UsageError("-\(letter) needs a value (\(spec.valueName ?? "VALUE"))")
                        }
                        break
                    }
                    parsed.flags.insert(spec.name)
                }
            } else {
                parsed.positionals.append(word)
            }
        }
        return parsed
    }

    private func long(_ name: String) throws(UsageError) -> OptionSpec {
        if let spec = options.first(where: { $0.name == name }) { return spec }
        var message = "unknown option '--\(name)'"
        if let close = Suggestion.closest(to: name, among: options.map(\.name)) {
            message += " (did you mean '--\(close)'?)"
        }
        throw UsageError(message)
    }

    private func short(_ letter: Character) throws(UsageError) -> OptionSpec {
        if let spec = options.first(where: { $0.short == letter }) { return spec }
        throw UsageError("unknown option '-\(letter)'")
    }
}
