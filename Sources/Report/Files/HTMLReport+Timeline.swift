import Foundation
import Playbook

extension HTMLReport {
    /// One timeline per play: a row per host, grouped under a heading per `serial:` batch; a bar per
    /// step that has times, placed and sized by its start and duration relative to the whole run and
    /// labelled with the step, plus a grey bar for the host's connection. A host a stopping gate kept
    /// from finishing the play is tagged `stopped`, with a hatched bar from the gate's decision on.
    static func timelines(_ ledger: RunLedger) -> String {
        guard let origin = ledger.startedAt else { return "" }
        let end = ledger.finishedAt ?? latestEnd(ledger) ?? origin
        let span = max(0.001, end.timeIntervalSince(origin))
        let scale = TimeScale(origin: origin, end: end, span: span)
        var out = "<h2>Timeline</h2>\n<div class=\"legend\">"
        for status in StepStatus.allCases where status != .notReached {
            out += "<span><i class=\"bar-\(status.rawValue)\" style=\"background:var(--\(status.rawValue))\"></i>"
                + "\(status.rawValue.replacingOccurrences(of: "_", with: " "))</span>"
        }
        out += "<span><i style=\"background:var(--connect)\"></i>connect</span>"
        out += "<span><i class=\"stopped-swatch\"></i>stopped by a gate</span></div>\n"
        for play in ledger.plan {
            out += "<section class=\"timeline\" data-play=\"\(play.play.position)\">\n"
            out += "<div class=\"row\"><div class=\"label\"><b>\(html(play.play.name))</b></div>" + axis(span)
                + "</div>\n"
            for group in hostGroups(play, ledger) {
                if let heading = group.heading { out += "<div class=\"batch\">\(html(heading))</div>\n" }
                for host in group.hosts { out += row(host, play, ledger, scale) }
            }
            out += "</section>\n"
        }
        return out
    }

    /// Where the run's time axis starts and ends.
    private struct TimeScale {
        let origin: Date
        let end: Date
        let span: Double
    }

    /// The play's hosts in batch order under "batch N of M" headings (hosts of batches that never
    /// started last, under "not started"), or all of them under no heading for a single batch.
    private static func hostGroups(_ play: PlayPlan, _ ledger: RunLedger) -> [(heading: String?, hosts: [String])] {
        let count = ledger.batchCounts[play.play.position] ?? 1
        let batches = ledger.batches[play.play.position] ?? []
        guard count > 1 else { return [(nil, play.hosts)] }
        var groups: [(heading: String?, hosts: [String])] = batches.enumerated().map {
            ("batch \($0.offset + 1) of \(count)", $0.element)
        }
        let placed = Set(batches.joined())
        let rest = play.hosts.filter { !placed.contains($0) }
        if !rest.isEmpty { groups.append(("not started", rest)) }
        return groups
    }

    private static func row(_ host: String, _ play: PlayPlan, _ ledger: RunLedger, _ scale: TimeScale) -> String {
        let gate = stoppedBy(host, play, ledger)
        var out = "<div class=\"row\" data-host=\"\(html(host))\""
            + (gate.map { " data-stopped=\"\($0.rule.rawValue)\"" } ?? "") + "><div class=\"label\" title=\"\(html(host))\">"
        if let gate { out += "<span class=\"tag stopped\" title=\"\(html(gate.summary))\">stopped</span> " }
        out += "\(html(host))</div><div class=\"track\">"
        let isFirstPlay = play.play.position == ledger.plan.first?.play.position
        if isFirstPlay, let connection = ledger.hosts[host]?.connection {
            let seconds = connection.connectSeconds + connection.handshakeSeconds + connection.authSeconds
            let start = connection.at.addingTimeInterval(-seconds)
            let tip = "\(host)\nconnect \(connection.address):\(connection.port)\n"
                + "tcp \(tooltip(connection.connectSeconds)) · handshake \(tooltip(connection.handshakeSeconds))"
                + " · auth \(tooltip(connection.authSeconds))"
            out += bar(cssClass: "connect", start: start.timeIntervalSince(scale.origin), seconds: seconds,
                       span: scale.span, tip: tip, data: "")
        }
        if isFirstPlay, let unreachable = ledger.hosts[host]?.unreachable {
            // From the run's start to when the host was given up on.
            let seconds = unreachable.at.timeIntervalSince(scale.origin)
            let tip = "\(host)\nunreachable \(unreachable.address):\(unreachable.port)\n\(unreachable.cause)"
            out += bar(cssClass: "unreachable", start: 0, seconds: seconds, span: scale.span, tip: tip,
                       data: " data-status=\"unreachable\"")
        }
        for step in play.steps {
            let outcome = ledger.outcome(host: host, step: step)
            guard let started = outcome.startedAt else { continue }
            let ended = outcome.endedAt ?? scale.end
            out += bar(cssClass: outcome.status.rawValue, start: started.timeIntervalSince(scale.origin),
                       seconds: max(0, ended.timeIntervalSince(started)), span: scale.span,
                       tip: tip(host: host, step: step, outcome: outcome, plays: ledger.plan.count),
                       data: " data-step=\"\(html(step.fileStem))\" data-status=\"\(outcome.status.rawValue)\"",
                       label: step.fileStem)
        }
        if let gate {
            let start = gate.at.timeIntervalSince(scale.origin)
            out += bar(cssClass: "stopped", start: start, seconds: scale.span - start, span: scale.span,
                       tip: "\(host)\nnot reached: \(gate.summary)", data: "")
        }
        return out + "</div></div>\n"
    }

