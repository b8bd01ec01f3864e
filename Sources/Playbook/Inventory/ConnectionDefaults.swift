/// pbrun's connection settings for hosts whose inventory and ssh_config say nothing, from the
/// command line (`--user`, `--key`, `--port`, `--known-hosts`, `--host-key-checking`,
/// `--connect-timeout`, `-F`) or pbrun's built-in defaults.
///
/// Precedence, per value: inventory variables, then ssh_config, then these defaults (as in Ansible,
/// where an inventory's `ansible_user` beats `--user`). Two exceptions, because they are security
/// decisions the person running pbrun makes: `--known-hosts` and `--host-key-checking` given on the
/// command line (`knownHostsFromCommandLine`, `hostKeyCheckingFromCommandLine`) override the
/// inventory and ssh_config.
public struct ConnectionDefaults: Sendable {
    /// The login user; nil means the local user's name.
    public var user: String?
    /// Private key files to offer when neither the inventory nor ssh_config names one.
    public var keyFiles: [String]
    /// The known_hosts file; nil means `~/.ssh/known_hosts`.
    public var knownHostsFile: String?
    /// The host-key policy.
    public var hostKeyChecking: HostKeyChecking
    /// Seconds for connect + handshake + authentication.
    public var connectTimeout: Double
    /// The SSH port.
    public var port: Int
    /// Seconds between keepalives (0 turns them off).
    public var serverAliveInterval: Double
    /// The ssh_config to read: nil means `~/.ssh/config` (if it exists), "none" reads none.
    public var sshConfigPath: String?
    /// True when `--known-hosts` was given: it then beats the inventory and ssh_config.
    public var knownHostsFromCommandLine: Bool
    /// True when `--host-key-checking` was given: it then beats the inventory and ssh_config.
    public var hostKeyCheckingFromCommandLine: Bool

    public init(user: String? = nil, keyFiles: [String] = [], knownHostsFile: String? = nil,
                hostKeyChecking: HostKeyChecking = .strict, connectTimeout: Double = 10, port: Int = 22,
                serverAliveInterval: Double = 15, sshConfigPath: String? = nil,
                knownHostsFromCommandLine: Bool = false, hostKeyCheckingFromCommandLine: Bool = false) {
        self.user = user
        self.keyFiles = keyFiles
        self.knownHostsFile = knownHostsFile
        self.hostKeyChecking = hostKeyChecking
        self.connectTimeout = connectTimeout
        self.port = port
        self.serverAliveInterval = serverAliveInterval
        self.sshConfigPath = sshConfigPath
        self.knownHostsFromCommandLine = knownHostsFromCommandLine
        self.hostKeyCheckingFromCommandLine = hostKeyCheckingFromCommandLine
    }
}

/// Where one connection value came from, for `pbrun hosts --connection`.
public enum ConnectionValueOrigin: Hashable, Sendable, CustomStringConvertible {
    /// An inventory variable (possibly inside `ansible_ssh_common_args`), and where it was set.
    case inventory(variable: String, location: SourceLocation?)
    /// An ssh_config keyword and its line.
    case sshConfig(keyword: String, location: SourceLocation)
    /// A command-line option that overrides everything (`--known-hosts`, `--host-key-checking`).
    case commandLine
    /// pbrun's default (or a command-line default such as `--user`).
    case defaults

    public var description: String {
        switch self {
        case .inventory(let variable, let location):
            return "inventory \(variable)" + (location.map { " (\($0))" } ?? "")
        case .sshConfig(let keyword, let location):
            return "ssh_config \(keyword) (\(location))"
        case .commandLine:
            return "command line"
        case .defaults:
            return "default"
        }
    }
}

/// A host's connection and, per value, where it came from.
public struct ResolvedConnection: Sendable {
    /// Where and how to connect.
    public var connection: HostConnection
    /// Keys: "address", "port", "user", "keyFiles", "jump", "knownHostsFile", "hostKeyChecking",
    /// "connectTimeout", "serverAliveInterval", "password".
    public var origins: [String: ConnectionValueOrigin]
    /// Inventory variables that could not be used (a port that is not a number, an unknown
    /// `StrictHostKeyChecking` value), as warnings.
    public var warnings: [String]
}
