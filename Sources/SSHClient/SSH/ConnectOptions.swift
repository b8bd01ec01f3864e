/// Run-wide settings for opening sessions, beside each host's own `SSHTarget`.
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
    /// The ssh-agent socket whose identities are offered first (`SSH_AUTH_SOCK`); nil offers none.
    public var agentSocket: String?
    /// Seconds pbrun waits for each answer of the ssh-agent before it gives up on the agent for the
    /// run (libssh2 1.10 talks to the agent with blocking I/O; this bounds how long it can block).
    public var agentTimeout: Double
    /// Where to ask a person for a missing passphrase or password; nil never asks (no terminal).
    public var prompt: (any SecretPrompt)?
    /// The run's answers and agent identities, shared by every connection made with these options
    /// (and their copies), so each is asked for or listed once per run, not once per host.
    public let credentials: RunCredentials

    /// The measured default for `--max-startups` (see docs/ssh.md).
    public static let defaultMaxStartups = 24

    public init(startupLimiter: StartupLimiter = StartupLimiter(limit: ConnectOptions.defaultMaxStartups),
                connectRetries: Int = 2, retryBackoff: Double = 0.2, keyPassphrase: String? = nil,
                password: String? = nil, agentSocket: String? = nil, agentTimeout: Double = 5,
                prompt: (any SecretPrompt)? = nil) {
        self.startupLimiter = startupLimiter
        self.connectRetries = connectRetries
        self.retryBackoff = retryBackoff
        self.keyPassphrase = keyPassphrase
        self.password = password
        self.agentSocket = agentSocket
        self.agentTimeout = agentTimeout
        self.prompt = prompt
        credentials = RunCredentials()
    }
}
