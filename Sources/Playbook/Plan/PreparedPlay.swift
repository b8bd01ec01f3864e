import Foundation

/// A play made ready to run: its steps' templates parsed once, and each host's variable scope built
/// from the precedence chain (inventory → playbook → play → extra vars) with the built-ins; each
/// step adds its own `vars` when it is rendered (`StepRendering`).
struct PreparedPlay: Sendable {
    let play: Play
    let position: Int
    /// By step index (file order), then handlers by their index.
    let steps: [ParsedStep]
    let handlers: [ParsedStep]
    let scopes: [String: VariableScope]
    let parseDiagnostics: [Diagnostic]
    /// Steps and handlers (by index) whose `vars:` have a problem: not rendered per host.
    let unparsedSteps: Set<Int>
    let unparsedHandlers: Set<Int>

    /// `shared`: the play's playbook and play layers (`sharedLayers`).
    init(play: Play, position: Int, shared: [VariableLayer], request: PlanRequest, hosts: [String],
         connections: [String: HostConnection]) {
        self.play = play
        self.position = position
        let parsed = ParsedPlay(play)
        (steps, handlers) = (parsed.steps, parsed.handlers)
        (unparsedSteps, unparsedHandlers) = (parsed.unparsedSteps, parsed.unparsedHandlers)
        let inventory = request.inventory
        let groups = HostVariables.groups(of: inventory)
        let builtins = BuiltinFacts.Shared(groups: groups, runID: request.runID, runStarted: request.started)
        let allHosts = inventory.hostNames  // one array shared by every scope, not one per host
        scopes = Dictionary(uniqueKeysWithValues: hosts.map { host in
            (host, Self.scope(for: host, play: play, request: request, shared: shared, builtins: builtins,
                              allHosts: allHosts, address: connections[host]?.address ?? host))
        })
        parseDiagnostics = parsed.diagnostics
    }

    /// The playbook's and play's variable layers (vars files, playbook vars, play vars), with their
    /// secret references (`secret_env`, `secret_file`) resolved: the same for every host. `files` are
    /// the playbook files the play is in, outermost first (`PlaybookFile.playFiles`): each adds its
    /// vars files and vars, so the file that holds the play wins over the files that include it.
    static func sharedLayers(play: Play, files: [PlaybookFile], extraVars: VariableLayer?,
                             diagnostics: inout [Diagnostic]) -> [VariableLayer] {
        var layers: [VariableLayer] = []
        for playbook in files {
            for file in playbook.varsFiles {
                if let variables = file.variables {
                    layers.append(VariableLayer(.playbook, name: "vars file '\(file.path.value)'",
                                                values: variables.values, file: file.resolvedPath,
                                                locations: variables.locations))
                } else if let layer = templatedVarsFile(file, of: playbook, play: play, earlier: layers,
                                                        extraVars: extraVars, diagnostics: &diagnostics) {
                    layers.append(layer)
                }
            }
            let name = playbook.path == files.first?.path ? "playbook vars" : "vars of '\(playbook.path)'"
            layers.append(VariableLayer(.playbook, name: name, values: playbook.vars.values,
                                        file: playbook.path, locations: playbook.vars.locations))
        }
        layers.append(VariableLayer(.play, name: "play '\(play.name?.value ?? "")'", values: play.vars.values,
                                    file: play.file, locations: play.vars.locations))
        let resolver = SecretResolver()
        return layers.map { layer in
            do throws(DiagnosticList) {
                return try resolver.resolve(layer)
            } catch {
                diagnostics += error.diagnostics
                return layer
            }
        }
    }

    /// Everything `host` sees in `play` before any step ran: the inventory's layers (`all`, groups, host,
    /// whose templates expand on use, as Ansible's lazy inventory variables), `shared` (the playbook's and
    /// play's), `--secrets-file`, extra vars, and the built-ins; `allHosts` are the names `hostvars` knows.
    static func scope(for host: String, play: Play, request: PlanRequest, shared: [VariableLayer],
                      builtins: BuiltinFacts.Shared, allHosts: [String], address: String) -> VariableScope {
        let inventory = request.inventory
        var scope = VariableScope(layers: inventory.variableLayers(of: host))
        for layer in shared { scope.add(layer) }
        if let secrets = request.secretsFile { scope.add(secrets) }
        if let extra = request.extraVars { scope.add(extra) }
        scope.setBuiltins(BuiltinFacts(
            hostName: host, hostAddress: address, hostGroups: inventory.groups(of: host),
            playName: play.name?.value, shared: builtins))
        scope.setHostVariables(hosts: allHosts) { .map(inventory.variables(of: $0)) }
        return scope
    }

    /// Renders, for every host, each step's parts that are known before the run, and reports what
    /// cannot be rendered, together with the problems found when parsing, so one plan reports every
    /// error. A step whose vars have a problem is not rendered (each use would report it again). A
    /// message repeated on many hosts is reported once, naming the hosts.
    /// `derivedSecrets` collects every string those parts computed from a secret.
    func checkEveryHost(derivedSecrets: inout Set<String>) -> [Diagnostic] {
        var hostsOf: [Diagnostic: [String]] = [:]
        var order: [Diagnostic] = []
        let renderable = (steps.filter { !unparsedSteps.contains($0.step.index) }
            + handlers.filter { !unparsedHandlers.contains($0.step.index) })
        for host in scopes.keys.sorted() {
            guard let scope = scopes[host] else { continue }
            for parsed in renderable {
                let rendering = StepRendering(parsed: parsed, scope: scope)
                for problem in rendering.planTimeProblems(derivedSecrets: &derivedSecrets) {
                    if hostsOf[problem] == nil { order.append(problem) }
                    hostsOf[problem, default: []].append(host)
                }
            }
        }
        return parseDiagnostics + order.map { Self.naming(hostsOf[$0] ?? [], in: $0) }
    }

    /// `problem` with the hosts it happens on added to its message: `(on host db01)`,
    /// `(on hosts db01, db02)`, `(on 12 hosts: db01, db02, db03, …)`.
    static func naming(_ hosts: [String], in problem: Diagnostic) -> Diagnostic {
        guard !hosts.isEmpty else { return problem }
        let shown = 5
        let which: String
        if hosts.count == 1 {
            which = "on host \(hosts[0])"
        } else if hosts.count <= shown {
            which = "on hosts " + hosts.joined(separator: ", ")
        } else {
            which = "on \(hosts.count) hosts: " + hosts.prefix(shown).joined(separator: ", ") + ", …"
        }
        return Diagnostic(problem.severity, at: problem.location, "\(problem.message) (\(which))",
                          sourceLine: problem.sourceLine)
    }
}
