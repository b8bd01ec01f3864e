/// POSIX shell quoting, as Python's `shlex.quote` (and so Ansible's `quote` filter) does it: a
/// word made only of safe characters stays as it is; anything else is wrapped in single quotes,
/// with each `'` written as `'"'"'`. The result is always exactly one shell word.
public enum ShellQuoting {
    private static let safe = Set(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789@%+=:,./-_".unicodeScalars)

    /// `text` as one POSIX shell word: `a b; rm -rf x` → `'a b; rm -rf x'`, `` → `''`.
    public static func quote(_ text: String) -> String {
        if text.isEmpty { return "''" }
        if text.unicodeScalars.allSatisfy({ safe.contains($0) }) { return text }
        var quoted = "'"
        for character in text {
            if character == "'" { quoted += "'\"'\"'" } else { quoted.append(character) }
        }
        return quoted + "'"
    }

    /// A command line from separate arguments, each quoted: how `argv:` items reach the shell.
    public static func join(_ arguments: [String]) -> String {
        arguments.map(quote).joined(separator: " ")
    }
}
