/// The variables one host sees, built exactly as the planner builds them, so that `pbrun hosts --host
/// NAME --playbook P` shows what a run would use and connection settings render in the same scope.
public enum HostVariables {
    /// What `host` sees in one play, before any step ran.
    public struct PlayView: Sendable {
        /// The play's position in the playbook, 1-based.
        public let position: Int
        /// The play.
        public let play: Play
        /// Whether the play's host pattern (and `--limit`) selects the host.
        public let targetsHost: Bool
        /// The host's scope in the play: inventory layers, playbook and play vars, `--secrets-file`,
        /// extra vars and the built-ins; empty when the play does not target the host (its secrets
        /// are then not resolved either).
        public let scope: VariableScope
    }

    /// Every group of the inventory with its hosts, for the `groups` built-in.
    static func groups(of inventory: Inventory) -> [(name: String, hosts: [String])] {
        inventory.groupNames.map { ($0, (try? inventory.hosts(matching: $0)) ?? []) }
    }

    /// The scope `host`'s templated connection variables are rendered in: its inventory layers,
    /// `--secrets-file`, extra vars and the built-ins (its address being its name, since the address is
    /// what is being worked out). Play vars are left out: a host has one connection for the whole run.
    public static func connectionScope(for host: String, request: PlanRequest,
                                       groups: [(name: String, hosts: [String])]? = nil) -> VariableScope {
        let inventory = request.inventory
        var scope = VariableScope(layers: inventory.variableLayers(of: host))
        if let secrets = request.secretsFile { scope.add(secrets) }
        if let extra = request.extraVars { scope.add(extra) }
        scope.setBuiltins(BuiltinFacts(
            hostName: host, hostAddress: host, hostGroups: inventory.groups(of: host),
            groups: groups ?? Self.groups(of: inventory), playName: nil, runID: request.runID,
            runStarted: request.started))
        return scope
    }

    /// Where the runner connects to `host`: the inventory's settings with templates in
    /// `ansible_host`, `ansible_user` and `ansible_port` (and their `ansible_ssh_` forms) rendered.
    public static func connection(for host: String, request: PlanRequest,
                                  groups: [(name: String, hosts: [String])]? = nil)
        throws(Diagnostic) -> HostConnection {
        try request.inventory.connection(for: host, defaults: request.connectionDefaults,
                                         rendering: { connectionScope(for: host, request: request, groups: groups) })
    }

    /// What `host` sees in each play of the request's playbook, in order, with the address the
    /// `host.address` built-in names.
    public static func plays(for host: String, request: PlanRequest) throws(DiagnosticList) -> [PlayView] {
        let groups = Self.groups(of: request.inventory)
        let address: String
        do {
            address = try connection(for: host, request: request, groups: groups).address
        } catch {
            throw DiagnosticList([error])
        }
        var diagnostics: [Diagnostic] = []
        var views: [PlayView] = []
        let builtins = BuiltinFacts.Shared(groups: groups, runID: request.runID, runStarted: request.started)
        let limited = try request.limit.map { text throws(DiagnosticList) in
            try request.inventory.hosts(within: Inventory.limitPatterns(from: text))
        }
        let playFiles = request.playbook.playFiles
        for (index, play) in request.playbook.allPlays.enumerated() {
            let pattern = hostPattern(of: play, files: playFiles[index], request: request)
            let matched = (try? request.inventory.hosts(matching: pattern)) ?? []
            let targets = matched.contains(host) && (limited?.contains(host) ?? true)
            guard targets else {
                views.append(PlayView(position: index + 1, play: play, targetsHost: false, scope: VariableScope()))
                continue
            }
            let shared = PreparedPlay.sharedLayers(play: play, files: playFiles[index], extraVars: request.extraVars,
                                                   diagnostics: &diagnostics)
            let scope = PreparedPlay.scope(for: host, play: play, request: request, shared: shared,
                                           builtins: builtins, allHosts: request.inventory.hostNames,
                                           address: address)
            views.append(PlayView(position: index + 1, play: play, targetsHost: targets, scope: scope))
        }
        if !diagnostics.isEmpty { throw DiagnosticList(diagnostics) }
        return views
    }

    /// The play's host pattern as the planner renders it (`PlayHostPattern`); a pattern that cannot be
    /// rendered or matched is the plan's to report, here it only targets no host.
    private static func hostPattern(of play: Play, files: [PlaybookFile], request: PlanRequest) -> String {
        guard Template.containsTemplate(play.hosts.value) else { return play.hosts.value }
        var reportedByThePlan: [Diagnostic] = []
        let shared = PreparedPlay.sharedLayers(play: play, files: files, extraVars: request.extraVars,
                                                diagnostics: &reportedByThePlan)
        do {
            return try PlayHostPattern.pattern(of: play, shared: shared, request: request)
        } catch {
            return play.hosts.value
        }
    }
}
