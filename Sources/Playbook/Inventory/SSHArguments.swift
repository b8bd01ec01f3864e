import Foundation

/// The ssh options an inventory writes in `ansible_ssh_common_args` / `ansible_ssh_extra_args`
/// (`-o UserKnownHostsFile=… -o StrictHostKeyChecking=accept-new -J bastion`), read as ssh reads
/// its command line: `-o Key=Value`, `-o "Key Value"`, `-oKey=Value`, `-J`, `-p`, `-l`, `-i`; the
/// first value of a keyword wins, and `ProxyJump` (`-J`) and `ProxyCommand` share one slot.
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
        if SSHConfig.proxyKeywords.contains(key) {
            guard !SSHConfig.proxyKeywords.contains(where: { options[$0] != nil }) else { return }
        }
        if options[key] == nil { options[key] = value }
    }

    /// The hops of a `ProxyJump` value: `[user@]host[:port]` or `ssh://[user@]host[:port]`, comma
    /// separated, first hop first; nil when one of them is not of that form.
    static func jumpChain(_ text: String) -> [JumpSpec]? {
        var hops: [JumpSpec] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            guard let hop = jumpHost(part.trimmingCharacters(in: .whitespaces)) else { return nil }
            hops.append(hop)
        }
        return hops
    }

    /// One hop: `[user@]host[:port]`, `[user@][v6address]:port` or with `ssh://` in front.
    private static func jumpHost(_ text: String) -> JumpSpec? {
        var rest = Substring(text)
        if rest.hasPrefix("ssh://") { rest = rest.dropFirst(6) }
        var user: String?
        if let at = rest.lastIndex(of: "@") {
            user = String(rest[..<at])
            rest = rest[rest.index(after: at)...]
            guard user?.isEmpty == false else { return nil }
        }
        var port: Int?
        var host = rest
        if rest.hasPrefix("["), let close = rest.firstIndex(of: "]") {
            host = rest[rest.index(after: rest.startIndex)..<close]
            let tail = rest[rest.index(after: close)...]
            if !tail.isEmpty {
                guard tail.hasPrefix(":"), let number = Int(tail.dropFirst()) else { return nil }
                port = number
            }
        } else if let colon = rest.lastIndex(of: ":") {
            guard let number = Int(rest[rest.index(after: colon)...]) else { return nil }
            port = number
            host = rest[..<colon]
        }
        guard !host.isEmpty, !host.contains(where: { " \t/".contains($0) }), (1...65535).contains(port ?? 22)
        else { return nil }
        return JumpSpec(name: String(host), port: port, user: user)
    }
}

/// One hop of a `ProxyJump` value as written: the name (looked up in ssh_config like any host),
/// and the port and user when the spec gives them.
struct JumpSpec: Equatable {
    let name: String
    let port: Int?
    let user: String?
}
