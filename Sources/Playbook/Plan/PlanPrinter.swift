import Foundation

/// Prints an execution plan for `pbrun plan` without touching a host (DESIGN.md, decision 8): plays →
/// batches → hosts → the steps each host would run, with the rendered command, the guards and rules
/// that apply, and what can only be decided at run time. Secret values are masked everywhere; paths
/// under `baseDirectory` are printed relative to it, so the output does not depend on where the
/// project is checked out. The text form is for people; `json()` is the stable, versioned form.
public struct PlanPrinter: Sendable {
    /// What secret values are replaced by.
    public static let mask = SecretMasker.mask

    public let plan: ExecutionPlan
    /// Paths under this folder are printed relative to it; nil prints them as they are.
    public let baseDirectory: String?
    /// The run's masker over the plan's secrets (they include what plan-time templates computed from
    /// them), so the plan hides exactly what the run would.
    private let masker: SecretMasker

    public init(plan: ExecutionPlan, baseDirectory: String? = nil) {
        self.plan = plan
        self.baseDirectory = baseDirectory.map { $0.hasSuffix("/") ? $0 : $0 + "/" }
        masker = SecretMasker(secrets: plan.secretValues)
    }

    // MARK: - Text

    /// The plan as indented text, one play after another.
    public func text() -> String {
        var out = ""
        for play in plan.plays {
            out += "play \(play.position): \(masked(play.name))" + where_(play.location) + "\n"
            var rules = ["strategy \(play.strategy.rawValue)"]
            if let forks = play.forks { rules.append("forks \(forks)") }
            if play.gate.anyErrorsFatal { rules.append("any_errors_fatal") }
            if let percent = play.gate.maxFailPercentage {
                rules.append("max_fail_percentage \(Self.number(percent))%")
            }
            out += "  " + rules.joined(separator: ", ") + "\n"
            if play.batches.allSatisfy(\.isEmpty) { out += "  no hosts\n" }
            for (index, batch) in play.batches.enumerated() {
                out += "  batch \(index + 1) of \(play.batches.count): \(batch.joined(separator: ", "))\n"
                for host in batch {
                    out += "    host \(host)" + connectionText(host) + "\n"
                    for step in play.steps { out += stepText(step, play: play.position, host: host) }
                    for handler in play.handlers { out += stepText(handler, play: play.position, host: host) }
                }
            }
        }
        return out
    }

    private func stepText(_ step: PlannedStep, play: Int, host: String) -> String {
        let number = step.isHandler ? "handler \(step.position)" : "\(step.position)"
        var out = "      \(number). \(masked(step.name)) [\(step.id)]"
        var details: [String] = []
        let needs = step.isHandler ? [] : plan.dependencies(play: play, step: step.position)
        if !needs.isEmpty {
            details.append("needs: " + needs.map { stepID(play: play, position: $0) }.joined(separator: ", "))
        }
        if step.isHandler { details.append("runs only when notified") }
        for condition in plan.conditions(play: play, step: step) { details.append("when: \(masked(condition))") }
        details += ruleTexts(step, play: play)
        switch plan.decision(play: play, step: step, host: host) {
        case .runs(let work):
            details = workTexts(work, secret: step.secret) + details
        case .skipped(let reason):
            out += " — skipped: \(masked(reason))"
        case .decidedAtRunTime(let reason):
            out += " — decided at run time: \(masked(reason))"
        case .invalid(let message):
            out += " — invalid: \(masked(message))"
        }
        // A detail may span lines (a `run: |` block): each line is indented under the step.
        let lines = details.flatMap { $0.split(separator: "\n", omittingEmptySubsequences: false) }
        return out + "\n" + lines.map { $0.isEmpty ? "\n" : "         \($0)\n" }.joined()
    }

