import Playbook
import SSHClient

/// The run-wide connection settings the command line chooses (`--max-startups`,
/// `--connect-retries`, `--ask-pass`, the terminal to ask on), as a plain value; the run turns them
/// into the SSH layer's options with the secrets from the environment. Each host's own settings
/// (address, user, keys, known_hosts) are in its `HostConnection`.
public struct ConnectionSettings: Sendable {
    /// The measured default for `--max-startups` (see docs/ssh.md).
    public static let defaultMaxStartups = ConnectOptions.defaultMaxStartups

    /// Handshakes in progress at once.
    public var maxStartups: Int
    /// Retries of a refused or timed-out connection.
    public var connectRetries: Int
    /// Whether to ask for the login password before the first connection (`--ask-pass`).
    public var askPass: Bool
    /// Where to ask for a missing passphrase or password; nil when no person can answer.
    public var prompt: TerminalPrompt?

    public init(maxStartups: Int = ConnectionSettings.defaultMaxStartups, connectRetries: Int = 2,
                askPass: Bool = false, prompt: TerminalPrompt? = nil) {
        self.maxStartups = maxStartups
        self.connectRetries = connectRetries
        self.askPass = askPass
        self.prompt = prompt
    }

    /// The session settings every host shares: the agent from `SSH_AUTH_SOCK`, passphrases and
    /// passwords from the environment or the terminal, never from the command line. With
    /// `--ask-pass` this asks for the password now, before any host is touched: the one wait on a
    /// person happens up front instead of holding connections open mid-run, and nothing else runs
    /// yet that the blocking read could hold up.
    func connectOptions(environment: [String: String]) -> ConnectOptions {
        let options = ConnectOptions(
            startupLimiter: StartupLimiter(limit: maxStartups), connectRetries: connectRetries,
            keyPassphrase: environment["PBRUN_KEY_PASSPHRASE"], password: askPass ? nil : environment["PBRUN_PASSWORD"],
            agentSocket: environment["SSH_AUTH_SOCK"], prompt: prompt)
        if askPass, let password = prompt?.readSecretNow("SSH password: ") {
            options.credentials.setTypedPassword(password)
        }
        return options
    }

    /// Why the known_hosts files `connections` check host keys against cannot be used, one sentence
    /// per file (empty when all can): for a command to refuse before connecting to any host.
    public static func knownHostsProblems(for connections: [HostConnection]) -> [String] {
        KnownHosts.problems(for: connections.map(\.sshTarget))
    }
}

/// The C libraries pbrun runs with, for `pbrun version`.
public enum RuntimeLibraries {
    /// The version of the loaded libssh2, e.g. "1.11.1".
    public static var libssh2: String { libssh2Version }
    /// Where that libssh2 came from, e.g. "system package libssh2-1-dev".
    public static var libssh2Origin: String { SSHClient.libssh2Origin }
}
