/// The rule that turns a step's name into its id (docs/playbook-format.md, "Step ids"): letters
/// and digits are kept, lowercased; every run of other characters becomes one `-`; leading and
/// trailing `-` are dropped. `Still runs!` → `still-runs`, `Deploy v2.1 (canary)` →
/// `deploy-v2-1-canary`. A step with no name, or whose name keeps nothing, is `step-N` (N its
/// 1-based position). When two derived ids collide, the later ones get `-2`, `-3`, … in file order.
public enum StepID {
    /// The id derived from `name`, or nil when nothing of it is kept.
    public static func derive(from name: String) -> String? {
        var id = ""
        var pendingDash = false
        for character in name {
            if character.isLetter || character.isNumber {
                if pendingDash, !id.isEmpty { id.append("-") }
                pendingDash = false
                id += character.lowercased()
            } else {
                pendingDash = true
            }
        }
        return id.isEmpty ? nil : id
    }

    /// Whether `text` may be written as an explicit `id:`: a letter or digit first, then letters,
    /// digits, `-`, `_` and `.`.
    public static func isValid(_ text: String) -> Bool {
        guard let first = text.first, first.isLetter || first.isNumber else { return false }
        return text.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." }
    }
}
