import Foundation
import Synchronization

/// Where the runner connects to each host: inventory variables over ssh_config over
/// `ConnectionDefaults` (with `--known-hosts`/`--host-key-checking` from the command line over all).
///
/// | value | inventory variables, first set wins | ssh_config |
/// |---|---|---|
/// | address | `ansible_host`, `ansible_ssh_host`, `host` (else the inventory name) | `HostName` (`%h`) |
/// | port | `ansible_port`, `ansible_ssh_port`, `port`, `-p`/`-o Port=` in the ssh args | `Port` |
/// | user | `ansible_user`, `ansible_ssh_user`, `user`, `-l`/`-o User=` | `User` |
/// | keys | `ansible_ssh_private_key_file`, `ansible_private_key_file`, `key`, `-i` | `IdentityFile` (all) |
/// | jump or proxy | `jump`, `-J`, `-o ProxyJump=`, `-o ProxyCommand=` (one slot) | `ProxyJump`, `ProxyCommand` (one slot) |
/// | known_hosts | `known_hosts`, `-o UserKnownHostsFile=` | `UserKnownHostsFile` (all; new keys to the first) |
/// | host keys | `-o StrictHostKeyChecking=yes|accept-new|no`, `ansible_host_key_checking` | `StrictHostKeyChecking` |
/// | timeout | `ansible_timeout`, `ansible_ssh_timeout`, `-o ConnectTimeout=` | `ConnectTimeout` |
/// | keepalive | `-o ServerAliveInterval=` | `ServerAliveInterval` |
/// | password | `ansible_password`, `ansible_ssh_pass` | — |
///
/// "The ssh args" are `ansible_ssh_common_args` followed by `ansible_ssh_extra_args`. ssh_config
/// is looked up with the address the inventory gives (as ssh would be called with it). `%` tokens
/// are expanded per keyword as ssh_config(5) allows (`SSHConfigTokens`).
extension Inventory {
    /// Where the runner connects to `host`.
    public func connection(for host: String, defaults: ConnectionDefaults) -> HostConnection {
        resolvedConnection(for: host, defaults: defaults, sshConfig: SSHConfigCache.shared.config(defaults.sshConfigPath))
            .connection
    }

    /// The connection for `host` and where each of its values came from; `sshConfig` is the
    /// configuration to apply (load it with `SSHConfig.load(path:)` to report its errors first).
    /// Connection variables holding templates are rendered with the inventory's variables alone
    /// (`inventoryScope(for:)`); one that cannot be rendered is used as written, with a warning.
    public func resolvedConnection(for host: String, defaults: ConnectionDefaults, sshConfig: SSHConfig)
        -> ResolvedConnection {
        resolvedConnection(for: host, defaults: defaults, sshConfig: sshConfig, identity: .current)
    }

    /// `resolvedConnection` as another local user or machine would see it (`identity` fills
    /// ssh_config's `%u %d %i %l %L %C` and `~`), for tests against output made elsewhere.
    func resolvedConnection(for host: String, defaults: ConnectionDefaults, sshConfig: SSHConfig,
                            identity: LocalIdentity) -> ResolvedConnection {
        var layer = mergedVariables(of: host)
        var warnings: [String] = []
        if hasConnectionTemplates(layer) {
            do {
                layer = try renderedConnectionVariables(layer, of: host, in: inventoryScope(for: host))
            } catch {
                warnings.append(error.description)
            }
        }
        var resolver = ConnectionResolver(name: host, variables: layer, defaults: defaults, sshConfig: sshConfig)
        resolver.identity = identity
        var resolved = resolver.resolve()
        do {
            resolved.connection.isLocal = try Self.isLocalConnection(layer, of: host)
            if resolved.connection.isLocal {
                resolved.origins["connection"] = .inventory(variable: "ansible_connection",
                                                            location: layer.origins["ansible_connection"])
            }
        } catch {
            warnings.append(error.description)
        }
        resolved.warnings = warnings + resolved.warnings
        return resolved
    }
}

