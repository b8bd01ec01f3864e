import Playbook
import Runner

/// The connection options `pbrun run` takes (the same ones as `pbrun exec`): how many hosts at once,
/// how to authenticate, how to check host keys. Secrets never come from here: passwords and
/// passphrases come from `PBRUN_PASSWORD`, `PBRUN_KEY_PASSPHRASE` or a prompt on the terminal.
struct ConnectionArguments: Sendable {
    static let options: [OptionSpec] = [
        .value("forks", short: "f", "N", help: "Hosts in flight at once (default 100; overrides a play's forks)."),
        .value("max-startups", "N", help: "Handshakes in progress at once (default \(ConnectionSettings.defaultMaxStartups))."),
        .value("user", short: "u", "USER", help: "Login user where the inventory names none."),
        .value("key", short: "k", "PATH", help: "Private key file where the inventory names none; may be repeated."),
        .value("known-hosts", "PATH", help: "known_hosts file (default ~/.ssh/known_hosts); overrides the inventory."),
        .value("host-key-checking", "POLICY", help: "strict (default), accept-new or off; overrides the inventory."),
        .value("connect-timeout", "SECONDS", help: "Connect, handshake and authentication limit (default 10)."),
        .value("connect-retries", "N", help: "Retries of a refused or timed-out connection (default 2)."),
        .value("ssh-config", short: "F", "PATH", help: "ssh_config file to read (default ~/.ssh/config; 'none' to skip)."),
        .flag("ask-pass", help: "Ask for the SSH login password once, before connecting (else PBRUN_PASSWORD)."),
    ]

    let forks: Int?
    let defaults: ConnectionDefaults
    /// The run-wide settings: handshakes at once, retries, `--ask-pass` and the terminal to ask on.
    let settings: ConnectionSettings

    init(_ arguments: ParsedArguments) throws(UsageError) {
        forks = try arguments.positiveInt("forks")
        let prompt = TerminalPrompt.ifInteractive()
        let askPass = arguments.flag("ask-pass")
        if askPass && prompt == nil {
            throw UsageError("--ask-pass needs a terminal to ask on; set PBRUN_PASSWORD instead")
        }
        settings = ConnectionSettings(
            maxStartups: try arguments.positiveInt("max-startups") ?? ConnectionSettings.defaultMaxStartups,
            connectRetries: try arguments.nonNegativeInt("connect-retries") ?? 2, askPass: askPass, prompt: prompt)
        var checking = HostKeyChecking.strict
        if let policy = arguments.value("host-key-checking") {
            guard let parsed = HostKeyChecking(rawValue: policy) else {
                var message = "--host-key-checking takes strict, accept-new or off, not '\(policy)'"
                if let close = Suggestion.closest(to: policy, among: HostKeyChecking.allCases.map(\.rawValue)) {
                    message += " (did you mean '\(close)'?)"
                }
                throw UsageError(message)
            }
            checking = parsed
        }
        defaults = ConnectionDefaults(
            user: arguments.value("user"), keyFiles: arguments.all("key"), knownHostsFile: arguments.value("known-hosts"),
            hostKeyChecking: checking, connectTimeout: try arguments.positiveSeconds("connect-timeout") ?? 10,
            sshConfigPath: arguments.value("ssh-config"),
            knownHostsFromCommandLine: arguments.value("known-hosts") != nil,
            hostKeyCheckingFromCommandLine: arguments.value("host-key-checking") != nil)
    }

    /// Reads the ssh_config every host's connection applies (`-F`, else `~/.ssh/config`) before any
    /// host is resolved. One that cannot be used (missing, unreadable, malformed) is a bad option,
    /// exit 5, as `pbrun hosts --connection` reports it: prints its diagnostics and returns
    /// `.badOptions`; nil when it can be used.
    func loadSSHConfig(command: String) -> ExitCode? {
        Self.loadSSHConfig(path: defaults.sshConfigPath, command: command)
    }

    /// `loadSSHConfig(command:)` for the file at `path`.
    static func loadSSHConfig(path: String?, command: String) -> ExitCode? {
        do {
            let config = try SSHConfig.loadShared(path: path)
            for warning in config.warnings { printError(warning.description + "\n") }
            return nil
        } catch {
            printError(error.description + "\n")
            printError("pbrun \(command): the ssh_config file cannot be used; no host was touched\n")
            return .badOptions
        }
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
