import Playbook
import Runner

/// How each host is reached where the inventory and ssh_config are silent, or over them where the
/// option says so: login user, keys, known_hosts, host-key policy, connect timeout, the ssh_config
/// file. The same for every command that resolves connections (`run`, `plan`, `exec`, `hosts`).
struct SSHOptions: OptionGroup {
    static let user = OptionSpec.value(
        "user", short: "u", "USER", help: "Login user where the inventory and ssh_config name none.")
    static let key = OptionSpec.value(
        "key", short: "k", "PATH", help: "Private key file where the inventory and ssh_config name none; repeatable.")
    static let knownHosts = OptionSpec.value(
        "known-hosts", "PATH", help: "known_hosts file (default ~/.ssh/known_hosts); overrides the inventory and ssh_config.")
    static let hostKeyChecking = OptionSpec.value(
        "host-key-checking", "POLICY", help: "strict (default), accept-new or off; overrides the inventory and ssh_config.")
    static let connectTimeout = OptionSpec.value(
        "connect-timeout", "SECONDS", help: "Connect, handshake and authentication limit (default 10).")
    static let sshConfig = OptionSpec.value(
        "ssh-config", short: "F", "PATH", help: "ssh_config file to read (default ~/.ssh/config; 'none' to skip).")

    static let options = [user, key, knownHosts, hostKeyChecking, connectTimeout, sshConfig]

    /// What the options say, as the inventory's connection resolution takes it.
    let defaults: ConnectionDefaults

    init(_ arguments: ParsedArguments) throws(UsageError) {
        let checking = try arguments.choice(Self.hostKeyChecking, of: HostKeyChecking.self)
        defaults = ConnectionDefaults(
            user: arguments.value(Self.user), keyFiles: arguments.all(Self.key),
            knownHostsFile: arguments.value(Self.knownHosts), hostKeyChecking: checking ?? .strict,
            connectTimeout: try arguments.positiveSeconds(Self.connectTimeout) ?? 10,
            sshConfigPath: arguments.value(Self.sshConfig),
            knownHostsFromCommandLine: arguments.value(Self.knownHosts) != nil,
            hostKeyCheckingFromCommandLine: checking != nil)
    }

    /// Reads the ssh_config every host's connection applies (`-F`, else `~/.ssh/config`) before any
    /// host is resolved. One that cannot be used (missing, unreadable, malformed) is a bad option,
    /// exit 5: prints its diagnostics and returns `.badOptions`; nil when it can be used.
    func loadSSHConfig(command: String) -> ExitCode? {
        Self.loadSSHConfig(path: defaults.sshConfigPath, command: command)
    }

    /// `loadSSHConfig(command:)` for the file at `path` (nil: `~/.ssh/config`).
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
}