/// ssh_config files read once per process and path, since every host's connection consults one.
final class SSHConfigCache: Sendable {
    static let shared = SSHConfigCache()
    private let configs = Mutex<[String: Result<SSHConfig, DiagnosticList>]>([:])

    /// The parsed configuration at `path` (nil: `~/.ssh/config`), read on first use.
    func load(_ path: String?) -> Result<SSHConfig, DiagnosticList> {
        let key = path ?? ""
        if let known = configs.withLock({ $0[key] }) { return known }
        let loaded = Result { () throws(DiagnosticList) in try SSHConfig.load(path: path) }
        configs.withLock { $0[key] = loaded }
        return loaded
    }

    /// The configuration every host's connection applies. A file that cannot be used must have
    /// been reported before any host is resolved (`SSHConfig.loadShared`, which every command
    /// calls first): resolving hosts without it would connect them with settings nobody asked for.
    func config(_ path: String?) -> SSHConfig {
        switch load(path) {
        case .success(let config):
            return config
        case .failure(let problems):
            preconditionFailure("ssh_config used before SSHConfig.loadShared reported it: \(problems)")
        }
    }
}

extension SSHConfig {
    /// Reads the ssh_config at `path` (nil: `~/.ssh/config`, "none": none) once per process for
    /// every host's connection, and throws what makes it unusable (missing, unreadable, malformed)
    /// so the command can stop before resolving any host. Call it before planning or connecting.
    public static func loadShared(path: String?) throws(DiagnosticList) -> SSHConfig {
        try SSHConfigCache.shared.load(path).get()
    }
}

/// Works out one host's connection from its merged variables, ssh_config and the defaults.
struct ConnectionResolver {
    let name: String
    let variables: LocatedVariables
    let defaults: ConnectionDefaults
    let sshConfig: SSHConfig
    /// The local user and machine ssh_config's tokens describe.
    var identity = LocalIdentity.current
    var origins: [String: ConnectionValueOrigin] = [:]
    var warnings: [String] = []
    private let arguments: SSHArguments
    private let argumentsVariable: String

    init(name: String, variables: LocatedVariables, defaults: ConnectionDefaults, sshConfig: SSHConfig) {
        self.name = name
        self.variables = variables
        self.defaults = defaults
        self.sshConfig = sshConfig
        let names = ["ansible_ssh_common_args", "ansible_ssh_extra_args"]
        let texts = names.compactMap { key -> String? in
            if case .string(let text)? = variables.values[key] { return text }
            return nil
        }
        arguments = SSHArguments(texts.joined(separator: " "))
        argumentsVariable = names.first { variables.values[$0] != nil } ?? names[0]
    }

    /// The first of `names` the variables set, as text, with its origin.
    func text(_ names: [String]) -> (String, ConnectionValueOrigin)? {
        for key in names {
            switch variables.values[key] {
            case .string(let value)?: return (value, .inventory(variable: key, location: variables.origins[key]))
            case .int(let value)?: return (String(value), .inventory(variable: key, location: variables.origins[key]))
            case .double(let value)?: return (String(value), .inventory(variable: key, location: variables.origins[key]))
            case .bool(let value)?: return (value ? "yes" : "no", .inventory(variable: key, location: variables.origins[key]))
            default: continue
            }
        }
        return nil
    }

    /// An inventory variable, else an option inside the ssh args.
    func inventoryValue(_ names: [String], sshOption: String) -> (String, ConnectionValueOrigin)? {
        if let found = text(names) { return found }
        if let value = arguments[sshOption] {
            return (value, .inventory(variable: "\(argumentsVariable) (\(sshOption))",
                                      location: variables.origins[argumentsVariable]))
        }
        return nil
    }

    func config(_ keyword: String, _ settings: [String: SSHConfig.Setting]) -> (String, ConnectionValueOrigin)? {
        guard let setting = settings[keyword.lowercased()] else { return nil }
        return (setting.value, .sshConfig(keyword: keyword, location: setting.location))
    }

