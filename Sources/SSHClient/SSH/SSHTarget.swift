/// How a host key is checked against known_hosts.
public enum HostKeyPolicy: Sendable, Hashable {
    /// The key must already be recorded.
    case strict
    /// An unknown host's key is recorded; a changed key is still refused.
    case acceptNew
    /// No check at all.
    case off
}

/// Everything the SSH layer needs to reach one server: a plain value the runner builds from its
/// plan. It names no inventory, variable or step; `name` is only the label errors and logs use.
public struct SSHTarget: Hashable, Sendable {
    /// A host to tunnel through (`ProxyJump [user@]host[:port]`), with its own key files.
    public struct Hop: Hashable, Sendable {
        public var address: String
        public var port: Int
        public var user: String?
        /// The hop's own key files; empty: the target's.
        public var keyFiles: [String]

        public init(address: String, port: Int = 22, user: String? = nil, keyFiles: [String] = []) {
            self.address = address
            self.port = port
            self.user = user
            self.keyFiles = keyFiles
        }
    }

    /// The label errors and logs use, e.g. "web03".
    public var name: String
    /// The address or DNS name to connect to.
    public var address: String
    public var port: Int
    /// The login user; nil means the local user's name.
    public var user: String?
    /// Private key files to offer, in order.
    public var keyFiles: [String]
    /// The known_hosts file to check host keys against and record new ones in; nil means
    /// `~/.ssh/known_hosts`.
    public var knownHostsFile: String?
    /// More known_hosts files that are read, never written.
    public var extraKnownHostsFiles: [String]
    public var hostKeyPolicy: HostKeyPolicy
    /// The hosts to tunnel through, first hop first; empty for none.
    public var jumps: [Hop]
    /// A local command whose stdin and stdout carry the connection, tokens already expanded; nil
    /// for none. Never set together with `jumps`.
    public var proxyCommand: String?
    /// Seconds for connect + handshake + authentication.
    public var connectTimeout: Double
    /// Seconds between keepalives on an idle session; 0 turns them off.
    public var serverAliveInterval: Double
    /// A login password stored for this host; nil when there is none. Never printed.
    public var password: String?
    /// True when only `keyFiles` may be offered, not other ssh-agent keys (`IdentitiesOnly yes`).
    public var identitiesOnly: Bool

    public init(name: String, address: String, port: Int = 22, user: String? = nil, keyFiles: [String] = [],
                knownHostsFile: String? = nil, extraKnownHostsFiles: [String] = [],
                hostKeyPolicy: HostKeyPolicy = .strict, jumps: [Hop] = [], proxyCommand: String? = nil,
                connectTimeout: Double = 10, serverAliveInterval: Double = 15, password: String? = nil,
                identitiesOnly: Bool = false) {
        self.name = name
        self.address = address
        self.port = port
        self.user = user
        self.keyFiles = keyFiles
        self.knownHostsFile = knownHostsFile
        self.extraKnownHostsFiles = extraKnownHostsFiles
        self.hostKeyPolicy = hostKeyPolicy
        self.jumps = jumps
        self.proxyCommand = proxyCommand
        self.connectTimeout = connectTimeout
        self.serverAliveInterval = serverAliveInterval
        self.password = password
        self.identitiesOnly = identitiesOnly
    }

    /// `address:port`, with IPv6 addresses in brackets, as errors print it.
    public var endpoint: String {
        address.contains(":") ? "[\(address)]:\(port)" : "\(address):\(port)"
    }
}
