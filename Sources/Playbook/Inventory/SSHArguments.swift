import Foundation

/// The ssh options an inventory writes in `ansible_ssh_common_args` / `ansible_ssh_extra_args`
/// (`-o UserKnownHostsFile=… -o StrictHostKeyChecking=accept-new -J bastion`), read as ssh reads
/// its command line: `-o Key=Value`, `-o "Key Value"`, `-oKey=Value`, `-J`, `-p`, `-l`, `-i`; the
/// first value of a keyword wins. A `ProxyCommand` of the form `ssh … -W %h:%p [user@]bastion`
/// is read as a jump through that bastion.
struct SSHArguments {
    /// Keyword (lowercased, as ssh_config names it) → value, first one kept.
    private(set) var options: [String: String] = [:]
    /// Identity files named with `-i`/`IdentityFile`, in order.
    private(set) var identityFiles: [String] = []

    /// Reads the options out of an ssh argument string.
    init(_ text: String) {
        let words = (try? ShellWords.split(text))?.map(\.text) ?? text.split(separator: " ").map(String.init)
        var index = 0
        func next() -> String? {
            index += 1
            return index < words.count ? words[index] : nil
        }
        while index < words.count {
            let word = words[index]
            switch word {
            case "-o": if let value = next() { option(value) }
            case "-J": if let value = next() { set("proxyjump", value) }
            case "-p": if let value = next() { set("port", value) }
            case "-l": if let value = next() { set("user", value) }
            case "-i": if let value = next() { identityFiles.append(value) }
            default:
                if word.hasPrefix("-o"), word.count > 2 { option(String(word.dropFirst(2))) }
                if word.hasPrefix("-J"), word.count > 2 { set("proxyjump", String(word.dropFirst(2))) }
                if word.hasPrefix("-i"), word.count > 2 { identityFiles.append(String(word.dropFirst(2))) }
            }
            index += 1
        }
        if options["proxyjump"] == nil, let command = options["proxycommand"], let jump = Self.jump(inProxyCommand: command) {
            options["proxyjump"] = jump
        }
    }

    /// The value for a keyword (case-insensitive), if the arguments set it.
    subscript(keyword: String) -> String? { options[keyword.lowercased()] }

    private mutating func option(_ text: String) {
        let separator = text.firstIndex { $0 == "=" || $0 == " " || $0 == "\t" }
        guard let separator else { return }
        let key = String(text[..<separator]).lowercased()
        let value = text[text.index(after: separator)...].trimmingCharacters(in: .whitespaces)
        if key == "identityfile" { identityFiles.append(value) } else { set(key, value) }
    }

    private mutating func set(_ key: String, _ value: String) {
        if options[key] == nil { options[key] = value }
    }

    /// `ssh -W %h:%p -q user@bastion -p 2222` → `user@bastion:2222`; nil for any other command.
    static func jump(inProxyCommand command: String) -> String? {
        guard let words = try? ShellWords.split(command).map(\.text), let program = words.first,
              program == "ssh" || program.hasSuffix("/ssh"), words.contains("-W") else { return nil }
        var port: String?
        var user: String?
        var target: String?
        var index = 1
        let takesValue: Set<String> = ["-W", "-p", "-l", "-i", "-o", "-F", "-J", "-b", "-c", "-D", "-E", "-e", "-I",
                                       "-L", "-m", "-O", "-Q", "-R", "-S", "-w", "-B"]
        while index < words.count {
            let word = words[index]
            if takesValue.contains(word), index + 1 < words.count {
                if word == "-p" { port = words[index + 1] }
                if word == "-l" { user = words[index + 1] }
                index += 2
                continue
            }
            if !word.hasPrefix("-"), target == nil { target = word }
            index += 1
        }
        guard var jump = target else { return nil }
        if let user, !jump.contains("@") { jump = user + "@" + jump }
        if let port { jump += ":" + port }
        return jump
    }

    /// `[user@]host[:port]` (the first hop of a comma-separated `ProxyJump` chain); nil for `none`.
    static func jumpHost(_ text: String) -> JumpHost? {
        guard let first = text.split(separator: ",").first.map(String.init), first.lowercased() != "none" else {
            return nil
        }
        var rest = Substring(first.trimmingCharacters(in: .whitespaces))
        if rest.hasPrefix("ssh://") { rest = rest.dropFirst(6) }
        var user: String?
        if let at = rest.lastIndex(of: "@") {
            user = String(rest[..<at])
            rest = rest[rest.index(after: at)...]
        }
        var port = 22
        if rest.hasPrefix("["), let close = rest.firstIndex(of: "]") {
            let host = rest[rest.index(after: rest.startIndex)..<close]
            if let colon = rest[close...].firstIndex(of: ":"), let number = Int(rest[rest.index(after: colon)...]) {
                port = number
            }
            return JumpHost(address: String(host), port: port, user: user)
        }
        if let colon = rest.lastIndex(of: ":"), let number = Int(rest[rest.index(after: colon)...]) {
            port = number
            rest = rest[..<colon]
        }
        guard !rest.isEmpty else { return nil }
        return JumpHost(address: String(rest), port: port, user: user)
    }
}
