import Playbook
import Runner

/// How `pbrun run` and `pbrun exec` connect: how many hosts at once, how many handshakes, retries,
/// `--ask-pass`, and how each host is reached (`SSHOptions`). Secrets never come from here:
/// passwords and passphrases come from `PBRUN_PASSWORD`, `PBRUN_KEY_PASSPHRASE` or a prompt on the
/// terminal.
struct ConnectionOptions: OptionGroup {
    static let forks = OptionSpec.value(
        "forks", short: "f", "N", help: "Hosts in flight at once (default 100; overrides a play's forks).")
    static let maxStartups = OptionSpec.value(
        "max-startups", "N", help: "Handshakes in progress at once (default \(ConnectionSettings.defaultMaxStartups)).")
    static let connectRetries = OptionSpec.value(
        "connect-retries", "N", help: "Retries of a refused or timed-out connection (default 2).")
    static let askPass = OptionSpec.flag(
        "ask-pass", help: "Ask for the SSH login password once, before connecting (else PBRUN_PASSWORD).")

    static let options = [forks, maxStartups] + SSHOptions.options + [connectRetries, askPass]

    let forks: Int?
    let ssh: SSHOptions
    /// The run-wide settings: handshakes at once, retries, `--ask-pass` and the terminal to ask on.
    let settings: ConnectionSettings

    init(_ arguments: ParsedArguments) throws(UsageError) {
        forks = try arguments.positiveInt(Self.forks)
        let prompt = TerminalPrompt.ifInteractive()
        let askPass = arguments.flag(Self.askPass)
        if askPass && prompt == nil {
            throw UsageError("--ask-pass needs a terminal to ask on; set PBRUN_PASSWORD instead")
        }
        settings = ConnectionSettings(
            maxStartups: try arguments.positiveInt(Self.maxStartups) ?? ConnectionSettings.defaultMaxStartups,
            connectRetries: try arguments.nonNegativeInt(Self.connectRetries) ?? 2, askPass: askPass, prompt: prompt)
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
        let problems = ConnectionSettings.knownHostsProblems(for: connections)
        guard !problems.isEmpty else { return nil }
        for problem in problems { printError("pbrun \(command): error: \(problem)\n") }
        printError("pbrun \(command): no host was touched\n")
        return .badOptions
    }
}
