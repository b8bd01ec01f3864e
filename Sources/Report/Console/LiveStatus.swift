import Foundation

/// The live status area's state: the current play, batch and step, hosts done / in flight / waiting in
/// the current play, and the counts so far. Updated per event in O(1); rendered at most ~10 times a
/// second. A value with no I/O, so a test can render any state.
struct LiveStatus {
    var play: PlayRef?
    /// The current batch (1-based) and the play's batch count; 0 before the first batch.
    var batchIndex = 0
    var batchCount = 0
    var step: StepRef?
    var playHosts = 0
    var playSteps = 0
    var done: Set<String> = []
    var running: Set<String> = []
    private var finishedSteps: [String: Int] = [:]
    var counts: [StepStatus: Int] = [:]
    /// Hosts whose step failed an attempt and is being tried again, with the attempt under way.
    private(set) var retrying: [String: (attempt: Int, of: Int)] = [:]
    /// The host that most recently began a retry, shown by name in the status area.
    private var latestRetry: String?
    var unreachableHosts = 0

    mutating func startPlay(_ plan: PlayPlan?, _ play: PlayRef) {
        self.play = play
        batchIndex = 0
        batchCount = 0
        step = nil
        playHosts = plan?.hosts.count ?? 0
        playSteps = plan?.steps.filter { !$0.isHandler }.count ?? 0
        done.removeAll()
        running.removeAll()
        finishedSteps.removeAll()
        retrying.removeAll()
    }

    mutating func startStep(_ host: String, _ step: StepRef) {
        self.step = step
        running.insert(host)
    }

    mutating func retrying(_ host: String, attempt: Int, of: Int) {
        retrying[host] = (attempt, of)
        latestRetry = host
    }

    mutating func finishStep(_ host: String, _ step: StepRef, _ outcome: StepOutcome) {
        running.remove(host)
        retrying[host] = nil
        counts[outcome.status, default: 0] += 1
        guard !step.isHandler else { return }
        let finished = finishedSteps[host, default: 0] + 1
        finishedSteps[host] = finished
        if (outcome.status.isFailure && !outcome.ignored) || finished >= playSteps { done.insert(host) }
    }

    mutating func hostUnreachable(_ host: String) {
        running.remove(host)
        retrying[host] = nil
        done.insert(host)
        unreachableHosts += 1
    }

    /// The status area's lines, each at most `width - 1` characters.
    func render(elapsed: Double, width: Int) -> [String] {
        var head = "PLAY [" + TextEscaping.display(play?.name ?? "-") + "]"
        if batchCount > 1 { head += " · batch \(batchIndex)/\(batchCount)" }
        if let step { head += " · step " + RecapText.stepLabel(step, plays: 1) }
        let waiting = max(0, playHosts - done.count - running.count)
        let barWidth = max(10, min(40, width - 50))
        let total = max(1, playHosts)
        let doneCells = done.count * barWidth / total
        let runningCells = min(barWidth - doneCells, (running.count * barWidth + total - 1) / total)
        let bar = "[" + String(repeating: "=", count: doneCells) + String(repeating: ">", count: runningCells)
            + String(repeating: " ", count: barWidth - doneCells - runningCells) + "]"
        var progress = "\(bar) \(done.count) done · \(running.count) running · \(waiting) waiting"
        if let host = latestRetry, let retry = retrying[host] {
            progress += " · retrying " + TextEscaping.display(host) + " attempt \(retry.attempt)/\(retry.of)"
            if retrying.count > 1 { progress += " (+\(retrying.count - 1) more)" }
        } else if !retrying.isEmpty {
            progress += " · \(retrying.count) retrying"
        }
        let failed = (counts[.failed] ?? 0) + (counts[.timedOut] ?? 0)
        let tally = "ok \(counts[.ok] ?? 0) · changed \(counts[.changed] ?? 0) · failed \(failed)"
            + " · unreachable \(unreachableHosts) · skipped \(counts[.skipped] ?? 0) · " + ReportTime.human(elapsed)
        return [head, progress, tally].map { clip($0, width - 1) }
    }

    private func clip(_ line: String, _ width: Int) -> String {
        line.count <= width ? line : String(line.prefix(max(0, width - 1))) + "…"
    }
}
