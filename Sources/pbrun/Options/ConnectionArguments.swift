import Playbook
import Runner

/// The connection options `pbrun run` takes (the same ones as `pbrun exec`): how many hosts at once,
/// how to authenticate, how to check host keys.
struct ConnectionArguments: Sendable {
    static let options: [OptionSpec] = [
        .value("forks", short: "f", "N", help: "Hosts in flight at once (default 100; overrides a play's forks)."),
        .value("max-startups", "N", help: "Handshakes in progress at once (default \(ConnectOptions.defaultMaxStartups))."),
        .value("user", short: "u", "USER", help: "Login user where the inventory names none."),
        .value("key", short: "k", "PATH", help: "Private key file where the inventory names none; may be repeated."),
        .value("known-hosts", "PATH", help: "known_hosts file (default ~/.ssh/known_hosts); overrides the inventory."),
        .value("host-key-checking", "POLICY", help: "strict (default), accept-new or off; overrides the inventory."),
        .value("connect-timeout", "SECONDS", help: "Connect, handshake and authentication limit (default 10)."),
        .value("connect-retries", "N", help: "Retries of a refused or timed-out connection (default 2)."),
        .value("ssh-config", short: "F", "PATH", help: "ssh_config file to read (default ~/.ssh/config; 'none' to skip)."),
    ]

    let forks: Int?
    let maxStartups: Int
    let connectRetries: Int
    let defaults: ConnectionDefaults

    init(_ arguments: ParsedArguments) throws(UsageError) {
        forks = try arguments.positiveInt("forks")
        maxStartups = try arguments.positiveInt("max-startups") ?? ConnectOptions.defaultMaxStartups
        connectRetries = try arguments.nonNegativeInt("connect-retries") ?? 2
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

    /// The session settings every host shares; passphrases and passwords come from the environment only.
    func connectOptions(environment: [String: String]) -> ConnectOptions {
        ConnectOptions(startupLimiter: StartupLimiter(limit: maxStartups), connectRetries: connectRetries,
                       keyPassphrase: environment["PBRUN_KEY_PASSPHRASE"], password: environment["PBRUN_PASSWORD"])
    }
}