    mutating func resolve() -> ResolvedConnection {
        let target = text(["ansible_host", "ansible_ssh_host", "host"])
        let lookupName = target?.0 ?? name
        let userHint = text(["ansible_user", "ansible_ssh_user", "user"])?.0
        let (settings, identities) = sshConfig.settings(for: lookupName, user: userHint)

        var connection = HostConnection(name: name, address: lookupName)
        origins["address"] = target?.1 ?? .defaults
        if let (hostName, origin) = config("HostName", settings),
           let expanded = expand(hostName, .hostName, "HostName", origin, tokens(connection, lookupName)) {
            connection.address = expanded
            origins["address"] = origin
        }

        connection.port = defaults.port
        origins["port"] = .defaults
        if let (value, origin) = inventoryValue(["ansible_port", "ansible_ssh_port", "port"], sshOption: "Port")
            ?? config("Port", settings) {
            if let port = Int(value), (1...65535).contains(port) {
                connection.port = port
                origins["port"] = origin
            } else {
                warnings.append("port '\(value)' from \(origin) is not a port number; using \(defaults.port)")
            }
        }

        connection.user = defaults.user
        origins["user"] = .defaults
        if let (value, origin) = inventoryValue(["ansible_user", "ansible_ssh_user", "user"], sshOption: "User")
            ?? config("User", settings) {
            connection.user = value
            origins["user"] = origin
        }

        let tokens = tokens(connection, lookupName)
        resolveKeys(&connection, identities: identities, settings: settings, tokens: tokens)
        resolveProxy(&connection, settings: settings, tokens: tokens)
        resolveHostKeys(&connection, settings: settings, tokens: tokens)
        resolveTimes(&connection, settings: settings)

        if let (password, origin) = text(["ansible_password", "ansible_ssh_pass"]) {
            connection.password = password
            origins["password"] = origin
        }
        return ResolvedConnection(connection: connection, origins: origins, warnings: warnings)
    }

    /// What the `%` tokens stand for in this host's ssh_config values (`lookupName` is `%n`).
    func tokens(_ connection: HostConnection, _ lookupName: String) -> SSHConfigTokens {
        SSHConfigTokens(host: connection.address, originalHost: lookupName, port: connection.port,
                        remoteUser: connection.user ?? identity.user, local: identity)
    }

    /// `value` of `keyword` (from `origin`) with its tokens expanded, or nil with a warning when it
    /// holds a token the keyword does not accept or names an unset environment variable (ssh
    /// refuses such a value too).
    mutating func expand(_ value: String, _ keyword: SSHConfigTokens.Keyword, _ name: String,
                         _ origin: ConnectionValueOrigin, _ tokens: SSHConfigTokens) -> String? {
        switch tokens.expand(value, for: keyword) {
        case .success(let expanded):
            return expanded
        case .failure(let problem):
            warnings.append("\(name) '\(value)' from \(origin) is not used: \(problem.message)")
            return nil
        }
    }

    private mutating func resolveKeys(_ connection: inout HostConnection, identities: [SSHConfig.Setting],
                                      settings: [String: SSHConfig.Setting], tokens: SSHConfigTokens) {
        connection.keyFiles = defaults.keyFiles
        origins["keyFiles"] = .defaults
        if let (key, origin) = text(["ansible_ssh_private_key_file", "ansible_private_key_file", "key"]) {
            connection.keyFiles = [(key as NSString).expandingTildeInPath]
                + arguments.identityFiles.map { ($0 as NSString).expandingTildeInPath }
            origins["keyFiles"] = origin
        } else if !arguments.identityFiles.isEmpty {
            connection.keyFiles = arguments.identityFiles.map { ($0 as NSString).expandingTildeInPath }
            origins["keyFiles"] = .inventory(variable: "\(argumentsVariable) (-i)",
                                             location: variables.origins[argumentsVariable])
        } else if let first = identities.first {
            connection.keyFiles = identities.compactMap {
                expand($0.value, .file, "IdentityFile", .sshConfig(keyword: "IdentityFile", location: $0.location),
                       tokens)
            }
            origins["keyFiles"] = .sshConfig(keyword: "IdentityFile", location: first.location)
        }
        if let (value, _) = inventoryValue([], sshOption: "IdentitiesOnly") ?? config("IdentitiesOnly", settings) {
            connection.identitiesOnly = value.lowercased() == "yes"
        }
    }

