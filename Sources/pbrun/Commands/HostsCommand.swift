import Foundation
import Playbook
import Runner

/// `pbrun hosts -i INVENTORY [PATTERN]`: what an inventory means, without touching a host. Lists
/// the hosts a pattern matches, or prints the inventory as `ansible-inventory --list`/`--host`/
/// `--graph` would (so the two can be diffed), or shows where pbrun will connect for each host and
/// where every value came from.
struct HostsCommand: Command {
    static let name = "hosts"
    static let summary = "List an inventory's hosts, groups, variables and connection settings."
    static let usage = """
        Usage: pbrun hosts -i INVENTORY [OPTIONS] [PATTERN]

        Prints the hosts PATTERN (default 'all') matches, one a line. With --list, --host or --graph
        prints what ansible-inventory prints; with --connection, the address, port, user, keys, jump
        host and host-key policy pbrun will use per host, and where each came from.

        With --host NAME --playbook P, prints for each play of P the variables NAME would see there,
        merged as a run merges them: inventory all, group and host vars (with group_vars/ and
        host_vars/), the playbook's vars and vars_files, the play's vars, and extra vars (-e), each
        with the level and source it came from and, for a value holding a template, what it renders
        to; then the built-ins (host, play, run, inventory_hostname, group_names, groups). Step vars
        and registered results exist only while a step runs and are not shown. Secrets are masked.

        group_vars/ and host_vars/ beside the playbook (or in --playbook-dir DIR) are read as
        ansible-playbook reads them, each above the inventory's of the same kind.

        Example:
          pbrun hosts -i inventories/prod.yml 'web:&eu:!web03'
          pbrun hosts -i hosts.ini -i extra/ --list
          pbrun hosts -i hosts.ini --connection -F ~/.ssh/config db
          pbrun hosts -i hosts.ini --host web01 --playbook deploy.yml -e version=1.4.2
          pbrun hosts -i inventories/prod --playbook-dir . --list
        """
    static let list = OptionSpec.flag("list", help: "Print the inventory as JSON, like ansible-inventory --list.")
    static let host = OptionSpec.value(
        "host", "NAME", help: "Print one host's merged variables as JSON, like ansible-inventory --host.")
    static let playbook = OptionSpec.value(
        "playbook", "PATH", help: "With --host: show the host's variables in each play of this playbook.")
    static let playbookDir = OptionSpec.value(
        "playbook-dir", "DIR", help: "Also read DIR's group_vars/ and host_vars/, as ansible-inventory does.")
    static let graph = OptionSpec.flag(
        "graph", help: "Print the group tree from PATTERN (a group, default all), like ansible-inventory --graph.")
    static let connection = OptionSpec.flag(
        "connection", help: "Show per host where pbrun connects and where each value came from.")
    static let port = OptionSpec.value(
        "port", short: "p", "PORT", help: "Port where the inventory and ssh_config name none (default 22).")
    static let verbose = OptionSpec.flag("verbose", short: "v", help: "Also list ssh_config keywords pbrun does not use.")

    static let options = InventoryOptions.options + [list, host, playbook, playbookDir, graph, connection]
        + SSHOptions.options + [port, verbose]

    private enum Mode {
        case names, list, host(String), graph, connection
    }

    private let inventories: [String]
    private let pattern: String?
    private let limit: String?
    private let mode: Mode
    private let defaults: ConnectionDefaults
    private let verbose: Bool
    private let playbook: String?
    /// Whose `group_vars/` and `host_vars/` apply besides the inventory's: `--playbook-dir`, else the
    /// folder of `--playbook`.
    private let playbookFolder: String?
    private let extraVars: [String]

    init(arguments: ParsedArguments) throws(UsageError) {
        let selection = try InventoryOptions(arguments)
        inventories = try selection.required()
        if arguments.positionals.count > 1 {
            throw UsageError("unexpected argument '\(arguments.positionals[1])' (one PATTERN at most)")
        }
        pattern = arguments.positionals.first
        limit = selection.limit
        var modes: [Mode] = []
        if arguments.flag(Self.list) { modes.append(.list) }
        if let host = arguments.value(Self.host) { modes.append(.host(host)) }
        if arguments.flag(Self.graph) { modes.append(.graph) }
        if arguments.flag(Self.connection) { modes.append(.connection) }
        guard modes.count <= 1 else { throw UsageError("--list, --host, --graph and --connection exclude each other") }
        mode = modes.first ?? .names
        playbook = arguments.value(Self.playbook)
        extraVars = selection.extraVars
        if playbook != nil, arguments.value(Self.host) == nil { throw UsageError("--playbook needs --host NAME") }
        if !extraVars.isEmpty, playbook == nil { throw UsageError("--extra-vars needs --playbook") }
        playbookFolder = arguments.value(Self.playbookDir) ?? playbook.map(Inventory.folder(ofPlaybook:))
        verbose = arguments.flag(Self.verbose)

        var defaults = try SSHOptions(arguments).defaults
        if let text = arguments.value(Self.port) {
            guard let port = Int(text), (1...65535).contains(port) else {
                throw UsageError("--port takes a port number (1-65535), not '\(text)'")
            }
            defaults.port = port
        }
        self.defaults = defaults
    }

