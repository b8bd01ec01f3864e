/// The plan-time check of what a step's templates and conditions may read from other steps, and
/// whether they can be rendered now or only at run time.
///
/// `steps.ID.…` must name a step of the play that can have run before this one per the step
/// graph (an ancestor through `needs`, or an earlier step in file order); `register` names likewise
/// through the step that registers them; `result`, `exit`, `stdout` and `stderr` exist only in the
/// step's own `until`, `failed_when` and `changed_when`. A step that can have run but was skipped
/// on a host still has a result there (`skipped: true`).
public struct StepReferenceCheck: Sendable {
    /// When a template or condition can be evaluated.
    public enum Timing: Sendable, Hashable {
        /// Everything it reads is known before any host is touched.
        case planTime
        /// It reads results of steps, so it is evaluated on each host when the step is reached.
        case runTime
    }

    /// Every step id of the play, for "unknown step" and its suggestion.
    public let stepIDs: [String]
    /// Whether the step of an id can have run before the step being checked (a predicate, not a
    /// set: each step of a long playbook would hold a set of all the steps before it).
    private var canHaveRun: @Sendable (String) -> Bool
    /// What makes a template run-time: `steps`, the own-result names, the `register` names and
    /// `runTimeNames` (built once, not once per template).
    private var runTimeRoots: Set<String>
    /// `register:` names of the play, with the id of the step that registers each.
    public let registeredBy: [String: String]
    /// Whether the step's own result is in scope (its `until`, `failed_when`, `changed_when`).
    public private(set) var ownResultAvailable: Bool
    /// Variables whose templates read results of earlier steps (a step var such as
    /// `version: "{{ steps.probe.stdout }}"`): a template that reads one is rendered at run time too.
    public private(set) var runTimeNames: Set<String>

    public init(stepIDs: [String], canHaveRun: Set<String>, registeredBy: [String: String] = [:],
                ownResultAvailable: Bool, runTimeNames: Set<String> = []) {
        self.init(stepIDs: stepIDs, canHaveRun: { canHaveRun.contains($0) }, registeredBy: registeredBy,
                  ownResultAvailable: ownResultAvailable, runTimeNames: runTimeNames)
    }

    /// The check with `canHaveRun` answering for each step id.
    init(stepIDs: [String], canHaveRun: @escaping @Sendable (String) -> Bool, registeredBy: [String: String],
         ownResultAvailable: Bool, runTimeNames: Set<String>) {
        self.stepIDs = stepIDs
        self.canHaveRun = canHaveRun
        self.registeredBy = registeredBy
        self.ownResultAvailable = ownResultAvailable
        self.runTimeNames = runTimeNames
        runTimeRoots = Set(["steps"] + StepResult.ownResultNames + registeredBy.keys).union(runTimeNames)
    }

    /// The same check for another step of the play: `canHaveRun` answers for it (the rest is the
    /// play's, shared, not rebuilt per step).
    func forStep(canHaveRun: @escaping @Sendable (String) -> Bool) -> StepReferenceCheck {
        var copy = self
        copy.canHaveRun = canHaveRun
        return copy
    }

    /// The same check with the step's own result in scope or not (its `until`, `failed_when` and
    /// `changed_when` see it, its `when` and templates do not).
    public func withOwnResult(_ available: Bool) -> StepReferenceCheck {
        var copy = self
        copy.ownResultAvailable = available
        return copy
    }

    /// The same check in which `names` are read at run time as well.
    public func addingRunTimeNames(_ names: Set<String>) -> StepReferenceCheck {
        guard !names.isSubset(of: runTimeNames) else { return self }
        var copy = self
        copy.runTimeNames.formUnion(names)
        copy.runTimeRoots.formUnion(names)
        return copy
    }

    /// The problems with a template's references, at their exact positions.
    public func diagnostics(for template: Template) -> [Diagnostic] {
        diagnostics(template.references, source: template.source)
    }

    /// The problems with a condition's references, at their exact positions.
    public func diagnostics(for condition: Condition) -> [Diagnostic] {
        diagnostics(condition.references, source: condition.source)
    }

    /// Whether a template can be rendered at plan time.
    public func timing(of template: Template) -> Timing { timing(template.references) }

    /// Whether a condition can be evaluated at plan time.
    public func timing(of condition: Condition) -> Timing { timing(condition.references) }

    private func timing(_ references: [VariableReference]) -> Timing {
        references.contains { runTimeRoots.contains($0.root) } ? .runTime : .planTime
    }

    private func diagnostics(_ references: [VariableReference], source: TemplateSource) -> [Diagnostic] {
        var found: [Diagnostic] = []
        for reference in references {
            if let message = problem(with: reference) {
                found.append(source.diagnostic(message.text, at: reference.offsets[message.component]))
            }
        }
        return found
    }

    private func problem(with reference: VariableReference) -> (text: String, component: Int)? {
        let root = reference.root
        if StepResult.ownResultNames.contains(root), !ownResultAvailable {
            return ("'\(root)' is this step's own result, which exists only in its until, failed_when and "
                + "changed_when conditions (use steps.ID.\(root == "result" ? "stdout" : root) for an earlier step)", 0)
        }
        if let step = registeredBy[root], !canHaveRun(step) {
            return ("'\(root)' is registered by step '\(step)', which cannot have run before this step "
                + "(list it in 'needs')", 0)
        }
        guard root == "steps", reference.path.count >= 2 else { return nil }
        let id = reference.path[1]
        guard stepIDs.contains(id) else {
            let hint = Suggestion.closest(to: id, among: stepIDs).map { " (did you mean '\($0)'?)" } ?? ""
            return ("unknown step '\(id)'\(hint)", 1)
        }
        guard canHaveRun(id) else {
            return ("step '\(id)' cannot have run before this step (list it in 'needs')", 1)
        }
        if reference.path.count >= 3, !StepResult.fieldNames.contains(reference.path[2]) {
            let field = reference.path[2]
            let hint = Suggestion.closest(to: field, among: StepResult.fieldNames).map { " (did you mean '\($0)'?)" }
                ?? " (fields: \(StepResult.fieldNames.joined(separator: ", ")))"
            return ("a step result has no field '\(field)'\(hint)", 2)
        }
        return nil
    }
}
