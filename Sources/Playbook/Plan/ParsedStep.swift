/// A step's templates and conditions, parsed once for all hosts.
struct ParsedStep: Sendable {
    enum Action: Sendable {
        case shell(Template)
        case argv([Template])
        case local(Template)
        case script(path: String, arguments: [Template])
        case upload(source: String, destination: Template, mode: Int?, owner: Template?, group: Template?,
                    renderContent: Bool)
        /// `directory` is rendered per host, then taken relative to the folder of `namedIn`.
        case download(source: Template, directory: Template, namedIn: String)
    }

    let step: Step
    let action: Action
    let when: [Condition]
    let until: [Condition]
    let failedWhen: [Condition]
    let changedWhen: [Condition]
    let environment: [(name: String, value: Template)]
    let cwd: Template?
    let creates: Template?
    let removes: Template?
    let unless: Template?
    let check: Template?
    let becomeUser: String?
    let timeout: Double?
    /// What the step may read of other steps, and the plan-time/run-time split.
    let references: StepReferenceCheck
    /// The step's `vars:` (secret references resolved), added to the host's scope for this step only.
    let vars: VariableLayer?
    /// Whether every `when` condition could be read, so plan time knows where the step runs; when
    /// not, the plan has failed already and the step's templates are only checked for what needs
    /// no host.
    let whenIsKnown: Bool
    /// Whether a template of the step's `vars:` has a problem (reported when parsing): the step is
    /// then not rendered per host, where every template reading that var would report it again.
    let varsHaveProblems: Bool
    /// Templates with a problem found when parsing (an unknown filter, a bad step reference): replaced
    /// by placeholders in the step, their other expressions still checked per host.
    let partlyChecked: [Template]

    /// Whether rendering the step reads results of earlier steps (so they must be put in scope).
    /// Decided once when the step is parsed: the runner asks for every step on every host.
    private(set) var readsResults = false

    /// Whether judging an attempt needs conditions evaluated (otherwise the exit code decides).
    var hasResultConditions: Bool {
        !failedWhen.isEmpty || !changedWhen.isEmpty || !until.isEmpty
    }

    /// Every template of the step (action, environment, paths, guards).
    var templates: [Template] {
        var all: [Template] = []
        switch action {
        case .shell(let template), .local(let template): all.append(template)
        case .argv(let words): all += words
        case .script(_, let arguments): all += arguments
        case .upload(_, let destination, _, let owner, let group, _): all += [destination] + [owner, group].compactMap { $0 }
        case .download(let source, let directory, _): all += [source, directory]
        }
        all += environment.map(\.value)
        all += [cwd, creates, removes, unless, check].compactMap { $0 }
        return all
    }

