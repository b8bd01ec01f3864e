/// One command to run on a host: the shell text and how to run it.
public struct RemoteCommand: Sendable, Hashable {
    /// Becoming another user on the host with sudo.
    public struct Become: Sendable, Hashable {
        /// The user to run as (`sudo -u`).
        public var user: String
        /// The sudo password to feed to `sudo -S` (through standard input, never as an argument);
        /// nil for `sudo -n`, which fails at once where sudo would ask for a password.
        public var password: String?

        public init(user: String = "root", password: String? = nil) {
            self.user = user
            self.password = password
        }
    }

    /// The command, as the login shell's `-c` text.
    public var command: String
    /// Variables exported before the command (sent as `export` prefixes: servers usually refuse
    /// `setenv` requests).
    public var environment: [String: String]
    /// The directory to run in.
    public var workingDirectory: String?
    public var become: Become?
    /// Seconds after which the command is stopped (its whole process group, on the host) and
    /// reported as timed out; nil for no limit.
    public var timeout: Double?
    /// Whether the command runs under the process-group wrapper even without a timeout, so that
    /// losing the connection (a forced interrupt aborts the session) stops it on the host.
    public var stoppable: Bool
    /// Whether the command, its environment or its directory holds a secret: the text is then sent
    /// on the channel's standard input behind a fixed exec request (`SecretDelivery`), so it never
    /// appears in an argument list on the host. A become password always goes that way.
    public var secret: Bool

    public init(_ command: String, environment: [String: String] = [:], workingDirectory: String? = nil,
                become: Become? = nil, timeout: Double? = nil, stoppable: Bool = false, secret: Bool = false) {
        self.command = command
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.become = become
        self.timeout = timeout
        self.stoppable = stoppable
        self.secret = secret
    }

    /// Whether the command runs under the process-group wrapper (`shellText`).
    var isWrapped: Bool { timeout != nil || stoppable }

    /// Whether the text goes to the host on standard input rather than in the exec request.
    var usesStandardInput: Bool { secret || become?.password != nil }
}
