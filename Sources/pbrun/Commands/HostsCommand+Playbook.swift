import Foundation
import Playbook
import Runner

/// `pbrun hosts -i INVENTORY --host NAME --playbook P [-e VARS]`: the variables the host would see in
/// each play of P, merged as the planner merges them, each with the level and source it came from.
extension HostsCommand {
    /// Prints, per play of `playbookPath`, every variable `host` sees there with its origin (a value
    /// holding a template is followed by what it renders to), then the built-ins. Secrets are masked.
    static func showPlaybookVariables(host: String, inventory: Inventory, playbookPath: String, extraVars: [String],
                                      limit: String?, defaults: ConnectionDefaults) -> ExitCode {
        let views: [HostVariables.PlayView]
        do {
            let playbook = try PlaybookLoader.load(contentsOf: playbookPath)
            let extraLayer = extraVars.isEmpty ? nil : try ExtraVars.layer(from: extraVars)
            let request = PlanRequest(playbook: playbook, inventory: inventory, extraVars: extraLayer, limit: limit,
                                      connectionDefaults: defaults)
            views = try HostVariables.plays(for: host, request: request)
        } catch {
            printError(error.diagnostics.map(\.rendered).joined(separator: "\n") + "\n")
            printError("pbrun hosts: \(error.diagnostics.count) error(s)\n")
            return .invalidInput
        }
        var text = ""
        for view in views {
            text += "play \(view.position) '\(view.play.displayName)' (hosts: \(view.play.hosts.value))"
            guard view.targetsHost else {
                text += ": \(host) is not in this play\n"
                continue
            }
            text += "\n" + describe(view.scope)
        }
        FileHandleOutput.standardOutput.write(text)
        return .ok
    }

    /// One line per layered variable, then the built-ins, all masked.
    private static func describe(_ scope: VariableScope) -> String {
        var secrets = scope.secretValues
        var lines: [(String, String)] = []
        for (name, value, origin) in scope.mergedWithOrigins() {
            var shown = JSONWriter.encode(value)
            if value.containsTemplate {
                shown += " → " + rendered(name, in: scope, secrets: &secrets)
            }
            let label = origin.precedence.label
            lines.append(("  \(name) = \(shown)", origin.name == label ? label : "\(label): \(origin.name)"))
        }
        let masker = SecretMasker(secrets: secrets)
        var text = ""
        for (line, origin) in lines { text += masker.mask(line) + "    [" + origin + "]\n" }
        text += "  built-ins:\n"
        for (name, value) in scope.builtins.pairs {
            // The run's id and start time are made when a run starts; showing this call's would mislead.
            let shown = name == "run" ? "{\"id\": (set by the run), \"started\": (set by the run)}" : JSONWriter.encode(value)
            text += masker.mask("    \(name) = \(shown)") + "\n"
        }
        return text
    }

    /// What variable `name` renders to in `scope`, or the error rendering it gives; strings derived
    /// from secrets are added to `secrets`.
    private static func rendered(_ name: String, in scope: VariableScope, secrets: inout Set<String>) -> String {
        do throws(Diagnostic) {
            let template = try Template(TemplateSource("{{ \(name) }}", named: "<\(name)>"))
            let value = try template.evaluate(in: scope)
            let rendering = try template.renderWithSecrets(in: scope)
            secrets.formUnion(rendering.derivedSecrets)
            return JSONWriter.encode(value)
        } catch {
            return "error: \(error.location.map { "\($0): " } ?? "")\(error.message)"
        }
    }
}
