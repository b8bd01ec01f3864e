import Playbook
import Runner
import SSHClient

/// How `pbrun run` and `pbrun exec` connect: how many hosts at once, how many handshakes, retries,
/// `--ask-pass`, and how each host is reached (`SSHOptions`). Secrets never come from here:
/// passwords and passphrases come from `PBRUN_PASSWORD`, `PBRUN_KEY_PASSPHRASE` or a prompt on the
/// terminal.
struct ConnectionArguments: OptionGroup {
    static let forks = OptionSpec.value(
        "forks", short: "f", "N", help: "Hosts in flight at once (default 100; overrides a play's forks).")
    static let maxStartups = OptionSpec.value(
        "max-startups", "N", help: "Handshakes in progress at once (default \(ConnectOptions.defaultMaxStartups)).")
    static let connectRetries = OptionSpec.value(
        "connect-retries", "N", help: "Retries of a refused or timed-out connection (default 2).")
    static let askPass = OptionSpec.flag(
        "ask-pass", help: "Ask for the SSH login password once, before connecting (else PBRUN_PASSWORD).")

    static let options = [forks, maxStartups] + SSHOptions.options + [connectRetries, askPass]

    let forks: Int?
    let maxStartups: Int
    let connectRetries: Int
    let ssh: SSHOptions
    /// Where to ask for a missing passphrase or password; nil when no person can answer.
    let prompt: TerminalPrompt?
    /// Whether to ask for the login password before the first connection (`--ask-pass`).
    let askPass: Bool

    init(_ arguments: ParsedArguments) throws(UsageError) {
        forks = try arguments.positiveInt(Self.forks)
        maxStartups = try arguments.positiveInt(Self.maxStartups) ?? ConnectOptions.defaultMaxStartups
        connectRetries = try arguments.nonNegativeInt(Self.connectRetries) ?? 2
        prompt = TerminalPrompt.ifInteractive()
        askPass = arguments.flag(Self.askPass)
        if askPass && prompt == nil {
            throw UsageError("--ask-pass needs a terminal to ask on; set PBRUN_PASSWORD instead")
        }
        ssh = try SSHOptions(arguments)
    }

    /// What the options say about reaching each host.
    var defaults: ConnectionDefaults { ssh.defaults }

    /// See `SSHOptions.loadSSHConfig(command:)`.
    func loadSSHConfig(command: String) -> ExitCode? {
        ssh.loadSSHConfig(command: command)
    }

    /// Reads the known_hosts files `connections` check host keys against before any connection:
    /// one that cannot be used (unreadable, or an entry libssh2 cannot read) is a bad option,
    /// exit 5, like the ssh_config; printed with its path and reason. Nil when all can be used.
    static func checkKnownHosts(_ connections: [HostConnection], command: String) -> ExitCode? {
        let problems = KnownHosts.problems(for: connections.map(\.sshTarget))
        guard !problems.isEmpty else { return nil }
        for problem in problems { printError("pbrun \(command): error: \(problem)\n") }
        printError("pbrun \(command): no host was touched\n")
        return .badOptions
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
}
