import Foundation
@testable import Report
import Testing
@testable import TestSupport

@Suite struct JUnitReporterTests {
    static func document(_ events: [RunEvent]) async throws -> String {
        let path = try ReportFixtures.temporaryDirectory() + "/junit.xml"
        try await ReportFixtures.replay(events, into: JUnitReporter(path: path, masking: ReportFixtures.masking))
        return try String(contentsOfFile: path, encoding: .utf8)
    }

    static func tree(_ text: String) throws -> XMLElementNode {
        try XMLTreeBuilder.parse(text).get()
    }

    @Test func deployRunIsValidJUnit() async throws {
        let text = try await Self.document(ReportFixtures.deployRun())
        #expect(JUnitSchema.validate(text) == [])
    }

    @Test func forcedRunIsValidJUnit() async throws {
        #expect(JUnitSchema.validate(try await Self.document(ReportFixtures.forcedRun())) == [])
    }

    @Test func theValidatorRejectsWhatTheSchemaForbids() {
        func document(suite: String = #"name="p" tests="1""#, _ body: String) -> String {
            "<testsuites><testsuite \(suite)>\(body)</testsuite></testsuites>"
        }
        #expect(JUnitSchema.validate(document(#"<testcase name="s" classname="h" time="1.5"/>"#)) == [])
        #expect(JUnitSchema.validate(document(suite: #"name="p" tests="2""#, #"<testcase name="s"/>"#))
            == [XMLCheckError("suite tests=2 but 1 cases")])
        #expect(JUnitSchema.validate(document(suite: #"tests="1""#, #"<testcase name="s"/>"#))
            == [XMLCheckError("<testsuite> lacks attribute 'name'")])
        #expect(JUnitSchema.validate(document(#"<testcase name="s" file="x"/>"#))
            == [XMLCheckError("<testcase> has attribute 'file'")])
        #expect(JUnitSchema.validate(document(#"<testcase name="s" time="1s"/>"#)) == [XMLCheckError("time=1s")])
        #expect(JUnitSchema.validate(document(suite: #"name="p" tests="1" timestamp="2026-11-26T10:00:00Z""#,
                                              #"<testcase name="s"/>"#))
            == [XMLCheckError("timestamp=2026-11-26T10:00:00Z")])
        #expect(JUnitSchema.validate(document(#"<testcase name="s"/><properties/>"#))
            == [XMLCheckError("<properties> out of order in <testsuite>")])
        #expect(!JUnitSchema.validate(document(suite: #"name="a<b" tests="0""#, "")).isEmpty)
    }

    @Test func suitesCasesAndOutcomesMapAsCISystemsExpect() async throws {
        let root = try Self.tree(try await Self.document(ReportFixtures.deployRun()))
        let suites = root.all("testsuite")
        #expect(suites.map { $0.attributes["name"] } == ["deploy", "verify"])
        let deploy = try #require(suites.first)
        // 4 hosts × 4 steps plus one `connect` error case for the unreachable host.
        #expect(deploy.attributes["tests"] == "17")
        #expect(deploy.attributes["failures"] == "2")
        #expect(deploy.attributes["errors"] == "1")
        #expect(deploy.attributes["skipped"] == "8")
        #expect(deploy.attributes["timestamp"] == "2026-11-26T10:00:00")
        func testcase(_ host: String, _ name: String) -> XMLElementNode? {
            deploy.all("testcase").first { $0.attributes["classname"] == host && $0.attributes["name"] == name }
        }
        let failed = try #require(testcase("web02", "02-migrate run migrations"))
        #expect(failed.attributes["time"] == "1.500")
        let failure = try #require(failed.all("failure").first)
        #expect(failure.attributes["type"] == "failed")
        #expect(failure.attributes["message"]
            == "failed: exit code 3: exit code 3 not in ok_exit [0] at playbooks/deploy.yml:10:7")
        #expect(failure.text.contains("ERROR: password ******** rejected \\x1B[31m\u{FFFD}\u{FFFD}"))
        let timedOut = try #require(testcase(ReportFixtures.hostile, "03-restart"))
        #expect(timedOut.all("failure").first?.attributes["type"] == "timed_out")
        #expect(timedOut.all("system-out").first?.text == "</pre><script>alert(1)</script>]]>\n")
        let connect = try #require(testcase("db01", "connect"))
        #expect(connect.all("error").first?.attributes["type"] == "unreachable")
        #expect(connect.all("error").first?.attributes["message"]
            == "unreachable: 10.0.0.9:22: connection refused (password ******** not tried)")
        let notReached = try #require(testcase("db01", "01-check check disk"))
        #expect(notReached.all("skipped").first?.attributes["message"]
            == "not reached: host unreachable: connection refused (password ******** not tried)")
        let skipped = try #require(testcase(ReportFixtures.hostile, "02-migrate run migrations"))
        #expect(skipped.all("skipped").first?.attributes["message"] == "skipped: creates: /opt/app/.migrated exists")
        let ok = try #require(testcase("web01", "02-migrate run migrations"))
        #expect(ok.children.map(\.name) == ["system-out"])
        #expect(ok.all("system-out").first?.text == "applying 0042\nusing pass=******** ok\n")
        let properties = deploy.all("properties").first?.children.map { $0.attributes["name"] ?? "" } ?? []
        #expect(properties == ["pbrun.version", "pbrun.run_id", "playbook.sha256", "git.commit", "pbrun.exit_code",
                               "pbrun.interrupted"])
    }

    /// Hosts run side by side: a suite's time is its wall-clock span, never more than the run took.
    @Test func suiteTimeIsWallClockNotTheSumOfCases() async throws {
        let root = try Self.tree(try await Self.document(ReportFixtures.deployRun()))
        #expect(root.attributes["time"] == "10.000")
        let times = root.all("testsuite").map { Double($0.attributes["time"] ?? "") ?? -1 }
        // deploy: first step at 0.2 s, last end at 8.5 s; verify: 8.6 s to 9.4 s.
        #expect(times == [8.3, 0.8])
        for time in times { #expect(time <= 10) }
    }

    /// A case the gate stopped says which rule, which batch and what share of it failed.
    @Test func notReachedCasesNameTheGateThatStoppedThem() async throws {
        let root = try Self.tree(try await Self.document(ReportFixtures.gateRun()))
        func skipped(_ host: String, _ step: String) -> String? {
            root.all("testsuite").first?.all("testcase")
                .first { $0.attributes["classname"] == host && $0.attributes["name"] == step }?.all("skipped").first?.attributes["message"]
        }
        let reason = "not reached: max_fail_percentage 20% exceeded in batch 2 (1 of 2 hosts failed)"
        #expect(skipped("h4", "02-start-app") == reason)
        #expect(skipped("h5", "01-stop-app") == reason)
        #expect(skipped("h6", "02-start-app") == reason)
        // h3 failed itself: the gate did not stop it.
        #expect(skipped("h3", "02-start-app") == "not reached")
    }

    @Test func escapingSurvivesHostileText() throws {
        let hostile = "a&b<c>\"d\"'e'\u{1B}[0m\u{0}]]>\u{FFFE}"
        #expect(TextEscaping.xml(hostile) == "a&amp;b&lt;c&gt;&quot;d&quot;&apos;e&apos;\\x1B[0m\\x00]]&gt;\u{FFFD}")
        let document = "<x a=\"\(TextEscaping.xml(hostile))\">\(TextEscaping.xmlContent(hostile + "\nline"))</x>"
        let root = try XMLTreeBuilder.parse(document).get()
        #expect(root.attributes["a"] == "a&b<c>\"d\"'e'\\x1B[0m\\x00]]>\u{FFFD}")
    }
}