    private mutating func resolveHostKeys(_ connection: inout HostConnection, settings: [String: SSHConfig.Setting],
                                          tokens: SSHConfigTokens) {
        connection.knownHostsFile = defaults.knownHostsFile
        origins["knownHostsFile"] = defaults.knownHostsFromCommandLine ? .commandLine : .defaults
        if !defaults.knownHostsFromCommandLine,
           let (value, origin) = inventoryValue(["known_hosts"], sshOption: "UserKnownHostsFile")
            ?? config("UserKnownHostsFile", settings) {
            // Every file is read; new keys go to the first, as in OpenSSH.
            let files = value.split(whereSeparator: { $0 == " " || $0 == "\t" }).compactMap {
                expand(String($0), .file, "UserKnownHostsFile", origin, tokens)
            }
            if let first = files.first {
                connection.knownHostsFile = first
                connection.extraKnownHostsFiles = Array(files.dropFirst())
                origins["knownHostsFile"] = origin
            }
        }

        connection.hostKeyChecking = defaults.hostKeyChecking
        origins["hostKeyChecking"] = defaults.hostKeyCheckingFromCommandLine ? .commandLine : .defaults
        guard !defaults.hostKeyCheckingFromCommandLine else { return }
        if let (value, origin) = inventoryValue(["ansible_host_key_checking"], sshOption: "StrictHostKeyChecking")
            ?? config("StrictHostKeyChecking", settings) {
            switch value.lowercased() {
            case "yes", "true", "ask": connection.hostKeyChecking = .strict
            case "accept-new": connection.hostKeyChecking = .acceptNew
            case "no", "off", "false": connection.hostKeyChecking = .off
            default:
                warnings.append("host key checking '\(value)' from \(origin) is not yes, accept-new or no; "
                                + "using \(defaults.hostKeyChecking.rawValue)")
                return
            }
            origins["hostKeyChecking"] = origin
        }
    }

    private mutating func resolveTimes(_ connection: inout HostConnection, settings: [String: SSHConfig.Setting]) {
        connection.connectTimeout = defaults.connectTimeout
        origins["connectTimeout"] = .defaults
        if let (value, origin) = inventoryValue(["ansible_timeout", "ansible_ssh_timeout"], sshOption: "ConnectTimeout")
            ?? config("ConnectTimeout", settings) {
            if let seconds = Double(value), seconds > 0, seconds <= DurationText.maximum.seconds {
                connection.connectTimeout = seconds
                origins["connectTimeout"] = origin
            } else {
                warnings.append("connect timeout '\(value)' from \(origin) is not a positive number of seconds "
                    + "(at most \(Int(DurationText.maximum.seconds)))")
            }
        }
        connection.serverAliveInterval = defaults.serverAliveInterval
        origins["serverAliveInterval"] = .defaults
        if let (value, origin) = inventoryValue([], sshOption: "ServerAliveInterval")
            ?? config("ServerAliveInterval", settings) {
            if let seconds = Double(value), seconds >= 0, seconds <= DurationText.maximum.seconds {
                connection.serverAliveInterval = seconds
                origins["serverAliveInterval"] = origin
            } else {
                warnings.append("keepalive interval '\(value)' from \(origin) is not a number of seconds "
                    + "(at most \(Int(DurationText.maximum.seconds)))")
            }
        }
    }
}
