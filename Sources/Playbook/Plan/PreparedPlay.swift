import Foundation

/// A play made ready to run: its steps' templates parsed once, and each host's variable scope built
/// from the precedence chain (inventory → playbook → play → extra vars) with the built-ins.
struct PreparedPlay: Sendable {
    let play: Play
    let position: Int
    /// By step index (file order), then handlers by their index.
    let steps: [ParsedStep]
    let handlers: [ParsedStep]
    let scopes: [String: VariableScope]
    let parseDiagnostics: [Diagnostic]

    init(play: Play, position: Int, request: PlanRequest, hosts: [String], connections: [String: HostConnection]) {
        self.play = play
        self.position = position
        var diagnostics: [Diagnostic] = []
        let ids = play.steps.map(\.id.value)
        var registeredBy: [String: String] = [:]
        for step in play.steps { if let name = step.register?.value { registeredBy[name] = step.id.value } }
        let ancestors = Self.ancestors(play.graph)
        steps = play.steps.map { step in
            let check = StepReferenceCheck(stepIDs: ids, canHaveRun: Set(ancestors[step.index].map { ids[$0] }),
                                           registeredBy: registeredBy, ownResultAvailable: false)
            return ParsedStep.parse(step, in: play, references: check, diagnostics: &diagnostics)
        }
        // Handlers run after every step of the play.
        let afterAll = StepReferenceCheck(stepIDs: ids, canHaveRun: Set(ids), registeredBy: registeredBy,
                                          ownResultAvailable: false)
        handlers = play.handlers.map { ParsedStep.parse($0, in: play, references: afterAll, diagnostics: &diagnostics) }
        let inventory = request.inventory
        let groups = inventory.groupNames.map { ($0, (try? inventory.hosts(matching: $0)) ?? []) }
        let builtins = BuiltinFacts.Shared(groups: groups, runID: request.runID, runStarted: request.started)
        let allHosts = inventory.hostNames  // one array shared by every scope, not one per host
        let shared = Self.sharedLayers(play: play, request: request, diagnostics: &diagnostics)
        scopes = Dictionary(uniqueKeysWithValues: hosts.map { host in
            (host, Self.scope(for: host, play: play, request: request, shared: shared, builtins: builtins,
                              allHosts: allHosts, address: connections[host]?.address ?? host))
        })
        parseDiagnostics = diagnostics
    }

    /// The steps each step may read results of: its ancestors through the graph's dependencies.
    private static func ancestors(_ graph: StepGraph) -> [Set<Int>] {
        var result = [Set<Int>?](repeating: nil, count: graph.count)
        func visit(_ index: Int) -> Set<Int> {
            if let known = result[index] { return known }
            result[index] = []  // the graph has no cycles (checked when loading); this guards anyway
            var found = Set<Int>()
            for dependency in graph.dependencies[index] {
                found.insert(dependency)
                found.formUnion(visit(dependency))
            }
            result[index] = found
            return found
        }
        return (0..<graph.count).map(visit)
    }

    /// The playbook's and play's variable layers (vars files, playbook vars, play vars), with their
    /// secret references (`secret_env`, `secret_file`) resolved: the same for every host.
    static func sharedLayers(play: Play, request: PlanRequest, diagnostics: inout [Diagnostic]) -> [VariableLayer] {
        var layers: [VariableLayer] = []
        for file in request.playbook.varsFiles {
            if let variables = file.variables {
                layers.append(VariableLayer(.playbook, name: "vars file '\(file.path.value)'", values: variables.values,
                                            file: file.resolvedPath, locations: variables.locations))
            }
        }
        layers.append(VariableLayer(.playbook, name: "playbook vars", values: request.playbook.vars.values,
                                    file: request.playbook.path, locations: request.playbook.vars.locations))
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

    private static func scope(for host: String, play: Play, request: PlanRequest, shared: [VariableLayer],
                              builtins: BuiltinFacts.Shared, allHosts: [String], address: String)
        -> VariableScope
    {
        let inventory = request.inventory
        var scope = VariableScope()
        scope.add(VariableLayer(.inventoryHost, name: "inventory", values: inventory.variables(of: host),
                                defaultLocation: nil))
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
    /// cannot be rendered; a message repeated on many hosts is reported once, naming how many.
    func checkEveryHost() -> [Diagnostic] {
        var diagnostics = parseDiagnostics
        guard diagnostics.isEmpty else { return diagnostics }
        var seen: [Diagnostic: Int] = [:]
        var order: [Diagnostic] = []
        for host in scopes.keys.sorted() {
            guard let scope = scopes[host] else { continue }
            for parsed in steps + handlers {
                for problem in StepRendering(parsed: parsed, scope: scope).planTimeProblems() {
                    if seen[problem] == nil { order.append(problem) }
                    seen[problem, default: 0] += 1
                }
            }
        }
        diagnostics += order
        return diagnostics
    }
}
