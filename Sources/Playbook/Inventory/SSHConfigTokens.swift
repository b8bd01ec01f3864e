import Foundation

/// What ssh_config's `%` tokens stand for while one host's connection is resolved, and which
/// keyword accepts which of them (ssh_config(5), TOKENS, as OpenSSH 9.2 defines them).
struct SSHConfigTokens {
    /// The remote host name, after `HostName` (`%h`).
    var host: String
    /// The name pbrun looks the host up by, as ssh is given it on its command line (`%n`; also
    /// `%k`, since pbrun reads no `HostKeyAlias`).
    var originalHost: String
    /// The remote port (`%p`).
    var port: Int
    /// The remote user name (`%r`).
    var remoteUser: String
    /// The local user, home, user id and host name (`%u %d %i %l %L`).
    var local = LocalIdentity.current

    /// The token sets ssh_config(5) gives its keywords.
    enum Keyword {
        /// `HostName`: `%%` and `%h`.
        case hostName
        /// `IdentityFile`, `UserKnownHostsFile`: `%% %C %d %h %i %k %L %l %n %p %r %u`, `~` and `${VAR}`.
        case file
        /// `ProxyCommand`, `ProxyJump`: `%% %h %n %p %r`.
        case proxy

        var tokens: Set<Character> {
            switch self {
            case .hostName: return ["%", "h"]
            case .file: return ["%", "C", "d", "h", "i", "k", "L", "l", "n", "p", "r", "u"]
            case .proxy: return ["%", "h", "n", "p", "r"]
            }
        }
    }

    /// A token the keyword does not accept, or an environment variable that is not set; ssh refuses
    /// the setting for either.
    struct Problem: Error, Equatable {
        let message: String
    }

    /// `text` with every token `keyword` accepts replaced, as ssh does when it uses the value.
    func expand(_ text: String, for keyword: Keyword) -> Result<String, Problem> {
        var result = ""
        var characters = Substring(keyword == .file ? expandTilde(text) : text)
        while let char = characters.popFirst() {
            if char == "$", keyword == .file, characters.first == "{" {
                guard let close = characters.firstIndex(of: "}") else {
                    return .failure(Problem(message: "'${' without a closing '}'"))
                }
                let name = String(characters[characters.index(after: characters.startIndex)..<close])
                guard let value = ProcessInfo.processInfo.environment[name] else {
                    return .failure(Problem(message: "environment variable '\(name)' is not set"))
                }
                result += value
                characters = characters[characters.index(after: close)...]
                continue
            }
            guard char == "%" else {
                result.append(char)
                continue
            }
            guard let token = characters.popFirst() else {
                return .failure(Problem(message: "a '%' at the end (write '%%' for a percent sign)"))
            }
            guard keyword.tokens.contains(token), let value = value(of: token) else {
                let allowed = keyword.tokens.sorted().map { "%" + String($0) }.joined(separator: " ")
                return .failure(Problem(message: "unknown token '%\(token)' (allowed here: \(allowed))"))
            }
            result += value
        }
        return .success(result)
    }

    /// `~` or `~/…` at the start as the local home; `~user/…` as that user's home.
    private func expandTilde(_ text: String) -> String {
        if text == "~" || text.hasPrefix("~/") { return local.home + text.dropFirst() }
        return text.hasPrefix("~") ? (text as NSString).expandingTildeInPath : text
    }

    private func value(of token: Character) -> String? {
        switch token {
        case "%": return "%"
        case "h": return host
        case "n", "k": return originalHost
        case "p": return String(port)
        case "r": return remoteUser
        case "u": return local.user
        case "d": return local.home
        case "i": return String(local.uid)
        case "l": return local.hostName
        case "L": return String(local.hostName.prefix { $0 != "." })
        case "C": return SHA1.hexDigest(of: Array((local.hostName + host + String(port) + remoteUser).utf8))
        default: return nil
        }
    }
}

/// Who and where pbrun runs, for ssh_config's tokens.
struct LocalIdentity: Sendable {
    var user: String
    var home: String
    var uid: UInt32
    /// As `gethostname` returns it, which OpenSSH uses for `%l`.
    var hostName: String

    static let current: LocalIdentity = {
        var buffer = [CChar](repeating: 0, count: 256)
        let name = gethostname(&buffer, buffer.count - 1) == 0
            ? String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) : ""
        return LocalIdentity(user: NSUserName(), home: NSHomeDirectory(), uid: getuid(), hostName: name)
    }()
}
