/// A step's templates and conditions, parsed once for all hosts.
struct ParsedStep: Sendable {
    enum Action: Sendable {
        case shell(Template)
        case argv([Template])
        case local(Template)
        case script(path: String, arguments: [Template])
        case upload(source: String, destination: Template, mode: Int?, owner: Template?, group: Template?,
                    renderContent: Bool)
        case download(source: Template, directory: String)
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
        case .download(let source, _): all.append(source)
        }
        all += environment.map(\.value)
        all += [cwd, creates, removes, unless, check].compactMap { $0 }
        return all
    }

    /// Parses every template of `step`; syntax errors and bad step references are collected.
    static func parse(_ step: Step, in play: Play, references: StepReferenceCheck,
                      diagnostics: inout [Diagnostic]) -> ParsedStep {
        func template(_ located: Located<String>?) -> Template? {
            guard let located else { return nil }
            do {
                let parsed = try Template(TemplateSource(located.value, at: located.location))
                diagnostics += references.diagnostics(for: parsed)
                return parsed
            } catch {
                diagnostics.append(error)
                return nil
            }
        }
        func conditions(_ list: [Located<String>], ownResult: Bool) -> [Condition] {
            let check = StepReferenceCheck(stepIDs: references.stepIDs, canHaveRun: references.canHaveRun,
                                           registeredBy: references.registeredBy, ownResultAvailable: ownResult)
            return list.compactMap { located in
                do throws(Diagnostic) {
                    let parsed = try Condition(TemplateSource(located.value, at: located.location))
                    diagnostics += check.diagnostics(for: parsed)
                    return parsed
                } catch {
                    diagnostics.append(error)
                    return nil
                }
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
                               directory: download.resolvedDestination)
        }
        let environment = (play.env + step.env).map { variable in
            (name: variable.name.value, value: template(variable.value) ?? placeholder)
        }
        let become = step.become ?? play.become
        var parsed = ParsedStep(
            step: step, action: action, when: conditions(step.when, ownResult: false),
            until: conditions(step.until, ownResult: true), failedWhen: conditions(step.failedWhen, ownResult: true),
            changedWhen: conditions(step.changedWhen, ownResult: true), environment: environment,
            cwd: template(step.cwd ?? play.cwd), creates: template(step.creates), removes: template(step.removes),
            unless: template(step.unless), check: template(step.check),
            becomeUser: become ? (step.becomeUser ?? play.becomeUser)?.value ?? "root" : nil,
            timeout: (step.timeout ?? play.timeout).map { $0.value.seconds }, references: references)
        parsed.readsResults = parsed.templates.contains { references.timing(of: $0) == .runTime }
            || parsed.when.contains { references.timing(of: $0) == .runTime }
        return parsed
    }
}
