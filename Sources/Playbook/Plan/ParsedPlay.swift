/// A play's steps and handlers parsed once for all hosts, with every problem that shows without a
/// host: template and condition syntax, `{{ }}` around a condition, unknown filters, references to
/// steps that are not there or cannot have run. `pbrun validate` without an inventory runs exactly
/// this; the planner runs it for each play before rendering per host.
struct ParsedPlay: Sendable {
    /// By step index (file order), then handlers by their index.
    let steps: [ParsedStep]
    let handlers: [ParsedStep]
    /// Steps and handlers (by index) whose `vars:` have a problem: not rendered per host.
    let unparsedSteps: Set<Int>
    let unparsedHandlers: Set<Int>
    let diagnostics: [Diagnostic]

    /// `resolvingSecrets`: whether the steps' `vars:` read their secret references (`secret_env`,
    /// `secret_file`) now, as a plan must; a check that runs nothing leaves them to the plan.
    init(_ play: Play, resolvingSecrets: Bool = true) {
        var diagnostics: [Diagnostic] = []
        let ids = play.steps.map(\.id.value)
        var registeredBy: [String: String] = [:]
        for step in play.steps { if let name = step.register?.value { registeredBy[name] = step.id.value } }
        let ancestors = play.graph.ancestorSets
        var indexOf: [String: Int] = [:]
        for (index, id) in ids.enumerated() { indexOf[id] = index }
        let positions = indexOf
        let inPlay = StepReferenceCheck(stepIDs: ids, canHaveRun: [], registeredBy: registeredBy,
                                       ownResultAvailable: false)
        (steps, unparsedSteps) = Self.parse(play.steps, in: play, resolvingSecrets: resolvingSecrets,
                                            diagnostics: &diagnostics) { step in
            inPlay.forStep { id in positions[id].map { ancestors.contains($0, of: step.index) } ?? false }
        }
        // Handlers run after every step of the play.
        let afterAll = inPlay.forStep { positions[$0] != nil }
        (handlers, unparsedHandlers) = Self.parse(play.handlers, in: play, resolvingSecrets: resolvingSecrets,
                                                  diagnostics: &diagnostics) { _ in afterAll }
        self.diagnostics = diagnostics
    }

    /// Parses steps (or handlers) once each; returns them and the indices of those whose vars have a
    /// problem.
    private static func parse(_ steps: [Step], in play: Play, resolvingSecrets: Bool, diagnostics: inout [Diagnostic],
                              references: (Step) -> StepReferenceCheck) -> ([ParsedStep], Set<Int>) {
        var unparsed = Set<Int>()
        let parsed = steps.map { step in
            let vars = stepLayer(step, in: play, resolvingSecrets: resolvingSecrets, diagnostics: &diagnostics)
            let result = ParsedStep.parse(step, in: play, vars: vars?.layer, references: references(step),
                                          diagnostics: &diagnostics)
            if result.varsHaveProblems || vars?.isResolved == false {
                unparsed.insert(step.index)
            }
            return result
        }
        return (parsed, unparsed)
    }

    /// A step's `vars:` as a layer of the step level, secret references resolved when asked; nil when it
    /// has none.
    private static func stepLayer(_ step: Step, in play: Play, resolvingSecrets: Bool,
                                  diagnostics: inout [Diagnostic]) -> (layer: VariableLayer, isResolved: Bool)? {
        guard !step.vars.isEmpty else { return nil }
        let layer = VariableLayer(.step, name: "step '\(step.id.value)'", values: step.vars.values, file: play.file,
                                  locations: step.vars.locations)
        guard resolvingSecrets else { return (layer, true) }
        do throws(DiagnosticList) {
            return (try SecretResolver().resolve(layer), true)
        } catch {
            diagnostics += error.diagnostics
            return (layer, false)
        }
    }
}
