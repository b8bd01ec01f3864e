/// Run-wide settings for opening sessions, beside each host's own `HostConnection`.
public struct ConnectOptions: Sendable {
    /// Bounds how many handshakes (TCP connect + key exchange + authentication) run at once,
    /// separately from how many hosts are in flight: hundreds of simultaneous key exchanges only
    /// fight over the CPUs of the controller and of the servers.
    public var startupLimiter: StartupLimiter
    /// How often a transient failure before authentication (refused, reset, timed out) is retried.
    public var connectRetries: Int
    /// Seconds to wait before the first retry; doubled for each later one.
    public var retryBackoff: Double
    /// Passphrase for encrypted key files (`PBRUN_KEY_PASSPHRASE`), never from the command line.
    public var keyPassphrase: String?
    /// Password for password authentication (`PBRUN_PASSWORD`), tried after the keys.
    public var password: String?
    /// Whether to offer the identities of a running ssh-agent (`SSH_AUTH_SOCK`) first.
    public var useAgent: Bool

    /// The measured default for `--max-startups` (see docs/ssh.md).
    public static let defaultMaxStartups = 24

    public init(startupLimiter: StartupLimiter = StartupLimiter(limit: ConnectOptions.defaultMaxStartups),
                connectRetries: Int = 2, retryBackoff: Double = 0.2, keyPassphrase: String? = nil,
                password: String? = nil, useAgent: Bool = false) {
        self.startupLimiter = startupLimiter
        self.connectRetries = connectRetries
        self.retryBackoff = retryBackoff
        self.keyPassphrase = keyPassphrase
        self.password = password
        self.useAgent = useAgent
    }
}
