import Foundation

extension HTMLReporter {
    /// One timeline per play: a row per host, a bar per step that has times, placed and sized by its
    /// start and duration relative to the whole run, plus a grey bar for the host's connection.
    static func timelines(_ ledger: RunLedger) -> String {
        guard let origin = ledger.startedAt else { return "" }
        let end = ledger.finishedAt ?? latestEnd(ledger) ?? origin
        let span = max(0.001, end.timeIntervalSince(origin))
        var out = "<h2>Timeline</h2>\n<div class=\"legend\">"
        for status in StepStatus.allCases where status != .notReached {
            out += "<span><i class=\"bar-\(status.rawValue)\" style=\"background:var(--\(status.rawValue))\"></i>"
                + "\(status.rawValue.replacingOccurrences(of: "_", with: " "))</span>"
        }
        out += "<span><i style=\"background:var(--connect)\"></i>connect</span></div>\n"
        for play in ledger.plan {
            out += "<section class=\"timeline\" data-play=\"\(play.play.position)\">\n"
            out += "<div class=\"row\"><div class=\"label\"><b>\(html(play.play.name))</b></div>" + axis(span)
                + "</div>\n"
            let isFirstPlay = play.play.position == ledger.plan.first?.play.position
            for host in play.hosts {
                out += "<div class=\"row\" data-host=\"\(html(host))\"><div class=\"label\" title=\"\(html(host))\">"
                out += "\(html(host))</div><div class=\"track\">"
                if isFirstPlay, let connection = ledger.hosts[host]?.connection {
                    let seconds = connection.connectSeconds + connection.handshakeSeconds + connection.authSeconds
                    let start = connection.at.addingTimeInterval(-seconds)
                    let tip = "\(host)\nconnect \(connection.address):\(connection.port)\n"
                        + String(format: "tcp %.3fs · handshake %.3fs · auth %.3fs", connection.connectSeconds,
                                 connection.handshakeSeconds, connection.authSeconds)
                    out += bar(cssClass: "connect", start: start.timeIntervalSince(origin), seconds: seconds,
                               span: span, tip: tip, data: "")
                }
                if isFirstPlay, let unreachable = ledger.hosts[host]?.unreachable {
                    // From the run's start to when the host was given up on.
                    let seconds = unreachable.at.timeIntervalSince(origin)
                    let tip = "\(host)\nunreachable \(unreachable.address):\(unreachable.port)\n\(unreachable.cause)"
                    out += bar(cssClass: "unreachable", start: 0, seconds: seconds, span: span, tip: tip,
                               data: " data-status=\"unreachable\"")
                }
                for step in play.steps {
                    let outcome = ledger.outcome(host: host, step: step)
                    guard let started = outcome.startedAt else { continue }
                    let ended = outcome.endedAt ?? end
                    out += bar(cssClass: outcome.status.rawValue, start: started.timeIntervalSince(origin),
                               seconds: max(0, ended.timeIntervalSince(started)), span: span,
                               tip: tip(host: host, step: step, outcome: outcome, plays: ledger.plan.count),
                               data: " data-step=\"\(html(step.fileStem))\" data-status=\"\(outcome.status.rawValue)\"")
                }
                out += "</div></div>\n"
            }
            out += "</section>\n"
        }
        return out
    }

    private static func html(_ text: String) -> String { TextEscaping.html(text) }

    private static func bar(cssClass: String, start: Double, seconds: Double, span: Double, tip: String,
                            data: String) -> String {
        let left = min(100, max(0, start / span * 100))
        let width = min(100 - left, max(0, seconds / span * 100))
        return "<div class=\"bar \(cssClass)\"\(data) style=\"left:\(percent(left));width:\(percent(width))\">"
            + "<div class=\"tip\">\(html(tip))</div></div>"
    }

    private static func percent(_ value: Double) -> String { String(format: "%.3f%%", value) }

    private static func tip(host: String, step: StepRef, outcome: StepOutcome, plays: Int) -> String {
        var lines = [host, RecapText.stepLabel(step, plays: plays), outcome.status.rawValue
            + (outcome.ignored ? " (ignored)" : "")]
        if let code = outcome.exitCode { lines.append("exit code \(code)") }
        if let signal = outcome.signal { lines.append("signal \(signal)") }
        if let duration = outcome.duration { lines.append(String(format: "%.3fs", duration)) }
        if outcome.attempts > 1 { lines.append("\(outcome.attempts) attempts") }
        if let started = outcome.startedAt { lines.append("started " + ReportTime.iso8601(started)) }
        if let message = outcome.message { lines.append(String(message.prefix(200))) }
        if let location = step.location { lines.append(location.description) }
        return lines.joined(separator: "\n")
    }

    /// Five evenly spaced time labels.
    private static func axis(_ span: Double) -> String {
        var out = "<div class=\"axis\">"
        for tick in 0...4 {
            let seconds = span * Double(tick) / 4
            let position = tick == 0 ? "left:0;transform:none" : tick == 4 ? "right:0;left:auto;transform:none"
                : "left:\(tick * 25)%"
            out += "<span style=\"\(position)\">\(html(ReportTime.human(seconds)))</span>"
        }
        return out + "</div>"
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
