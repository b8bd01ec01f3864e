/// What a dry run can say about one step on one host without touching the host: the rendered work, a
/// skip decided by a `when` known before the run, or that it can only be decided at run time.
public enum HostStepDecision: Sendable, Hashable {
    /// The step runs this work (its guards and probe are still evaluated on the host).
    case runs(HostWork)
    /// A `when` known before the run is false; the text says which.
    case skipped(String)
    /// The step's `when` or templates read results of earlier steps; the text says which.
    case decidedAtRunTime(String)
    /// The step cannot be rendered for this host (a template error only this host hits).
    case invalid(String)
}

extension ExecutionPlan {
    /// Why `step` of play `play` can only be decided at run time (its `when` or one of its templates reads
    /// results of earlier steps), or nil when everything about it is known from the plan. Dry runs use it
    /// to mark such steps instead of guessing.
    public func runTimeReason(play: Int, step: PlannedStep) -> String? {
        guard let parsed = parsedStep(play: play, step: step) else { return nil }
        let references = parsed.references
        if let condition = parsed.when.first(where: { references.timing(of: $0) == .runTime }) {
            return "when: '\(condition.source.text)' reads results of earlier steps"
        }
        if let template = parsed.templates.first(where: { references.timing(of: $0) == .runTime }) {
            return "'\(template.source.text)' reads results of earlier steps"
        }
        return nil
    }

    /// `step` of play `play` rendered for `host` as far as the plan allows, without running anything.
    public func decision(play: Int, step: PlannedStep, host: String) -> HostStepDecision {
        if let reason = runTimeReason(play: play, step: step) { return .decidedAtRunTime(reason) }
        switch preparer.prepare(play: play, step: step, host: host, registered: RegisteredResults()) {
        case .work(let work): return .runs(work)
        case .skip(let reason): return .skipped(reason)
        case .invalid(let diagnostic): return .invalid(diagnostic.description)
        }
    }

    /// The steps (by position, 1-based) each step of play `play` waits for, by position; empty when the
    /// plan was not made by the planner.
    public func dependencies(play: Int) -> [Int: [Int]] {
        guard let prepared = (preparer as? TemplateStepPreparer)?.plays[play] else { return [:] }
        let graph = prepared.play.graph
        var result: [Int: [Int]] = [:]
        for index in 0..<graph.count { result[index + 1] = graph.dependencies[index].map { $0 + 1 }.sorted() }
        return result
    }

    /// The positions (1-based) of the steps step `position` of play `play` waits for directly: one
    /// step's share of `dependencies(play:)`, without building the whole table for every step.
    public func dependencies(play: Int, step position: Int) -> [Int] {
        guard let graph = (preparer as? TemplateStepPreparer)?.plays[play]?.play.graph,
              graph.dependencies.indices.contains(position - 1) else { return [] }
        return graph.dependencies[position - 1].map { $0 + 1 }.sorted()
    }

    /// The handler positions (1-based) each handler notifies in turn, when handlers notify handlers.
    public func handlerNotifications(play: Int) -> [Int: [Int]] {
        guard let prepared = (preparer as? TemplateStepPreparer)?.plays[play] else { return [:] }
        let graph = prepared.play.graph
        var result: [Int: [Int]] = [:]
        for (index, targets) in graph.handlerNotifications.enumerated() { result[index + 1] = targets.map { $0 + 1 } }
        return result
    }

    /// The id of the step at `position` (1-based file order) of play `play`, also when `--tags` or
    /// `--step` left it out of the plan.
    public func stepID(play: Int, position: Int) -> String? {
        guard let steps = (preparer as? TemplateStepPreparer)?.plays[play]?.play.steps,
              steps.indices.contains(position - 1) else { return nil }
        return steps[position - 1].id.value
    }

    /// The source text of the step's `when` conditions, for printing the rules that apply.
    public func conditions(play: Int, step: PlannedStep) -> [String] {
        parsedStep(play: play, step: step)?.when.map(\.source.text) ?? []
    }

    private func parsedStep(play: Int, step: PlannedStep) -> ParsedStep? {
        guard let prepared = (preparer as? TemplateStepPreparer)?.plays[play] else { return nil }
        let list = step.isHandler ? prepared.handlers : prepared.steps
        let index = step.position - 1
        return list.indices.contains(index) ? list[index] : nil
    }
}
