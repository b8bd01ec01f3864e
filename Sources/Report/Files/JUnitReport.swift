import Foundation
import Playbook

/// `--report junit=PATH`: JUnit XML as CI systems render it (the common Jenkins/Ant `junit-10.xsd`
/// shape): one `testsuite` per play, one `testcase` per host × step (`classname` = host, `name` =
/// step), failed and timed-out steps as `failure`, a step cut off by a broken session as `error`, an
/// unreachable host as one `error` testcase named `connect`, skipped and not-reached steps as
/// `skipped`, durations in seconds. `JUnitReporter` writes it when the run ends.
public enum JUnitReport: LedgerDocument {
    private struct Case {
        var xml: String
        var failure = false
        var error = false
        var skipped = false
        var seconds: Double = 0
        var started: Date?
        var ended: Date?
    }

    /// The XML document for a ledger.
    public static func document(_ ledger: RunLedger) -> String {
        var suites = ""
        var totals = (tests: 0, failures: 0, errors: 0, seconds: 0.0)
        var connectReported = Set<String>()
        for (index, play) in ledger.plan.enumerated() {
            var cases: [Case] = []
            for host in play.hosts {
                if let unreachable = ledger.hosts[host]?.unreachable, connectReported.insert(host).inserted {
                    let message = "unreachable: \(unreachable.address):\(unreachable.port): \(unreachable.cause)"
                    cases.append(Case(xml: "    <testcase name=\"connect\" classname=\"\(attr(host))\" time=\"0\">\n"
                        + "      <error message=\"\(attr(message))\" type=\"unreachable\">"
                        + TextEscaping.xmlContent(message) + "</error>\n    </testcase>\n", error: true))
                }
                for step in play.steps {
                    cases.append(testcase(host: host, step: step, outcome: ledger.outcome(host: host, step: step)))
                }
            }
            let failures = cases.filter(\.failure).count
            let errors = cases.filter(\.error).count
            let skipped = cases.filter(\.skipped).count
            let suiteSeconds = wallClock(cases)
            totals = (totals.tests + cases.count, totals.failures + failures, totals.errors + errors,
                      totals.seconds + suiteSeconds)
            var suite = "  <testsuite name=\"\(attr(play.play.name))\" tests=\"\(cases.count)\""
            suite += " failures=\"\(failures)\""
            suite += " errors=\"\(errors)\" skipped=\"\(skipped)\" time=\"\(seconds(suiteSeconds))\" id=\"\(index)\""
            suite += " package=\"\(attr(ledger.provenance?.playbookPath ?? "pbrun"))\""
            if let start = ledger.startedAt { suite += " timestamp=\"\(timestamp(start))\"" }
            suite += ">\n" + properties(ledger)
            suite += cases.map(\.xml).joined() + "  </testsuite>\n"
            suites += suite
        }
        var root = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        root += "<testsuites name=\"\(attr("pbrun " + (ledger.provenance?.playbookPath ?? "")))\""
        root += " tests=\"\(totals.tests)\" failures=\"\(totals.failures)\" errors=\"\(totals.errors)\""
        root += " time=\"\(seconds(ledger.duration ?? totals.seconds))\">\n"
        return root + suites + "</testsuites>\n"
    }

    private static func testcase(host: String, step: StepRef, outcome: StepOutcome) -> Case {
        let duration = outcome.duration ?? 0
        var xml = "    <testcase name=\"\(attr(RecapText.stepLabel(step, plays: 1)))\" classname=\"\(attr(host))\""
        xml += " time=\"\(seconds(duration))\">\n"
        var result = Case(xml: "", seconds: duration, started: outcome.startedAt, ended: outcome.endedAt)
        let location = step.location.map { " at \($0)" } ?? ""
        let stdout = TextEscaping.lossy(outcome.stdoutTail)
        let stderr = TextEscaping.lossy(outcome.stderrTail)
        switch outcome.status {
        case .failed where !outcome.ignored, .timedOut where !outcome.ignored:
            var message = outcome.status == .failed ? "failed" : "timed out"
            if let code = outcome.exitCode { message += ": exit code \(code)" }
            if let signal = outcome.signal { message += ", signal \(signal)" }
            if let text = outcome.message { message += ": " + text }
            message += location
            xml += "      <failure message=\"\(attr(message))\" type=\"\(outcome.status.rawValue)\">"
                + TextEscaping.xmlContent(message + "\n" + (stderr.isEmpty ? stdout : stderr)) + "</failure>\n"
            result.failure = true
        case .unreachable:
            let message = "unreachable" + (outcome.message.map { ": " + $0 } ?? "") + location
            xml += "      <error message=\"\(attr(message))\" type=\"unreachable\">" + TextEscaping.xmlContent(message)
                + "</error>\n"
            result.error = true
        case .skipped, .notReached:
            let message = (outcome.status == .skipped ? "skipped" : "not reached")
                + (outcome.message.map { ": " + $0 } ?? "")
            xml += "      <skipped message=\"\(attr(message))\"/>\n"
            result.skipped = true
        case .ok, .changed, .failed, .timedOut:
            break
        }
        if !stdout.isEmpty { xml += "      <system-out>" + TextEscaping.xmlContent(stdout) + "</system-out>\n" }
        if !stderr.isEmpty { xml += "      <system-err>" + TextEscaping.xmlContent(stderr) + "</system-err>\n" }
        result.xml = xml + "    </testcase>\n"
        return result
    }

    /// A suite's time: from its first case's start to its last case's end. Hosts run side by side, so
    /// the sum of the cases' times would exceed the run's own duration.
    private static func wallClock(_ cases: [Case]) -> Double {
        let starts = cases.compactMap(\.started)
        let ends = cases.compactMap(\.ended)
        guard let first = starts.min(), let last = ends.max() else { return 0 }
        return max(0, last.timeIntervalSince(first))
    }

    private static func properties(_ ledger: RunLedger) -> String {
        guard let provenance = ledger.provenance else { return "" }
        var pairs = [("pbrun.version", provenance.pbrunVersion), ("pbrun.run_id", provenance.runID),
                     ("playbook.sha256", provenance.playbookSHA256)]
        if let commit = provenance.gitCommit {
            pairs.append(("git.commit", commit + (provenance.gitDirty == true ? "+dirty" : "")))
        }
        if let exitCode = ledger.exitCode { pairs.append(("pbrun.exit_code", "\(exitCode)")) }
        if let interrupt = ledger.interrupts.last { pairs.append(("pbrun.interrupted", interrupt.kind.rawValue)) }
        return "    <properties>\n"
            + pairs.map { "      <property name=\"\(attr($0.0))\" value=\"\(attr($0.1))\"/>\n" }.joined()
            + "    </properties>\n"
    }

    private static func attr(_ text: String) -> String { TextEscaping.xml(text) }

    /// Seconds with millisecond precision, as `xs:decimal`.
    static func seconds(_ value: Double) -> String { SecondsText.format(max(0, value), .fixed(decimals: 3, unit: "")) }

    /// `YYYY-MM-DDThh:mm:ss` in UTC, the pattern junit-10.xsd asks for (no zone suffix).
    static func timestamp(_ date: Date) -> String { String(ReportTime.iso8601(date).prefix(19)) }
}
