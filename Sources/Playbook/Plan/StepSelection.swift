/// Which steps of each play a run includes: `--tags`, `--skip-tags`, `--start-at-step ID` and
/// `--step ID`, applied as Ansible applies its equivalents. Steps tagged `always` run unless skipped
/// by name with `--skip-tags always`; `never`-tagged steps run only when asked for by tag.
/// Handlers are not filtered: they run when notified.
public struct StepSelection: Sendable, Hashable {
    public var tags: Set<String>
    public var skipTags: Set<String>
    /// Skip the steps before this one (id or exact name), in run order.
    public var startAt: String?
    /// Run only this step (id or exact name).
    public var only: String?

    public init(tags: Set<String> = [], skipTags: Set<String> = [], startAt: String? = nil, only: String? = nil) {
        self.tags = tags
        self.skipTags = skipTags
        self.startAt = startAt
        self.only = only
    }

    /// The steps of `play` to run, as indexes in graph order.
    func select(_ play: Play) -> [Int] {
        var order = play.graph.order
        if let only {
            order = order.filter { matches(play.steps[$0], only) }
        } else if let startAt, let first = order.firstIndex(where: { matches(play.steps[$0], startAt) }) {
            order = Array(order[first...])
        }
        return order.filter { included(play.steps[$0]) }
    }

    /// A `--step`/`--start-at-step` name that names no step of any play: an error.
    func unknownStepNames(in plays: [Play]) -> [String] {
        [only, startAt].compactMap { $0 }.filter { name in
            !plays.contains { play in play.steps.contains { matches($0, name) } }
        }
    }

    private func matches(_ step: Step, _ name: String) -> Bool {
        step.id.value == name || step.name?.value == name
    }

    private func included(_ step: Step) -> Bool {
        let stepTags = Set(step.tags.map(\.value))
        if !stepTags.isDisjoint(with: skipTags) { return false }
        if stepTags.contains("always") { return true }
        if tags.isEmpty { return !stepTags.contains("never") }
        return !stepTags.isDisjoint(with: tags) || (tags.contains("untagged") && stepTags.isEmpty)
            || tags.contains("all") && !stepTags.contains("never")
    }
}
