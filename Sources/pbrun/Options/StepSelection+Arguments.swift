import Playbook

extension StepSelection {
    /// The options that choose steps, shared by `pbrun run` and `pbrun plan`; `verb` is "Run" or "Plan".
    static func options(verb: String) -> [OptionSpec] {
        [
            .value("tags", short: "t", "TAGS", help: "Only steps with one of these tags (comma-separated; repeatable)."),
            .value("skip-tags", "TAGS", help: "Not the steps with one of these tags (comma-separated; repeatable)."),
            .value("start-at-step", "STEP", help: "Skip the steps before this one (id or name)."),
            .value("step", "STEP", help: "\(verb) only this step (id or name)."),
        ]
    }

    /// `--tags`, `--skip-tags`, `--start-at-step` and `--step` from the command line.
    init(arguments: ParsedArguments) throws(UsageError) {
        func tagSet(_ name: String) -> Set<String> {
            Set(arguments.all(name).flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
                .filter { !$0.isEmpty })
        }
        if arguments.value("step") != nil, arguments.value("start-at-step") != nil {
            throw UsageError("--step and --start-at-step cannot be used together")
        }
        self.init(tags: tagSet("tags"), skipTags: tagSet("skip-tags"), startAt: arguments.value("start-at-step"),
                  only: arguments.value("step"))
    }
}
