import Foundation
import Testing
@testable import Runner

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
}
