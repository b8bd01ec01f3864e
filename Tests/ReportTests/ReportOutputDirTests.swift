import Foundation
@testable import Report
import Testing
@testable import TestSupport

@Suite struct ReportOutputDirTests {
    static func written(_ events: [RunEvent]) async throws -> String {
        let directory = try ReportFixtures.temporaryDirectory() + "/out"
        try await ReportFixtures.replay(events, into: OutputDirReporter(directory: directory,
                                                                         masking: ReportFixtures.masking))
        return directory
    }

    static func json(_ path: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func layoutHasOutputForStepsThatRanAndARecordForEveryHostAndStep() async throws {
        let directory = try await Self.written(ReportFixtures.deployRun())
        let hostile = "web&<03>\"'_|*_"
        var expected: [String] = []
        for host in ["web01", "web02", hostile, "db01"] {
            for stem in ["01-check", "02-migrate", "03-restart", "h01-reload"] {
                expected.append("\(host)/01-deploy/\(stem).json")
            }
        }
        for host in ["web01", "web02", hostile] { expected.append("\(host)/02-verify/01-health.json") }
        for stream in ["stdout", "stderr"] {
            for host in ["web01", "web02", hostile] { expected.append("\(host)/01-deploy/01-check.\(stream)") }
            expected += ["web01/01-deploy/02-migrate.\(stream)", "web02/01-deploy/02-migrate.\(stream)",
                         "web01/01-deploy/03-restart.\(stream)", "\(hostile)/01-deploy/03-restart.\(stream)",
                         "web01/01-deploy/h01-reload.\(stream)", "web01/02-verify/01-health.\(stream)"]
        }
        #expect(FileTree.files(under: directory) == expected.sorted())
    }

    @Test func outputIsByteForByteWithSecretsMasked() async throws {
        let directory = try await Self.written(ReportFixtures.deployRun())
        let migrate = try Data(contentsOf: URL(fileURLWithPath: directory + "/web01/01-deploy/02-migrate.stdout"))
        #expect(Array(migrate) == Array("applying 0042\nusing pass=******** ok\n".utf8))
        let failed = try Data(contentsOf: URL(fileURLWithPath: directory + "/web02/01-deploy/02-migrate.stderr"))
        #expect(Array(failed) == Array("migration 0042 failed\nERROR: password ******** rejected \u{1B}[31m".utf8)
            + [0xFF, 0xFE, 0x0A])
        let empty = try Data(contentsOf: URL(fileURLWithPath: directory + "/web01/01-deploy/03-restart.stdout"))
        #expect(empty.isEmpty)
        let interrupted = try String(contentsOfFile: directory + "/web01/02-verify/01-health.stdout", encoding: .utf8)
        #expect(interrupted == "checking\nhealthy\n")
    }

    @Test func recordsSayWhyAStepDidNotRun() async throws {
        let directory = try await Self.written(ReportFixtures.deployRun())
        let skipped = try Self.json(directory + "/web&<03>\"'_|*_/01-deploy/02-migrate.json")
        #expect(skipped["format"] as? Int == 1)
        #expect(skipped["status"] as? String == "skipped")
        #expect(skipped["message"] as? String == "creates: /opt/app/.migrated exists")
        let notReached = try Self.json(directory + "/web02/01-deploy/03-restart.json")
        #expect(notReached["status"] as? String == "not_reached")
        let unreachable = try Self.json(directory + "/db01/01-deploy/01-check.json")
        #expect(unreachable["status"] as? String == "not_reached")
        #expect(unreachable["message"] as? String
            == "host unreachable: connection refused (password ******** not tried)")
        let handler = try Self.json(directory + "/web02/01-deploy/h01-reload.json")
        #expect(handler["status"] as? String == "skipped")
        #expect(handler["message"] as? String == "handler not notified")
        let failed = try Self.json(directory + "/web02/01-deploy/02-migrate.json")
        #expect(failed["exit_code"] as? Int == 3)
        #expect(failed["attempts"] as? Int == 2)
        #expect(failed["duration"] as? Double == 1.5)
        #expect((failed["step"] as? [String: Any])?["line"] as? Int == 10)
    }

    @Test func aForcedStopCommitsPartialOutputAndLeavesNoTemporaryFiles() async throws {
        let directory = try await Self.written(ReportFixtures.forcedRun())
        #expect(FileTree.files(under: directory) == ["h1/01-long.json", "h1/01-long.stdout", "h1/02-after.json"])
        #expect(try String(contentsOfFile: directory + "/h1/01-long.stdout", encoding: .utf8) == "part one\npart tw")
        let record = try Self.json(directory + "/h1/01-long.json")
        #expect(record["status"] as? String == "not_reached")
        #expect(record["message"] as? String == "started but never finished (run stopped)")
    }

    @Test func aRetryKeepsOnlyTheLastAttemptsOutput() async throws {
        let play = PlayRef(position: 1, name: "p")
        let step = StepRef(play: play, position: 7, id: "flaky")
        let directory = try await Self.written([
            .runStarted(ReportFixtures.provenance, plan: [PlayPlan(play: play, hosts: ["h"], steps: [step])]),
            .stepStarted(host: "h", step: step, at: ReportFixtures.at(0)),
            .output(host: "h", step: step, stream: .stdout, bytes: Array("attempt 1\n".utf8)),
            .stepStarted(host: "h", step: step, at: ReportFixtures.at(1)),
            .output(host: "h", step: step, stream: .stdout, bytes: Array("attempt 2\n".utf8)),
            .stepFinished(host: "h", step: step, outcome: StepOutcome(status: .changed, exitCode: 0, attempts: 2)),
            .runFinished(exitCode: 0, at: ReportFixtures.at(2)),
        ])
        #expect(try String(contentsOfFile: directory + "/h/07-flaky.stdout", encoding: .utf8) == "attempt 2\n")
        #expect(FileTree.files(under: directory) == ["h/07-flaky.json", "h/07-flaky.stderr", "h/07-flaky.stdout"])
    }

    @Test func filesAppearOnlyWhenComplete() async throws {
        let directory = try ReportFixtures.temporaryDirectory() + "/out"
        let reporter = OutputDirReporter(directory: directory, masking: .none)
        let events = ReportFixtures.deployRun()
        let firstOutput = try #require(events.firstIndex { if case .output = $0 { true } else { false } })
        for event in events[...firstOutput] { await reporter.handle(event) }
        // Written so far under a temporary name only.
        let visible = FileTree.files(under: directory)
            .filter { $0.split(separator: "/").last?.hasPrefix(".") != true }
        #expect(!visible.contains("web01/01-deploy/01-check.stdout"))
        for event in events[(firstOutput + 1)...] { await reporter.handle(event) }
        try await reporter.finish()
        #expect(FileTree.files(under: directory).allSatisfy { !$0.contains("/.") })
    }

    @Test func hostNamesNeverEscapeTheDirectory() {
        #expect(OutputDirReporter.safeComponent("../../etc") == ".._.._etc")
        #expect(OutputDirReporter.safeComponent("..") == "_..")
        #expect(OutputDirReporter.safeComponent("") == "_")
    }
}
