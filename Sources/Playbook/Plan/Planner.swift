import Foundation

/// Makes the execution plan (DESIGN.md, data flow): resolves each play's host pattern and `--limit`
/// against the inventory, splits the hosts into `serial` batches, orders the steps by the graph, builds
/// every host's variable scope, and renders every template that does not depend on results of earlier
/// steps, for every host, so that a playbook that cannot run fails here, before any host is touched.
public enum Planner {
    public static func plan(_ request: PlanRequest) throws(DiagnosticList) -> ExecutionPlan {
        var diagnostics: [Diagnostic] = []
        var plays: [PlannedPlay] = []
        var preparedPlays: [Int: PreparedPlay] = [:]
        var connections: [String: HostConnection] = [:]
        // Strings plan-time templates computed from secrets: masked like the secrets themselves.
        var derivedSecrets = Set<String>()
        let inventory = request.inventory
        let groups = HostVariables.groups(of: inventory)
        // Hosts whose connection settings could not be rendered (reported once, left out of every play).
        var unconnectable = Set<String>()
        let limited: Set<String>?
        if let limit = request.limit {
            do {
                // `@FILE` terms stand for the file's lines (a --retry-file), as in Ansible.
                limited = try inventory.hosts(within: Inventory.limitPatterns(from: limit))
            } catch {
                diagnostics += error.diagnostics
                limited = []
            }
        } else {
            limited = nil
        }
        for name in request.selection.unknownStepNames(in: request.playbook.allPlays) {
            let ids = request.playbook.allPlays.flatMap { $0.steps.map(\.id.value) }
            let hint = Suggestion.closest(to: name, among: ids).map { " (did you mean '\($0)'?)" } ?? ""
            diagnostics.append(Diagnostic(at: nil, "no step is named '\(name)'\(hint)"))
        }
        let playFiles = request.playbook.playFiles
        var implicitLocalhost: String?
        for (index, play) in request.playbook.allPlays.enumerated() {
            let position = index + 1
            let shared = PreparedPlay.sharedLayers(play: play, files: playFiles[index], extraVars: request.extraVars,
                                                   diagnostics: &diagnostics)
            var hosts: [String]
            do throws(Diagnostic) {
                let pattern = try PlayHostPattern.pattern(of: play, shared: shared, request: request)
                do {
                    hosts = try inventory.hosts(matching: pattern)
                } catch {
                    diagnostics += error.diagnostics.map { relocate($0, to: play.hosts.location) }
                    diagnostics += ParsedPlay(play).diagnostics
                    continue
                }
            } catch {
                diagnostics.append(error)
                diagnostics += ParsedPlay(play).diagnostics
                continue
            }
            if let limited { hosts = hosts.filter { limited.contains($0) } }
            // One implicit localhost per run, as in Ansible: named by the first play that chose it.
            hosts = hosts.map { name in
                guard inventory.isImplicitLocalhost(name) else { return name }
                if implicitLocalhost == nil { implicitLocalhost = name }
                return implicitLocalhost ?? name
            }
            for host in hosts where connections[host] == nil && !unconnectable.contains(host) {
                do {
                    var connection = try HostVariables.connection(for: host, request: request, groups: groups)
                    if let timeout = play.connectTimeout { connection.connectTimeout = timeout.value.seconds }
                    connections[host] = connection
                } catch {
                    diagnostics.append(error)
                    unconnectable.insert(host)
                }
            }
            hosts.removeAll { unconnectable.contains($0) }
            let prepared = PreparedPlay(play: play, position: position, shared: shared, request: request,
                                        hosts: hosts, connections: connections)
            diagnostics += prepared.checkEveryHost(derivedSecrets: &derivedSecrets)
            preparedPlays[position] = prepared
            plays.append(PlannedPlay(
                position: position, name: play.name?.value ?? "play \(position)", location: play.location,
                strategy: play.strategy, parallelSteps: play.parallelSteps?.value ?? 1, forks: play.forks?.value,
                gate: FailureGate(anyErrorsFatal: play.anyErrorsFatal, maxFailPercentage: play.maxFailPercentage?.value),
                batches: SerialBatches.split(hosts, sizes: play.serial.map(\.value)),
                steps: plannedSteps(play, selected: request.selection.select(play)),
                handlers: play.handlers.map { plannedStep($0, in: play, isHandler: true) }))
        }
        let secrets = preparedPlays.values.reduce(into: derivedSecrets) { found, play in
            for scope in play.scopes.values { found.formUnion(scope.secretValues) }
        }
        let becomePasswords = connections.keys.reduce(into: [String: String]()) { found, host in
            if let password = inventory.become(for: host)?.password { found[host] = password }
        }
        if !diagnostics.isEmpty {
            // Every message goes through the masker, whatever part of the plan wrote it.
            let masker = SecretMasker(secrets: secrets.union(becomePasswords.values))
            throw DiagnosticList(diagnostics.map { masker.mask($0) })
        }
        return ExecutionPlan(plays: plays, connections: connections,
                             preparer: TemplateStepPreparer(plays: preparedPlays), secretValues: secrets,
                             becomePasswords: becomePasswords)
    }

    /// The selected steps in graph order, each knowing which selected steps it waits for: its
    /// ancestors, so a step left out by a tag does not let its dependents overtake what it waited for.
    private static func plannedSteps(_ play: Play, selected: [Int]) -> [PlannedStep] {
        let chosen = Set(selected)
        let ancestors = play.graph.ancestors
        return selected.map { index in
            var step = plannedStep(play.steps[index], in: play, isHandler: false)
            step.waitsFor = ancestors[index].filter { chosen.contains($0) }.map { $0 + 1 }
            return step
        }
    }

    private static func plannedStep(_ step: Step, in play: Play, isHandler: Bool) -> PlannedStep {
        let targets = isHandler ? play.graph.handlerNotifications[step.index] : play.graph.notifications[step.index]
        let notifies = targets.map { $0 + 1 }
        return PlannedStep(
            position: step.index + 1, id: step.id.value, name: step.displayName, location: step.location,
            isHandler: isHandler, okExit: step.okExitCodes, ignoreErrors: step.ignoreErrors, runOnce: step.runOnce,
            retries: step.retryCount, delay: step.retryDelay.seconds, notifies: notifies, secret: step.secret)
    }

    /// A "matches nothing" error about a play's pattern points at the play's `hosts:` line.
    private static func relocate(_ diagnostic: Diagnostic, to location: SourceLocation) -> Diagnostic {
        guard diagnostic.location == nil else { return diagnostic }
        return Diagnostic(diagnostic.severity, at: location, diagnostic.message)
    }
}

extension Duration {
    /// The duration in seconds, as a Double.
    var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
