/// The inventory variables that hold passwords (Ansible's connection and become passwords). pbrun
/// honours them, warns that they are stored in clear text, and never prints their values: `hosts`
/// listings and the source lines quoted in inventory errors show `********` instead.
public enum PasswordVariables {
    /// The variable names, as Ansible spells them: the connection password and its aliases, the
    /// become password, and the method-specific become passwords of older inventories.
    public static let names: Set<String> = [
        "ansible_password", "ansible_ssh_pass", "ansible_ssh_password",
        "ansible_become_password", "ansible_become_pass",
        "ansible_sudo_pass", "ansible_sudo_password", "ansible_su_pass", "ansible_su_password",
    ]

    /// What is printed in place of a password.
    public static let mask = "********"

    /// `value` with every password variable's value, at any depth, replaced by the mask.
    public static func masked(_ value: Value) -> Value {
        switch value {
        case .map(let map):
            return .map(Value.OrderedMap(map.pairs.map { key, inner in
                (key, names.contains(key) && inner != .null ? .string(mask) : masked(inner))
            }))
        case .list(let items):
            return .list(items.map(masked))
        default:
            return value
        }
    }

    /// An inventory line with every password replaced by the mask, for quoting the line in an error:
    /// the value of an INI `name=value` word (even one whose quotes do not pair up), and everything
    /// after a YAML `name:`.
    static func maskedLine(_ line: String) -> String {
        var characters = Array(line)
        var index = 0
        while index < characters.count {
            let atWordStart = index == 0 || " \t{,\"'".contains(characters[index - 1])
            if atWordStart, let name = names.first(where: { starts(characters, at: index, with: $0 + ":") }) {
                let valueStart = index + name.count + 1
                if valueStart < characters.count {
                    characters.replaceSubrange(valueStart..., with: Array(" " + mask))
                }
                break
            }
            guard atWordStart, let name = names.first(where: { starts(characters, at: index, with: $0 + "=") }) else {
                index += 1
                continue
            }
            let valueStart = index + name.count + 1
            var valueEnd = valueStart
            var quote: Character?
            while valueEnd < characters.count {
                let char = characters[valueEnd]
                if let open = quote {
                    if char == open { quote = nil }
                } else if char == "\"" || char == "'" {
                    quote = char
                } else if char == " " || char == "\t" {
                    break
                }
                valueEnd += 1
            }
            characters.replaceSubrange(valueStart..<valueEnd, with: Array(mask))
            index = valueStart + mask.count
        }
        return String(characters)
    }

    /// A TOML line with everything after a password key's `=` replaced by the mask: `name = …`,
    /// `"name" = …`, `a.name = …` and `{ name = … }` alike.
    static func maskedTOMLLine(_ line: String) -> String {
        let characters = Array(line)
        for index in characters.indices where index == 0 || " \t{,.\"'".contains(characters[index - 1]) {
            // Every name that starts here: `ansible_become_pass` is a prefix of `ansible_become_password`.
            for name in names where starts(characters, at: index, with: name) {
                var after = index + name.count
                if after < characters.count, characters[after] == "\"" || characters[after] == "'" { after += 1 }
                while after < characters.count, characters[after] == " " || characters[after] == "\t" { after += 1 }
                if after < characters.count, characters[after] == "=" { return String(characters[...after]) + " " + mask }
            }
        }
        return line
    }

    private static func starts(_ characters: [Character], at index: Int, with prefix: String) -> Bool {
        let wanted = Array(prefix)
        return index + wanted.count <= characters.count && Array(characters[index..<index + wanted.count]) == wanted
    }
}
