/// The end-of-run recap, like Ansible's: one row per host (failed first) with ok / changed / skipped /
/// failed / ignored / unreachable counts and its time; then the slowest hosts and steps, the gate
/// decisions and whether the run was interrupted.
public enum RecapText {
    /// How many slowest hosts and steps the recap lists.
    public static let slowestCount = 5

    /// The recap as lines (each ending in a newline).
    public static func render(_ ledger: RunLedger, style: ConsoleStyle) -> String {
        let rows = ledger.tallies()
        var out = "\n" + style.bold("RECAP") + "\n"
        let nameWidth = min(40, rows.map { TextEscaping.display($0.host).count }.max() ?? 4)
        // Each count takes its name's width plus five, so columns line up for counts below 10,000.
        for row in rows {
            let name = pad(TextEscaping.display(row.host), nameWidth)
            let status: StepStatus = row.failed > 0 ? .failed : row.unreachable > 0 ? .unreachable
                : row.changed > 0 ? .changed : .ok
            var line = style.paint(name, status) + " : "
            line += count("ok", row.ok, .ok, style) + count("changed", row.changed, .changed, style)
            line += count("skipped", row.skipped, .skipped, style) + count("failed", row.failed, .failed, style)
            line += count("ignored", row.ignored, .ok, style)
            line += count("unreachable", row.unreachable, .unreachable, style)
            if row.notReached > 0 { line += count("not_reached", row.notReached, .notReached, style) }
            line += "time=" + ReportTime.human(row.seconds)
            out += line + "\n"
        }
        let hosts = ledger.slowestHosts(slowestCount)
        if !hosts.isEmpty {
            out += "\n" + style.bold("SLOWEST HOSTS") + "\n"
            for row in hosts {
                out += "  " + pad(ReportTime.human(row.seconds), 8) + TextEscaping.display(row.host) + "\n"
            }
        }
        let steps = ledger.slowestSteps(slowestCount)
        if !steps.isEmpty {
            out += "\n" + style.bold("SLOWEST STEPS") + "\n"
            for slow in steps {
                out += "  " + pad(ReportTime.human(slow.seconds), 8) + stepLabel(slow.step, plays: ledger.plan.count)
                    + " (" + TextEscaping.display(slow.host) + ")\n"
            }
        }
        for gate in ledger.gates where gate.stopped {
            out += "\n" + style.paint("STOPPED: " + TextEscaping.display(gate.summary), .failed) + "\n"
        }
        if let interrupt = ledger.interrupts.last {
            out += "\n" + style.paint("INTERRUPTED (\(interrupt.kind.rawValue))", .failed) + "\n"
        }
        return out
    }

    /// `NN-ID name` or, with several plays, `PLAY / NN-ID name` (the name only when it differs).
    public static func stepLabel(_ step: StepRef, plays: Int) -> String {
        var label = step.fileStem
        if step.name != step.id { label += " " + step.name }
        if plays > 1 { label = step.play.name + " / " + label }
        return TextEscaping.display(label)
    }

    private static func count(_ name: String, _ value: Int, _ status: StepStatus, _ style: ConsoleStyle) -> String {
        let text = pad("\(name)=\(value)", name.count + 5)
        return value > 0 ? style.paint(text, status) : text
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}
