/// One playbook checked the way a plan checks it. `pbrun plan`, `pbrun run` and `pbrun validate -i`
/// all go through `planning`, so none of them can pass a playbook another refuses, or report it
/// differently; `pbrun validate` without an inventory runs `withoutHosts`, the part of the same
/// checks that needs no host.
public struct PlanCheck: Sendable {
    /// The load's check with every problem the plan found added: in source order, with source lines.
    public let check: PlaybookCheck
    /// The plan; nil when any error was found.
    public let plan: ExecutionPlan?

    /// Plans the playbook of `check` with the request `request` makes for it. A playbook that did not
    /// load is not planned: its model is incomplete, so a plan would report steps it only lost.
    public static func planning(_ check: PlaybookCheck, _ request: (PlaybookFile) -> PlanRequest) -> PlanCheck {
        guard let playbook = check.playbook, !check.hasErrors else { return PlanCheck(check: check, plan: nil) }
        do {
            let plan = try Planner.plan(request(playbook))
            return PlanCheck(check: check, plan: plan)
        } catch {
            return PlanCheck(check: check.adding(error.diagnostics), plan: nil)
        }
    }

    /// `check` with every check of the plan that needs no host: the syntax of every template and
    /// condition (and of a templated `hosts:`), `{{ }}` around a condition, unknown filters, and
    /// references to steps that are not there or cannot have run. A variable the playbook does not
    /// define may come from the inventory, so undefined variables are left to `planning`.
    public static func withoutHosts(_ check: PlaybookCheck) -> PlaybookCheck {
        guard let playbook = check.playbook, !check.hasErrors else { return check }
        let found = playbook.allPlays.flatMap { play in
            PlayHostPattern.problems(of: play) + ParsedPlay(play, resolvingSecrets: false).diagnostics
        }
        return check.adding(found)
    }
}

extension PlaybookCheck {
    /// The check with `found` added, everything in source order, each with its source line (read from
    /// the file when the load did not read it: a template file, an inventory file).
    func adding(_ found: [Diagnostic]) -> PlaybookCheck {
        guard !found.isEmpty else { return self }
        var texts = sources
        let placed = found.map { diagnostic -> Diagnostic in
            guard diagnostic.sourceLine == nil, let file = diagnostic.location?.file else { return diagnostic }
            if texts[file] == nil {
                do {
                    texts[file] = SourceText(text: try InputFile.text(at: file), file: file)
                } catch {
                    return diagnostic  // the line only illustrates; the message stands without it
                }
            }
            return diagnostic.withSourceLine(from: texts)
        }
        return PlaybookCheck(playbook: playbook, diagnostics: PlaybookFileDecoder.inSourceOrder(diagnostics + placed),
                             sources: sources, filesDecoded: filesDecoded)
    }
}
