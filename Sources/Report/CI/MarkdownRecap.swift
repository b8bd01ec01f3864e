/// The run recap as GitHub-flavoured Markdown, for `$GITHUB_STEP_SUMMARY`: a verdict line, one table
/// row per host (failed first), the failures with their playbook lines, gate decisions and interrupts.
/// Host text is escaped so it cannot break the table or inject HTML.
public enum MarkdownRecap {
    public static func render(_ ledger: RunLedger) -> String {
        let totals = ledger.totals()
        let verdict = ledger.wasInterrupted ? "🛑 interrupted" : totals.failed > 0 ? "❌ failed"
            : totals.unreachable > 0 ? "⚠️ unreachable hosts" : "✅ ok"
        var out = "### pbrun: \(cell(ledger.provenance?.playbookPath ?? "run")) — \(verdict)\n\n"
        var facts: [String] = ["\(ledger.allHosts.count) hosts"]
        if let duration = ledger.duration { facts.append("took " + ReportTime.human(duration)) }
        if let code = ledger.exitCode { facts.append("exit code \(code)") }
        if let commit = ledger.provenance?.gitCommit { facts.append("git `\(commit.prefix(12))`") }
        out += facts.joined(separator: " · ") + "\n\n"
        out += "| host | ok | changed | skipped | failed | ignored | unreachable | not reached | time |\n"
        out += "|---|--:|--:|--:|--:|--:|--:|--:|--:|\n"
        for row in ledger.tallies() {
            out += "| \(cell(row.host)) | \(row.ok) | \(row.changed) | \(row.skipped) | \(bold(row.failed)) | "
            out += "\(row.ignored) | \(bold(row.unreachable)) | \(row.notReached) | "
            out += ReportTime.human(row.seconds) + " |\n"
        }
        var problems: [String] = []
        // Failures `ignore_errors` let pass come after everything that counts, labelled as such.
        var ignored: [String] = []
        for play in ledger.plan {
            for host in play.hosts {
                for step in play.steps {
                    let outcome = ledger.outcome(host: host, step: step)
                    guard outcome.status.isFailure else { continue }
                    // An unreachable host is listed once, below, not again for the step it could not run.
                    if outcome.status == .unreachable, ledger.hosts[host]?.unreachable != nil { continue }
                    var line = "- " + (outcome.ignored ? "ignored · " : "")
                        + "**\(cell(host))** · \(cell(RecapText.stepLabel(step, plays: ledger.plan.count)))"
                        + " · \(ConsoleStyle.word(outcome.status).lowercased())"
                    if let code = outcome.exitCode { line += " · exit \(code)" }
                    if let location = step.location { line += " · " + cell(location.description) }
                    if outcome.ignored { ignored.append(line) } else { problems.append(line) }
                }
            }
        }
        for host in ledger.allHosts {
            if let unreachable = ledger.hosts[host]?.unreachable {
                problems.append("- **\(cell(host))** · unreachable: \(cell(unreachable.cause))")
            }
        }
        for gate in ledger.gates where gate.stopped { problems.append("- " + cell(gate.summary)) }
        problems += ignored
        if !problems.isEmpty { out += "\n" + problems.joined(separator: "\n") + "\n" }
        return out + "\n"
    }

    private static func bold(_ value: Int) -> String { value > 0 ? "**\(value)**" : "\(value)" }

    /// Escapes text for a table cell: HTML-escaped, pipes and backticks neutralised, one line.
    static func cell(_ text: String) -> String {
        TextEscaping.html(text).replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "`", with: "'")
            .replacingOccurrences(of: "&#10;", with: " ").replacingOccurrences(of: "&#13;", with: " ")
            .replacingOccurrences(of: "*", with: "\\*").replacingOccurrences(of: "_", with: "\\_")
            .replacingOccurrences(of: "[", with: "\\[")
    }
}