    /// The stopping gate that kept `host` from running steps of `play`, if one did.
    private static func stoppedBy(_ host: String, _ play: PlayPlan, _ ledger: RunLedger) -> GateDecision? {
        guard let gate = ledger.stoppingGate(host: host, play: play.play.position) else { return nil }
        let missed = play.steps.contains { !$0.isHandler && ledger.outcome(host: host, step: $0).status == .notReached }
        return missed ? gate : nil
    }

    private static func html(_ text: String) -> String { TextEscaping.html(text) }

    private static func bar(cssClass: String, start: Double, seconds: Double, span: Double, tip: String,
                            data: String, label: String? = nil) -> String {
        let left = min(100, max(0, start / span * 100))
        let width = min(100 - left, max(0, seconds / span * 100))
        let name = label.map { "<span class=\"name\">\(html($0))</span>" } ?? ""
        return "<div class=\"bar \(cssClass)\"\(data) style=\"left:\(percent(left));width:\(percent(width))\">"
            + name + "<div class=\"tip\">\(html(tip))</div></div>"
    }

    /// Seconds in a tooltip: `0.250s`.
    private static func tooltip(_ seconds: Double) -> String { SecondsText.format(seconds, .fixed(decimals: 3, unit: "s")) }

    private static func percent(_ value: Double) -> String { String(format: "%.3f%%", value) }

    private static func tip(host: String, step: StepRef, outcome: StepOutcome, plays: Int) -> String {
        var lines = [host, RecapText.stepLabel(step, plays: plays), outcome.status.rawValue
            + (outcome.ignored ? " (ignored)" : "")]
        if let code = outcome.exitCode { lines.append("exit code \(code)") }
        if let signal = outcome.signal { lines.append("signal \(signal)") }
        if let duration = outcome.duration { lines.append(tooltip(duration)) }
        if outcome.attempts > 1 { lines.append("\(outcome.attempts) attempts") }
        if let started = outcome.startedAt { lines.append("started " + ReportTime.iso8601(started)) }
        if let message = outcome.message { lines.append(String(message.prefix(200))) }
        if let location = step.location { lines.append(location.description) }
        return lines.joined(separator: "\n")
    }

    /// Time labels at every multiple of a round interval (`tickInterval`) up to the end of the run.
    private static func axis(_ span: Double) -> String {
        let interval = tickInterval(span: span)
        var out = "<div class=\"axis\">"
        var tick = 0
        while true {
            // Rounded to the microsecond so 3 × 0.1 is labelled 0.3, not 0.30000000000000004.
            let seconds = (Double(tick) * interval * 1_000_000).rounded() / 1_000_000
            guard seconds <= span + 1e-9 else { break }
            out += "<span style=\"left:\(percent(seconds / span * 100))\">\(html(SecondsText.format(seconds, .compact)))</span>"
            tick += 1
        }
        return out + "</div>"
    }

    /// The smallest round interval that puts at most eight ticks on `span` seconds: 1, 2 or 5 × 10ⁿ
    /// below a minute, then 1, 2, 5, 10, 15, 30 minutes and 1, 2, 3, 6, 12 hours, then whole days.
    static func tickInterval(span: Double) -> Double {
        let wanted = max(span, 0.001) / 8
        let clock: [Double] = [15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400]
        if wanted > 10 {
            return clock.first { $0 >= wanted } ?? (wanted / 86400).rounded(.up) * 86400
        }
        let exponent = log10(wanted).rounded(.down)
        // Divided for negative exponents, so 1 × 10⁻² is exactly the Double 0.01.
        let candidates = [1.0, 2, 5, 10].map { exponent < 0 ? $0 / pow(10, -exponent) : $0 * pow(10, exponent) }
        return candidates.first { $0 >= wanted * (1 - 1e-9) } ?? candidates[3]
    }

    private static func latestEnd(_ ledger: RunLedger) -> Date? {
        var latest: Date?
        for play in ledger.plan {
            for host in play.hosts {
                for step in play.steps {
                    if let end = ledger.outcome(host: host, step: step).endedAt { latest = max(latest ?? end, end) }
                }
            }
        }
        return latest
    }
}
