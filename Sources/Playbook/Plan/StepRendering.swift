import Foundation

/// One step rendered against one host's variables: what runs there, whether it runs at all, and (after
/// it ran) whether it failed or changed something.
struct StepRendering {
    let parsed: ParsedStep
    /// The host's scope with the step's own `vars` added (seen by this step only).
    let scope: VariableScope

    /// The step rendered against `scope`, the host's variables for the play (plus registered results).
    init(parsed: ParsedStep, scope: VariableScope) {
        self.parsed = parsed
        self.scope = parsed.vars.map { scope.adding($0) } ?? scope
    }

    // MARK: - Plan time

    /// Errors in the parts that can be rendered before the run (those reading no step results).
    /// The `when` conditions come first, as in Ansible: where one known before the run is false, the
    /// step does not run on the host, so its templates are not rendered there
    /// (`when: "'web' in group_names"` guards a `{{ http_port }}` only web hosts define). A condition
    /// that cannot be evaluated is an error, and the templates are checked too, so that one plan
    /// reports every error rather than one kind per try.
    ///
    /// `derivedSecrets` collects the strings those templates computed from secrets, so the plan's
    /// masker knows them before anything is printed.
    func planTimeProblems(derivedSecrets: inout Set<String>) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        var guarded = !parsed.whenIsKnown
        for condition in parsed.when where parsed.references.timing(of: condition) == .planTime {
            do {
                if try !condition.evaluate(in: scope) { guarded = true }
            } catch {
                problems.append(error)
            }
        }
        guard !guarded else { return problems }
        for template in parsed.templates where parsed.references.timing(of: template) == .planTime {
            do {
                derivedSecrets.formUnion(try template.renderWithSecrets(in: scope).derivedSecrets)
            } catch {
                problems.append(error)
            }
        }
        let references = parsed.references
        for template in parsed.partlyChecked {
            for piece in template.expressionPieces where piece.filterProblems.isEmpty
                && references.diagnostics(for: piece).isEmpty && references.timing(of: piece) == .planTime {
                do { _ = try piece.render(in: scope) } catch { problems.append(error) }
            }
        }
        // The file an upload or template sends must be readable now (and a template file render), or
        // the plan would promise a step that can only fail on every host.
        if case .upload(let source, _, _, _, _, let renderContent) = parsed.action {
            do {
                _ = try localContent(source, render: renderContent, atPlanTime: true)
            } catch {
                problems.append(error)
            }
        }
        return problems
    }

    // MARK: - Run time

    /// What the step does on this host now, or why it does not run.
    func prepare() -> Preparation {
        do {
            for condition in parsed.when where try !condition.evaluate(in: scope) {
                return .skip("when: '\(condition.source.text)' is false")
            }
            return .work(try work())
        } catch {
            return .invalid(error)
        }
    }

    private func work() throws(Diagnostic) -> HostWork {
        var secrets = SecretUse()
        var environment: [String: String] = [:]
        for variable in parsed.environment {
            environment[variable.name] = try secrets.render(variable.value, in: scope)
        }
        return HostWork(
            action: try action(&secrets), creates: try render(parsed.creates, &secrets),
            removes: try render(parsed.removes, &secrets), unless: try render(parsed.unless, &secrets),
            check: try render(parsed.check, &secrets), environment: environment,
            workingDirectory: try render(parsed.cwd, &secrets), becomeUser: parsed.becomeUser, timeout: parsed.timeout,
            readsSecret: secrets.read, derivedSecrets: secrets.derived)
    }

    private func action(_ secrets: inout SecretUse) throws(Diagnostic) -> WorkAction {
        switch parsed.action {
        case .shell(let template):
            return .shell(try secrets.render(template, in: scope))
        case .local(let template):
            return .local(try secrets.render(template, in: scope))
        case .argv(let words):
            var rendered: [String] = []
            for word in words { rendered.append(try secrets.render(word, in: scope)) }
            return .shell(ShellQuoting.join(rendered))
        case .script(let path, let arguments):
            var rendered: [String] = []
            for argument in arguments { rendered.append(try secrets.render(argument, in: scope)) }
            return .script(localPath: path, arguments: ShellQuoting.join(rendered))
        case .upload(let source, let destination, let mode, let owner, let group, let renderContent):
            let content = try localContent(source, render: renderContent)
            return .upload(content: content, destination: try secrets.render(destination, in: scope), mode: mode,
                           owner: try render(owner, &secrets), group: try render(group, &secrets))
        case .download(let source, let directory, let file):
            let folder = LocalPath.resolve(try secrets.render(directory, in: scope), relativeTo: file)
            return .download(source: try secrets.render(source, in: scope), directory: folder)
        }
    }

    /// The bytes of a local file to upload; a `template:` file is rendered with the host's variables
    /// (at plan time only when it reads no results of earlier steps).
    private func localContent(_ path: String, render: Bool, atPlanTime: Bool = false) throws(Diagnostic) -> [UInt8] {
        let location = parsed.step.location
        if let problem = LocalPath.unreadableFileProblem(path) {
            throw Diagnostic(at: location, "cannot read '\(path)': \(problem)")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Diagnostic(at: location, "cannot read '\(path)'")
        }
        guard render else { return Array(data) }
        guard let text = String(data: data, encoding: .utf8) else {
            throw Diagnostic(at: location, "template '\(path)' is not UTF-8 text")
        }
        let template = try Template(TemplateSource(text, named: path))
        if atPlanTime, parsed.references.timing(of: template) == .runTime { return [] }
        return Array(try template.render(in: scope).utf8)
    }

    private func render(_ template: Template?, _ secrets: inout SecretUse) throws(Diagnostic) -> String? {
        guard let template else { return nil }
        return try secrets.render(template, in: scope)
    }

    // MARK: - Judging

    /// Whether an attempt failed (`ok_exit`, or `failed_when` when given, as Ansible lets it replace
    /// the exit-code rule), changed something (`changed_when`) and met `until`.
    func judge(_ result: StepResult, timedOut: Bool, actionChanged: Bool) -> Judgement {
        guard parsed.hasResultConditions else {
            let failed = timedOut || result.exit.map { !parsed.step.okExitCodes.contains($0) } ?? true
            return Judgement(failed: failed, changed: actionChanged)
        }
        let own = scope.withOwnResult(result)
        do {
            var failed: Bool
            var message: String?
            if parsed.failedWhen.isEmpty {
                failed = timedOut || result.exit.map { !parsed.step.okExitCodes.contains($0) } ?? true
            } else {
                failed = try Condition.all(parsed.failedWhen, in: own)
                if failed { message = "failed_when: '\(parsed.failedWhen.map(\.source.text).joined(separator: "' and '"))' held" }
                failed = failed || timedOut
            }
            let changed = parsed.changedWhen.isEmpty ? actionChanged : try Condition.all(parsed.changedWhen, in: own)
            let untilMet = parsed.until.isEmpty ? true : try Condition.all(parsed.until, in: own)
            return Judgement(failed: failed, changed: changed, untilMet: untilMet, message: message)
        } catch {
            return Judgement(failed: true, changed: false, untilMet: true, message: error.description)
        }
    }
}

/// What a step's templates did with secrets while it was rendered for a host.
private struct SecretUse {
    /// Whether any template read a secret.
    var read = false
    /// Strings computed from secrets (see `RenderedTemplate.derivedSecrets`).
    var derived: Set<String> = []

    mutating func render(_ template: Template, in scope: VariableScope) throws(Diagnostic) -> String {
        let rendered = try template.renderWithSecrets(in: scope)
        read = read || rendered.usesSecret
        derived.formUnion(rendered.derivedSecrets)
        return rendered.text
    }
}
