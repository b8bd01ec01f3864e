extension HTMLReport {
    /// The output tails of the steps that did not fail (failures show theirs above), host by host,
    /// each folded in a `<details>` a reader opens from its summary line; steps that printed nothing
    /// are left out. The tails are the ledger's, cut to their last `RunLedger.okTailLimit` bytes.
    static func stepOutput(_ ledger: RunLedger) -> String {
        var out = ""
        for play in ledger.plan {
            for host in play.hosts {
                for step in play.steps {
                    let outcome = ledger.outcome(host: host, step: step)
                    guard !outcome.status.isFailure,
                          !outcome.stdoutTail.isEmpty || !outcome.stderrTail.isEmpty else { continue }
                    out += "<details><summary><b>\(h(host))</b> · " + h(RecapText.stepLabel(step, plays: ledger.plan.count))
                        + " · \(outcome.status.rawValue)"
                        + (outcome.duration.map { " · " + h(ReportTime.human($0)) } ?? "") + "</summary>"
                    if outcome.stdoutTruncated || outcome.stderrTruncated {
                        out += "<div class=\"cut\">earlier output cut; the whole of it is in --output-dir</div>"
                    }
                    if !outcome.stdoutTail.isEmpty { out += "<pre>\(h(TextEscaping.lossy(outcome.stdoutTail)))</pre>" }
                    if !outcome.stderrTail.isEmpty {
                        out += "<pre class=\"stderr\">\(h(TextEscaping.lossy(outcome.stderrTail)))</pre>"
                    }
                    out += "</details>\n"
                }
            }
        }
        return out.isEmpty ? "" : "<h2>Step output</h2>\n" + out
    }

    private static func h(_ text: String) -> String { TextEscaping.html(text) }
}