    func run() async throws -> ExitCode {
        let inventory: Inventory
        do {
            let loaded = try Inventory.load(sources: inventories)
            inventory = try playbookFolder.map { folder throws(DiagnosticList) in
                try loaded.addingPlaybookFolder(folder)
            } ?? loaded
        } catch {
            printError(error.description + "\n")
            return .invalidInput
        }
        for warning in inventory.warnings { printError(warning.description + "\n") }
        switch mode {
        case .list:
            print(JSONText.write(PasswordVariables.masked(inventory.listing())))
            return .ok
        case .host(let name):
            guard inventory.hasHost(name) || inventory.isImplicitLocalhost(name) else {
                var message = "pbrun hosts: no host '\(name)' in the inventory (\(inventories.joined(separator: ", ")))"
                if let close = Suggestion.closest(to: name, among: inventory.hostNames) {
                    message += " (did you mean '\(close)'?)"
                }
                printError(message + "\n")
                return .invalidInput
            }
            if let playbook {
                if let failure = SSHOptions.loadSSHConfig(path: defaults.sshConfigPath, command: "hosts") {
                    return failure
                }
                return Self.showPlaybookVariables(host: name, inventory: inventory, playbookPath: playbook,
                                                  extraVars: extraVars, limit: limit, defaults: defaults)
            }
            print(JSONText.write(PasswordVariables.masked(.map(inventory.variables(of: name)))))
            return .ok
        case .graph:
            let group = pattern ?? "all"
            guard let text = inventory.graphText(from: group) else {
                var message = "pbrun hosts: no group '\(group)' in the inventory (\(inventories.joined(separator: ", ")))"
                if let close = Suggestion.closest(to: group, among: inventory.groupNames) {
                    message += " (did you mean '\(close)'?)"
                }
                printError(message + "\n")
                return .invalidInput
            }
            print(text)
            return .ok
        case .names, .connection:
            let hosts: [String]
            do {
                let limitPatterns = try limit.map { text throws(DiagnosticList) in try Inventory.limitPatterns(from: text) }
                hosts = try inventory.hosts(matching: pattern ?? "all", limit: limitPatterns, at: nil)
            } catch {
                printError(error.description + "\n")
                return .invalidInput
            }
            if case .names = mode {
                FileHandleOutput.standardOutput.write(hosts.map { $0 + "\n" }.joined())
                return .ok
            }
            return showConnections(inventory, hosts)
        }
    }

    private func showConnections(_ inventory: Inventory, _ hosts: [String]) -> ExitCode {
        let sshConfig: SSHConfig
        do {
            sshConfig = try SSHConfig.loadShared(path: defaults.sshConfigPath)
        } catch {
            printError(error.description + "\n")
            return .badOptions
        }
        for warning in sshConfig.warnings { printError(warning.description + "\n") }
        if verbose { for note in sshConfig.ignored { printError(note.description + "\n") } }
        var text = ""
        for host in hosts {
            let resolved = inventory.resolvedConnection(for: host, defaults: defaults, sshConfig: sshConfig)
            let connection = resolved.connection
            func origin(_ key: String) -> String { resolved.origins[key]?.description ?? "default" }
            if connection.isLocal {
                // Nothing of SSH applies: the host's commands run on this machine.
                let source = inventory.isImplicitLocalhost(host) ? "implicit localhost" : origin("connection")
                text += host + "\n  " + "connection".padding(toLength: 18, withPad: " ", startingAt: 0)
                    + "local (commands run on this machine, no SSH)  " + source + "\n"
                for warning in resolved.warnings { printError("pbrun hosts: warning: \(host): \(warning)\n") }
                continue
            }
            var rows: [(String, String, String)] = [
                ("address", connection.address, origin("address")),
                ("port", String(connection.port), origin("port")),
                ("user", connection.user ?? "(local user)", origin("user")),
                ("keys", connection.keyFiles.isEmpty ? "(ssh-agent only)" : connection.keyFiles.joined(separator: ", "),
                 origin("keyFiles")),
                connection.proxyCommand.map { ("proxy_command", $0, origin("jump")) }
                    ?? ("jump", connection.jumps.isEmpty ? "(none)"
                            : connection.jumps.map(\.spec).joined(separator: ","), origin("jump")),
                ("known_hosts", ([connection.knownHostsFile ?? "~/.ssh/known_hosts"] + connection.extraKnownHostsFiles)
                    .joined(separator: " "), origin("knownHostsFile")),
                ("host_key_checking", connection.hostKeyChecking.rawValue, origin("hostKeyChecking")),
                ("connect_timeout", JSONText.pythonFloat(connection.connectTimeout), origin("connectTimeout")),
                ("keepalive", JSONText.pythonFloat(connection.serverAliveInterval), origin("serverAliveInterval")),
            ]
            if connection.password != nil { rows.append(("password", "(set, hidden)", origin("password"))) }
            if let become = inventory.become(for: host) {
                let text = become.enabled ? "\(become.method) to \(become.user)" : "no"
                rows.append(("become", text + (become.password == nil ? "" : " (password set, hidden)"),
                             "inventory ansible_become*"))
            }
            text += host + "\n"
            for (label, value, source) in rows {
                text += "  " + label.padding(toLength: 18, withPad: " ", startingAt: 0)
                    + value.padding(toLength: max(value.count, 28), withPad: " ", startingAt: 0) + "  " + source + "\n"
            }
            for warning in resolved.warnings { printError("pbrun hosts: warning: \(host): \(warning)\n") }
        }
        FileHandleOutput.standardOutput.write(text)
        return .ok
    }
}