    /// A multi-line command as a YAML-style block (`|`, then its lines two spaces in, their own
    /// indentation kept); a one-line command as it is.
    private static func block(_ command: String) -> String {
        guard command.contains("\n") else { return command }
        let body = command.hasSuffix("\n") ? command.dropLast() : Substring(command)
        return "|" + body.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.isEmpty ? "\n" : "\n  " + $0 }.joined()
    }

    private func workTexts(_ work: HostWork, secret: Bool) -> [String] {
        var lines: [String] = []
        switch work.action {
        case .shell(let command): lines.append("run: " + Self.block(commandText(command, secret: secret)))
        case .local(let command): lines.append("local: " + Self.block(commandText(command, secret: secret)))
        case .script(let path, let arguments):
            let shown = arguments.isEmpty ? "" : " " + commandText(arguments, secret: secret)
            lines.append("script: " + masked(relative(path)) + shown)
        case .upload(let content, let destination, let mode, let owner, let group):
            var text = "upload: \(masked(destination)) (\(content.count) bytes, sha256 \(SHA256.hexDigest(of: content))"
            if let mode { text += ", mode 0" + String(mode, radix: 8) }
            if let owner { text += ", owner \(masked(owner))" }
            if let group { text += ", group \(masked(group))" }
            lines.append(text + ")")
        case .download(let source, let directory):
            lines.append("download: \(masked(source)) -> \(relative(directory))/HOST/")
        }
        if let path = work.creates {
            lines.append("creates: \(masked(path)) (skip when it exists; checked on the host)")
        }
        if let path = work.removes {
            lines.append("removes: \(masked(path)) (skip unless it exists; checked on the host)")
        }
        if let command = work.unless {
            lines.append("unless: \(masked(command)) (skip when it exits 0; run on the host)")
        }
        if let command = work.check { lines.append("check: \(masked(command)) (probe for run --check)") }
        for name in work.environment.keys.sorted() {
            lines.append("env: \(name)=\(secret ? Self.mask : masked(work.environment[name] ?? ""))")
        }
        if let directory = work.workingDirectory { lines.append("cwd: \(masked(directory))") }
        if let user = work.becomeUser { lines.append("become: \(masked(user))") }
        if let timeout = work.timeout { lines.append("timeout: \(SecondsText.format(timeout, .plain))") }
        return lines
    }

    private func ruleTexts(_ step: PlannedStep, play: Int) -> [String] {
        var lines: [String] = []
        if step.okExit != [0] { lines.append("ok_exit: " + step.okExit.map(String.init).joined(separator: ", ")) }
        if step.ignoreErrors { lines.append("ignore_errors") }
        if step.runOnce { lines.append("run_once: on the first host of the batch") }
        if step.retries > 0 { lines.append("retries: \(step.retries), delay \(SecondsText.format(step.delay, .plain))") }
        if !step.notifies.isEmpty {
            let handlers = plan.plays.first { $0.position == play }?.handlers ?? []
            let names = step.notifies.map { position in
                handlers.first { $0.position == position }?.id ?? "\(position)"
            }
            lines.append("notifies: " + names.joined(separator: ", "))
        }
        if step.secret { lines.append("secret: command and output masked") }
        return lines
    }

    private func connectionText(_ host: String) -> String {
        guard let connection = plan.connections[host] else { return "" }
        if connection.isLocal { return " (local)" }
        var text = " (\(connection.address):\(connection.port)"
        if let user = connection.user { text += " as \(user)" }
        return masked(text + ")")
    }

    private func where_(_ location: SourceLocation?) -> String {
        location.map { " (\(locationText($0)))" } ?? ""
    }

    // MARK: - Shared by the forms

    /// `file:line:column`, the file relative to the base folder.
    func locationText(_ location: SourceLocation) -> String {
        "\(relative(location.file)):\(location.line):\(location.column)"
    }

    /// The id of step `position` of play `play`.
    func stepID(play: Int, position: Int) -> String {
        plan.stepID(play: play, position: position) ?? "\(position)"
    }

    /// A command as shown: masked whole for a secret step, else with secret values masked.
    func commandText(_ command: String, secret: Bool) -> String {
        secret ? Self.mask : masked(command)
    }

    /// `text` with every secret value replaced by the mask.
    func masked(_ text: String) -> String {
        masker.mask(text)
    }

    /// `path` relative to the base folder when it lies under it.
    func relative(_ path: String) -> String {
        guard let base = baseDirectory, path.hasPrefix(base) else { return path }
        return String(path.dropFirst(base.count))
    }

    /// "1.5", "30": a whole number without its ".0".
    public static func number(_ value: Double) -> String {
        guard value.isFinite, value == value.rounded() else { return "\(value)" }
        // Whole numbers beyond Int's range still print as digits, never as "9.2e+18".
        return Int(exactly: value).map { "\($0)" } ?? String(format: "%.0f", value)
    }
}
