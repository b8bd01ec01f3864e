import Foundation

/// `--report html=PATH`: one self-contained HTML file (inline CSS, no script, no outside asset) with
/// the run's summary, the recap table, a timeline per play (one row per host, grouped by batch, one
/// labelled bar per step over time, coloured by status, details on hover), the failures with their
/// output tails, and the output tails of the steps that did not fail, each folded in a `<details>`;
/// `HTMLReporter` writes it when the run ends. Everything from hosts is escaped.
public enum HTMLReport: LedgerDocument {
    private static func h(_ text: String) -> String { TextEscaping.html(text) }

    /// The HTML document for a ledger.
    public static func document(_ ledger: RunLedger) -> String {
        let playbook = ledger.provenance?.playbookPath ?? "playbook"
        var html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        html += "<title>pbrun: \(h(playbook))</title>\n<style>\n\(HTMLReportStyle.css)\n</style>\n</head>\n<body>\n"
        html += header(ledger) + recap(ledger) + gates(ledger) + timelines(ledger) + failures(ledger)
            + stepOutput(ledger)
        return html + "</body>\n</html>\n"
    }

    private static func header(_ ledger: RunLedger) -> String {
        let provenance = ledger.provenance
        let totals = ledger.totals()
        let verdict: String
        if ledger.wasInterrupted {
            verdict = "<span class=\"badge bad\">interrupted</span>"
        } else if totals.failed > 0 {
            verdict = "<span class=\"badge bad\">failed</span>"
        } else if totals.unreachable > 0 {
            verdict = "<span class=\"badge warn\">unreachable hosts</span>"
        } else {
            verdict = "<span class=\"badge good\">ok</span>"
        }
        var out = "<header>\n<h1>pbrun: \(h(provenance?.playbookPath ?? "run"))\(verdict)</h1>\n<div class=\"meta\">"
        if let provenance {
            out += "run <code>\(h(provenance.runID))</code> · pbrun \(h(provenance.pbrunVersion))"
            out += " · playbook sha256 <code>\(h(String(provenance.playbookSHA256.prefix(12))))</code>"
            if let commit = provenance.gitCommit {
                let dirty = provenance.gitDirty == true ? "+dirty" : ""
                out += " · git <code>\(h(String(commit.prefix(12))))\(dirty)</code>"
            }
            out += " · started \(h(ReportTime.iso8601(provenance.startedAt)))"
            if provenance.checkMode { out += " · check mode" }
        }
        if let duration = ledger.duration { out += " · took \(h(ReportTime.human(duration)))" }
        if let code = ledger.exitCode { out += " · exit code \(code)" }
        out += "</div>\n</header>\n<div class=\"cards\">\n"
        let cards: [(String, Int)] = [("hosts", ledger.allHosts.count), ("ok", totals.ok), ("changed", totals.changed),
                                      ("failed", totals.failed), ("unreachable", totals.unreachable),
                                      ("skipped", totals.skipped), ("not reached", totals.notReached)]
        for (name, value) in cards { out += "<div class=\"card\"><b>\(value)</b><span>\(name)</span></div>\n" }
        return out + "</div>\n"
    }

    private static func recap(_ ledger: RunLedger) -> String {
        var out = "<h2>Recap</h2>\n<table class=\"recap\">\n<thead><tr><th>host</th><th>ok</th><th>changed</th>"
        out += "<th>skipped</th><th>failed</th><th>ignored</th><th>unreachable</th><th>not reached</th><th>time</th>"
        out += "</tr></thead>\n<tbody>\n"
        for row in ledger.tallies() {
            out += "<tr data-host=\"\(h(row.host))\"><td>\(h(row.host))</td><td>\(row.ok)</td>"
            out += cell(row.changed, "changed") + "<td>\(row.skipped)</td>" + cell(row.failed, "failed")
            out += "<td>\(row.ignored)</td>" + cell(row.unreachable, "unreachable")
            out += "<td>\(row.notReached)</td><td>\(h(ReportTime.human(row.seconds)))</td></tr>\n"
        }
        return out + "</tbody>\n</table>\n"
    }

    private static func cell(_ value: Int, _ kind: String) -> String {
        value > 0 ? "<td class=\"nz-\(kind)\">\(value)</td>" : "<td>\(value)</td>"
    }

    private static func gates(_ ledger: RunLedger) -> String {
        guard !ledger.gates.isEmpty || ledger.wasInterrupted else { return "" }
        var out = "<h2>Run control</h2>\n<ul class=\"gates\">\n"
        for gate in ledger.gates { out += "<li>\(h(gate.summary))</li>\n" }
        for interrupt in ledger.interrupts {
            out += "<li>interrupted (\(interrupt.kind.rawValue)) at \(h(ReportTime.iso8601(interrupt.at)))</li>\n"
        }
        return out + "</ul>\n"
    }

    private static func failures(_ ledger: RunLedger) -> String {
        var out = ""
        for (host, record) in ledger.hosts.sorted(by: { $0.key < $1.key }) {
            guard let unreachable = record.unreachable else { continue }
            out += "<div class=\"failure unreachable\"><b>\(h(host))</b>"
            out += " (\(h(unreachable.address)):\(unreachable.port)):"
            out += " unreachable: \(h(unreachable.cause))</div>\n"
        }
        // Real failures first; those `ignore_errors` let pass after them, labelled, so a reader sees
        // at once what stopped hosts.
        var ignored = ""
        for play in ledger.plan {
            for host in play.hosts {
                for step in play.steps {
                    let outcome = ledger.outcome(host: host, step: step)
                    guard outcome.status.isFailure else { continue }
                    let entry = failure(host, step, outcome, plays: ledger.plan.count)
                    if outcome.ignored { ignored += entry } else { out += entry }
                }
            }
        }
        var sections = out.isEmpty ? "" : "<h2>Failures</h2>\n" + out
        if !ignored.isEmpty { sections += "<h2>Ignored failures <small>(ignore_errors)</small></h2>\n" + ignored }
        return sections
    }

    private static func failure(_ host: String, _ step: StepRef, _ outcome: StepOutcome, plays: Int) -> String {
        var out = "<div class=\"failure\(outcome.ignored ? " ignored" : "")\">"
        if outcome.ignored { out += "<span class=\"tag\">ignored</span> " }
        out += "<b>\(h(host))</b> · " + h(RecapText.stepLabel(step, plays: plays))
        out += " · \(h(ConsoleStyle.word(outcome.status)))"
        if let code = outcome.exitCode { out += " · exit \(code)" }
        if let location = step.location { out += " · <code>\(h(location.description))</code>" }
        if let message = outcome.message { out += "<div>\(h(message))</div>" }
        let tail = outcome.stderrTail.isEmpty ? outcome.stdoutTail : outcome.stderrTail
        if !tail.isEmpty { out += "<pre>\(h(TextEscaping.lossy(tail)))</pre>" }
        return out + "</div>\n"
    }
}
