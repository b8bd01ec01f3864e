import Foundation
@testable import Report
import Testing

@Suite struct HTMLReporterTests {
    static func document(_ events: [RunEvent]) async throws -> String {
        let path = try ReportFixtures.temporaryDirectory() + "/report.html"
        try await ReportFixtures.replay(events, into: HTMLReporter(path: path, masking: ReportFixtures.masking))
        return try String(contentsOfFile: path, encoding: .utf8)
    }

    static func count(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

    @Test func isOneSelfContainedFile() async throws {
        let html = try await Self.document(ReportFixtures.deployRun())
        // scripts/screenshot-report sets this to render the document it checks.
        if let sample = ProcessInfo.processInfo.environment["PBRUN_REPORT_SAMPLE"] {
            try html.write(toFile: sample, atomically: true, encoding: .utf8)
        }
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        #expect(html.hasSuffix("</body>\n</html>\n"))
        for external in ["<script", "<link", "<img", "src=", "href=", "url(", "@import"] {
            #expect(!html.contains(external), "found \(external)")
        }
        #expect(Self.count("<div", in: html) == Self.count("</div>", in: html))
        #expect(Self.count("<section", in: html) == Self.count("</section>", in: html))
        #expect(Self.count("<tr", in: html) == Self.count("</tr>", in: html))
    }

    @Test func timelineHasARowPerHostAndABarPerStepThatRan() async throws {
        let html = try await Self.document(ReportFixtures.deployRun())
        #expect(Self.count("<section class=\"timeline\"", in: html) == 2)
        // deploy: 4 host rows; verify: 3.
        #expect(Self.count("<div class=\"row\" data-host=", in: html) == 7)
        // Bars: web01 4 + health, web02 2, hostile 3; three connection bars; db01's unreachable bar.
        #expect(Self.count("<div class=\"bar ", in: html) == 10 + 3 + 1)
        #expect(html.contains(
            "<div class=\"bar unreachable\" data-status=\"unreachable\" style=\"left:0.000%;width:2.000%\">"))
        #expect(Self.count("class=\"bar connect\"", in: html) == 3)
        #expect(html.contains("<div class=\"bar failed\" data-step=\"02-migrate\" data-status=\"failed\""
            + " style=\"left:5.000%;width:15.000%\">"))
        #expect(html.contains("<div class=\"bar timed_out\" data-step=\"03-restart\" data-status=\"timed_out\""
            + " style=\"left:35.000%;width:50.000%\">"))
        // Hover details for the failed step.
        let tip = ["web02", "deploy / 02-migrate run migrations", "failed", "exit code 3", "1.500s", "2 attempts",
                   "started 2026-11-26T10:00:00.500Z", "exit code 3 not in ok_exit [0]", "playbooks/deploy.yml:10:7"]
        #expect(html.contains("<div class=\"tip\">" + tip.joined(separator: "&#10;") + "</div>"))
    }

    @Test func recapRowsComeFailedFirst() async throws {
        let html = try await Self.document(ReportFixtures.deployRun())
        let rows = html.components(separatedBy: "<tr data-host=\"").dropFirst().map { $0.prefix { $0 != "\"" } }
        #expect(rows == ["web&amp;&lt;03&gt;&quot;&#39;/|*_", "web02", "db01", "web01"])
        #expect(html.contains("<span class=\"badge bad\">interrupted</span>"))
    }

    @Test func hostileTextIsEscapedEverywhere() async throws {
        let html = try await Self.document(ReportFixtures.deployRun())
        #expect(!html.contains("<script>alert(1)</script>"))
        #expect(html.contains("&lt;/pre&gt;&lt;script&gt;alert(1)&lt;/script&gt;]]&gt;"))
        #expect(!html.contains("web&<03>"))
        #expect(!html.contains("\u{1B}"))
        #expect(!html.contains(ReportFixtures.secret))
    }

    @Test func realFailuresComeFirstAndIgnoredOnesAreLabelled() async throws {
        let html = try await Self.document(ReportFixtures.ignoredRun())
        let real = try #require(html.range(of: "<div class=\"failure\"><b>b2</b>"))
        let ignored = try #require(html.range(
            of: "<div class=\"failure ignored\"><span class=\"tag\">ignored</span> <b>a1</b>"))
        #expect(real.lowerBound < ignored.lowerBound)
        #expect(html.contains("<h2>Ignored failures"))
    }

    @Test func forcedRunStillRendersWithAnOpenBar() async throws {
        let html = try await Self.document(ReportFixtures.forcedRun())
        // The cut-off step is drawn up to the last thing the run saw.
        #expect(html.contains("<div class=\"bar not_reached\" data-step=\"01-long\""))
        #expect(html.contains("interrupted (forced)"))
    }

    @Test func timelineBarsAreLabelledWithTheirStep() async throws {
        let html = try await Self.document(ReportFixtures.deployRun())
        #expect(html.contains("<div class=\"bar failed\" data-step=\"02-migrate\" data-status=\"failed\""
            + " style=\"left:5.000%;width:15.000%\"><span class=\"name\">02-migrate</span><div class=\"tip\">"))
        #expect(Self.count("<span class=\"name\">", in: html) == 10)
    }

    @Test func batchesAreSeparatedAndHostsAGateStoppedAreMarked() async throws {
        let html = try await Self.document(ReportFixtures.gateRun())
        let timeline = try #require(html.components(separatedBy: "<section class=\"timeline\"").last)
        // Batch headings in order, each above its hosts; batch 3 never started.
        let order = timeline.components(separatedBy: "<div class=\"").dropFirst().compactMap { part -> String? in
            if part.hasPrefix("batch\">") { return String(part.dropFirst(7).prefix { $0 != "<" }) }
            if part.hasPrefix("row\" data-host=\"") { return String(part.dropFirst(16).prefix { $0 != "\"" }) }
            return nil
        }
        #expect(order == ["batch 1 of 3", "h1", "h2", "batch 2 of 3", "h3", "h4", "not started", "h5", "h6"])
        // h4 (its second step), h5 and h6 were stopped by the gate; h3 failed on its own.
        let stopped = timeline.components(separatedBy: "data-stopped=\"max_fail_percentage\"").count - 1
        #expect(stopped == 3)
        for host in ["h4", "h5", "h6"] {
            #expect(timeline.contains("<div class=\"row\" data-host=\"\(host)\" data-stopped=\"max_fail_percentage\">"))
        }
        #expect(timeline.contains("<div class=\"row\" data-host=\"h3\"><"))
        #expect(Self.count("<span class=\"tag stopped\"", in: timeline) == 3)
    }

    /// Ticks fall on round intervals (1, 2, 5 × 10ⁿ seconds, then whole minutes), not on quarters.
    @Test func axisTicksAreEvenRoundIntervals() async throws {
        func ticks(_ html: String) -> [String] {
            let axis = html.components(separatedBy: "<div class=\"axis\">")[1].components(separatedBy: "</div>")[0]
            return axis.components(separatedBy: "<span style=\"left:").dropFirst().map {
                $0.replacingOccurrences(of: "\">", with: " ").replacingOccurrences(of: "</span>", with: "")
            }
        }
        let deploy = try await Self.document(ReportFixtures.deployRun())  // 10 s
        #expect(ticks(deploy) == ["0.000% 0s", "20.000% 2s", "40.000% 4s", "60.000% 6s", "80.000% 8s", "100.000% 10s"])
        let gate = try await Self.document(ReportFixtures.gateRun())  // 3.4 s
        #expect(ticks(gate) == ["0.000% 0s", "14.706% 0.5s", "29.412% 1s", "44.118% 1.5s", "58.824% 2s",
                                "73.529% 2.5s", "88.235% 3s"])
        #expect(HTMLReport.tickInterval(span: 3600) == 600)
        #expect(HTMLReport.tickInterval(span: 100) == 15)
        #expect(HTMLReport.tickInterval(span: 0.05) == 0.01)
    }

    @Test func successfulStepsOutputOpensFromASummary() async throws {
        let html = try await Self.document(ReportFixtures.deployRun())
        let section = try #require(html.components(separatedBy: "<h2>Step output</h2>").last)
        #expect(section.contains("<details><summary><b>web01</b> · deploy / 01-check check disk · ok · 0.3s</summary>"
            + "<pre>/dev/sda1 41% used&#10;</pre></details>"))
        #expect(section.contains("<b>web01</b> · deploy / 02-migrate run migrations · changed · 3.0s</summary>"
            + "<pre>applying 0042&#10;using pass=******** ok&#10;</pre></details>"))
        // Failures show their tails above; steps that printed nothing have nothing to open.
        #expect(!section.contains("<b>web02</b> · deploy / 02-migrate"))
        #expect(!section.contains("03-restart"))
        #expect(Self.count("<details>", in: section) == 5)
    }
}
