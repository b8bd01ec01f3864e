import Playbook

/// Which steps run: `--tags`, `--skip-tags`, `--start-at-step`, `--step` (`pbrun run` and `pbrun plan`).
struct SelectionOptions: OptionGroup {
    static let tags = OptionSpec.value(
        "tags", short: "t", "TAGS", help: "Only steps with one of these tags (comma-separated; repeatable).")
    static let skipTags = OptionSpec.value(
        "skip-tags", "TAGS", help: "Not the steps with one of these tags (comma-separated; repeatable).")
    static let startAtStep = OptionSpec.value("start-at-step", "STEP", help: "Skip the steps before this one (id or name).")
    static let step = OptionSpec.value("step", "STEP", help: "Only this step (id or name).")

    static let options = [tags, skipTags, startAtStep, step]

    let selection: StepSelection

    init(_ arguments: ParsedArguments) throws(UsageError) {
        func tagSet(_ option: OptionSpec) -> Set<String> {
            Set(arguments.all(option).flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
                .filter { !$0.isEmpty })
        }
        let only = arguments.value(Self.step), startAt = arguments.value(Self.startAtStep)
        if only != nil, startAt != nil { throw UsageError("--step and --start-at-step cannot be used together") }
        selection = StepSelection(tags: tagSet(Self.tags), skipTags: tagSet(Self.skipTags), startAt: startAt, only: only)
    }
}