    /// Parses every template of `step`; syntax errors and bad step references are collected. `vars`
    /// is the step's own layer; its templates are checked too, and a step var that reads results of
    /// earlier steps makes every template that reads it a run-time one.
    static func parse(_ step: Step, in play: Play, vars: VariableLayer? = nil, references base: StepReferenceCheck,
                      diagnostics: inout [Diagnostic]) -> ParsedStep {
        let before = diagnostics.count
        let references = base.addingRunTimeNames(runTimeVariables(vars, references: base, diagnostics: &diagnostics))
        let varsHaveProblems = diagnostics.count > before
        var partlyChecked: [Template] = []
        func template(_ located: Located<String>?) -> Template? {
            guard let located else { return nil }
            do {
                let parsed = try Template(TemplateSource(located))
                let problems = references.diagnostics(for: parsed) + parsed.filterProblems
                diagnostics += problems
                // A template already reported is not rendered whole per host (it would report it again);
                // its other expressions are (`partlyChecked`).
                guard problems.isEmpty else {
                    partlyChecked.append(parsed)
                    return nil
                }
                return parsed
            } catch {
                diagnostics.append(error)
                return nil
            }
        }
        // Whether every `when` condition is known (parsed, or only wrapped in braces), so plan time can
        // tell on which hosts the step runs and check its templates there.
        var whenIsKnown = true
        func conditions(_ list: [Located<String>], ownResult: Bool, isWhen: Bool = false) -> [Condition] {
            let check = references.withOwnResult(ownResult)
            return list.compactMap { located in
                let source = TemplateSource(located)
                let parsed: Condition
                do throws(Diagnostic) {
                    parsed = try Condition(source)
                } catch {
                    diagnostics.append(error)
                    guard let recovered = Condition.withoutBraces(source) else {
                        if isWhen { whenIsKnown = false }
                        return nil
                    }
                    parsed = recovered
                }
                let problems = check.diagnostics(for: parsed) + parsed.filterProblems
                diagnostics += problems
                if !problems.isEmpty, isWhen { whenIsKnown = false }
                return problems.isEmpty ? parsed : nil
            }
        }
        // Stands in where a template failed to parse; the plan then fails with that diagnostic, so the
        // placeholder never runs.
        let placeholder = Template(literal: "", source: TemplateSource("", named: step.location.file))
        let action: Action
        switch step.action {
        case .run(let text):
            action = .shell(template(text) ?? placeholder)
        case .argv(let words):
            action = .argv(words.map { template($0) ?? placeholder })
        case .local(let text):
            action = .local(template(text) ?? placeholder)
        case .script(let script):
            action = .script(path: script.resolvedSource, arguments: script.args.map { template($0) ?? placeholder })
        case .upload(let transfer), .template(let transfer):
            let isTemplate = if case .template = step.action { true } else { false }
            action = .upload(source: transfer.resolvedSource, destination: template(transfer.dest) ?? placeholder,
                             mode: transfer.modeBits, owner: template(transfer.owner), group: template(transfer.group),
                             renderContent: isTemplate)
        case .download(let download):
            action = .download(source: template(download.src) ?? placeholder,
                               directory: template(download.dest) ?? placeholder, namedIn: step.location.file)
        }
        let environment = (play.env + step.env).map { variable in
            (name: variable.name.value, value: template(variable.value) ?? placeholder)
        }
        let become = step.become ?? play.become
        var parsed = ParsedStep(
            step: step, action: action, when: conditions(step.when, ownResult: false, isWhen: true),
            until: conditions(step.until, ownResult: true), failedWhen: conditions(step.failedWhen, ownResult: true),
            changedWhen: conditions(step.changedWhen, ownResult: true), environment: environment,
            cwd: template(step.cwd ?? play.cwd), creates: template(step.creates), removes: template(step.removes),
            unless: template(step.unless), check: template(step.check),
            becomeUser: become ? (step.becomeUser ?? play.becomeUser)?.value ?? "root" : nil,
            timeout: (step.timeout ?? play.timeout).map { $0.value.seconds }, references: references, vars: vars,
            whenIsKnown: whenIsKnown, varsHaveProblems: varsHaveProblems, partlyChecked: partlyChecked)
        parsed.readsResults = parsed.templates.contains { references.timing(of: $0) == .runTime }
            || parsed.when.contains { references.timing(of: $0) == .runTime }
        return parsed
    }

    /// The names of the step vars whose templates read results of earlier steps, directly or through
    /// another step var; their templates' syntax errors and bad step references are collected.
    private static func runTimeVariables(_ layer: VariableLayer?, references: StepReferenceCheck,
                                         diagnostics: inout [Diagnostic]) -> Set<String> {
        guard let layer, layer.defaultLocation != nil else { return [] }
        var templates: [(name: String, template: Template)] = []
        for (name, value) in layer.values.pairs {
            guard let location = layer.locations[name] ?? layer.defaultLocation else { continue }
            var texts: [String] = []
            value.forEachString { if Template.containsTemplate($0) { texts.append($0) } }
            for text in texts {
                do {
                    let template = try Template(TemplateSource(text, at: location))
                    diagnostics += references.diagnostics(for: template) + template.filterProblems
                    templates.append((name, template))
                } catch {
                    diagnostics.append(error)
                }
            }
        }
        var runTime = Set<String>()
        var changed = true
        while changed {
            changed = false
            let check = references.addingRunTimeNames(runTime)
            for (name, template) in templates where !runTime.contains(name) && check.timing(of: template) == .runTime {
                runTime.insert(name)
                changed = true
            }
        }
        return runTime
    }
}
