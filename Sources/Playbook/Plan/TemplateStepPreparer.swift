/// The planner's `StepPreparer`: renders a step with the host's variables plus the results its
/// earlier steps registered there, and judges attempts by the step's rules.
struct TemplateStepPreparer: StepPreparer {
    let plays: [Int: PreparedPlay]
    /// Whether any step of the run reads results registered by others (`steps.ID.…`, `register`).
    private let resultsAreRead: Bool

    init(plays: [Int: PreparedPlay]) {
        self.plays = plays
        resultsAreRead = plays.values.contains { play in
            (play.steps + play.handlers).contains { $0.readsResults || $0.hasResultConditions }
        }
    }

    func keepsOutputText(play: Int, step: PlannedStep) -> Bool {
        if resultsAreRead { return true }
        guard let prepared = plays[play] else { return true }
        let list = step.isHandler ? prepared.handlers : prepared.steps
        let index = step.position - 1
        return list.indices.contains(index) ? list[index].hasResultConditions : true
    }

    func prepare(play: Int, step: PlannedStep, host: String, registered: RegisteredResults) -> Preparation {
        guard let rendering = rendering(play: play, step: step, host: host, registered: registered,
                                        needsResults: { $0.readsResults }) else {
            return .invalid(Diagnostic(at: step.location, "internal: step '\(step.id)' has no plan for host '\(host)'"))
        }
        return rendering.prepare()
    }

    func judge(play: Int, step: PlannedStep, host: String, result: AttemptResult,
               registered: RegisteredResults) -> Judgement {
        guard let rendering = rendering(play: play, step: step, host: host, registered: registered,
                                        needsResults: { $0.hasResultConditions }) else {
            return Judgement(failed: true, changed: false, message: "internal: no plan for this step and host")
        }
        let own = StepResult(exit: result.exitCode.map(Int.init), stdout: result.stdout, stderr: result.stderr,
                             changed: result.changed, duration: result.seconds, isSecret: step.secret)
        return rendering.judge(own, timedOut: result.timedOut, actionChanged: result.changed)
    }

    /// The step rendered for the host; earlier results are put in scope only when `needsResults` says
    /// the step reads them (building them for every step would cost more than running most steps).
    private func rendering(play: Int, step: PlannedStep, host: String, registered: RegisteredResults,
                           needsResults: (ParsedStep) -> Bool) -> StepRendering?
    {
        guard let prepared = plays[play], var scope = prepared.scopes[host] else { return nil }
        let list = step.isHandler ? prepared.handlers : prepared.steps
        let index = step.position - 1
        guard list.indices.contains(index) else { return nil }
        guard needsResults(list[index]) else { return StepRendering(parsed: list[index], scope: scope) }
        var results: [(id: String, result: StepResult)] = []
        for parsed in prepared.steps {
            let id = parsed.step.id.value
            guard let entry = registered.byStepID[id] else { continue }
            let result = StepResult(
                exit: entry.result.exitCode.map(Int.init), stdout: entry.result.stdout, stderr: entry.result.stderr,
                changed: entry.changed, skipped: entry.skipped, failed: entry.failed, duration: entry.result.seconds,
                isSecret: parsed.step.secret)
            results.append((id, result))
            if let name = parsed.step.register?.value { scope.register(name, result) }
        }
        scope.setStepResults(results)
        return StepRendering(parsed: list[index], scope: scope)
    }
}
