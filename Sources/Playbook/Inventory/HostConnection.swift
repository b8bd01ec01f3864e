/// How host keys are checked (DESIGN.md, security defaults).
public enum HostKeyChecking: String, Sendable, CaseIterable {
    /// The host's key must already be in known_hosts (the default).
    case strict
    /// An unknown host's key is recorded; a changed key is still refused.
    case acceptNew = "accept-new"
    /// No check at all; must be asked for by name and is warned about.
    case off
}

/// Everything the runner needs to reach one host: resolved from the inventory's variables
/// (`ansible_host`, `ansible_port`, …), ssh_config and pbrun's defaults before any host is touched.
/// The runner never looks at the inventory again.
public struct HostConnection: Hashable, Sendable {
    /// The inventory name, e.g. "web03"; what every report and output path uses.
    public var name: String
    /// The address or DNS name to connect to (`ansible_host`, else the name).
    public var address: String
    public var port: Int
    /// The login user; nil means the local user's name.
    public var user: String?
    /// Private key files to offer, in order.
    public var keyFiles: [String]
    /// The known_hosts file to check host keys against and record new ones in; nil means
    /// `~/.ssh/known_hosts`.
    public var knownHostsFile: String?
    /// More known_hosts files that are read, never written (the later files of `UserKnownHostsFile`).
    public var extraKnownHostsFiles: [String] = []
    public var hostKeyChecking: HostKeyChecking
    /// The jump hosts to reach this host through, first hop first (`ProxyJump a,b,c`); empty for none.
    public var jumps: [JumpHost]
    /// A local command whose stdin and stdout carry the connection (`ProxyCommand`), its tokens
    /// already expanded; nil for none. Never set together with `jumps`.
    public var proxyCommand: String? = nil
    /// Seconds for connect + handshake + authentication.
    public var connectTimeout: Double
    /// Seconds between keepalives on an idle session (`ServerAliveInterval`); 0 turns them off.
    public var serverAliveInterval: Double
    /// A login password the inventory stores (`ansible_password`); nil when it has none. Never
    /// printed; the inventory loader warns that a password in an inventory file is readable by
    /// whoever can read the file.
    public var password: String? = nil
    /// True when only `keyFiles` may be offered, not other ssh-agent keys (`IdentitiesOnly yes`).
    public var identitiesOnly: Bool = false
    /// True for `ansible_connection: local`: the host's commands run on the controller, no SSH.
    public var isLocal: Bool = false

    public init(name: String, address: String, port: Int = 22, user: String? = nil, keyFiles: [String] = [],
                knownHostsFile: String? = nil, hostKeyChecking: HostKeyChecking = .strict, jumps: [JumpHost] = [],
                connectTimeout: Double = 10, serverAliveInterval: Double = 15) {
        self.name = name
        self.address = address
        self.port = port
        self.user = user
        self.keyFiles = keyFiles
        self.knownHostsFile = knownHostsFile
        self.hostKeyChecking = hostKeyChecking
        self.jumps = jumps
        self.connectTimeout = connectTimeout
        self.serverAliveInterval = serverAliveInterval
    }
}

/// A host to tunnel through, as `ProxyJump [user@]host[:port]` names it, with what ssh_config says
/// for that name (`HostName`, `Port`, `User`, `IdentityFile`) applied.
public struct JumpHost: Hashable, Sendable {
    public var address: String
    public var port: Int
    public var user: String?
    /// The hop's own key files (its ssh_config `IdentityFile`); empty: the target's.
    public var keyFiles: [String]

    public init(address: String, port: Int = 22, user: String? = nil, keyFiles: [String] = []) {
        self.address = address
        self.port = port
        self.user = user
        self.keyFiles = keyFiles
    }

    /// `user@host:port` as `ProxyJump` writes it (no user or port 22 left out).
    public var spec: String {
        let host = address.contains(":") ? "[\(address)]" : address
        return (user.map { $0 + "@" } ?? "") + host + (port == 22 ? "" : ":\(port)")
    }
}
