import Foundation
@testable import Report
import Testing
@testable import TestSupport

@Suite struct ReportJSONTests {
    static func report(_ events: [RunEvent]) async throws -> [String: Any] {
        let path = try ReportFixtures.temporaryDirectory() + "/reports/run.json"
        try await ReportFixtures.replay(events, into: JSONReportReporter(path: path, masking: ReportFixtures.masking))
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return try parse(text)
    }

    static func parse(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// Sorted-keys serialization, so two parsed objects compare by content.
    static func canonical(_ object: Any) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }

    static func results(_ report: [String: Any]) -> [[String: Any]] {
        (report["plays"] as? [[String: Any]] ?? []).flatMap { $0["results"] as? [[String: Any]] ?? [] }
    }

    static func result(_ report: [String: Any], host: String, stem: String, play: Int = 1) -> [String: Any]? {
        results(report).first { result in
            let step = result["step"] as? [String: Any]
            return result["host"] as? String == host && step?["file_stem"] as? String == stem
                && step?["play"] as? Int == play
        }
    }

    @Test func provenanceIsRecordedWithSecretsMasked() async throws {
        let report = try await Self.report(ReportFixtures.deployRun())
        let expected = try Self.parse(#"""
        {"run_id": "6f1c2a9e-0000-4000-8000-000000000001", "pbrun_version": "0.1.0",
         "playbook": {"path": "playbooks/deploy.yml",
                      "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"},
         "git": {"commit": "0123456789abcdef0123456789abcdef01234567", "dirty": true},
         "inventories": [{"path": "inventories/prod.ini",
                          "sha256": "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae"}],
         "extra_vars": {"version": "1.4.2", "db_password": "********"},
         "command_line": ["pbrun", "run", "playbooks/deploy.yml", "-i", "inventories/prod.ini", "-e",
                          "db_password=********"],
         "check_mode": false, "started_at": "2026-11-26T10:00:00.000Z"}
        """#)
        #expect(try Self.canonical(report["provenance"] ?? [:]) == Self.canonical(expected))
        #expect(report["format"] as? Int == 1)
        #expect(report["exit_code"] as? Int == 99)
        #expect(report["interrupted"] as? String == "graceful")
        #expect(report["ended_at"] as? String == "2026-11-26T10:00:10.000Z")
        #expect(report["duration"] as? Double == 10)
    }

    @Test func aFailedStepCarriesEverythingThatExplainsIt() async throws {
        let report = try await Self.report(ReportFixtures.deployRun())
        let expected = try Self.parse(#"""
        {"host": "web02",
         "step": {"play": 1, "position": 2, "id": "migrate", "name": "run migrations", "handler": false,
                  "file_stem": "02-migrate", "file": "playbooks/deploy.yml", "line": 10},
         "status": "failed", "ignored": false, "exit_code": 3, "signal": null, "attempts": 2,
         "started_at": "2026-11-26T10:00:00.500Z", "ended_at": "2026-11-26T10:00:02.000Z", "duration": 1.5,
         "timings": {"channel_open": 0.01, "exec": 1.48, "read": 0.01},
         "stdout_tail": "", "stdout_truncated": false,
         "stderr_tail": "migration 0042 failed\nERROR: password ******** rejected \u001b[31m\ufffd\ufffd\n",
         "stderr_truncated": false, "message": "exit code 3 not in ok_exit [0]"}
        """#)
        let actual = try #require(Self.result(report, host: "web02", stem: "02-migrate"))
        #expect(try Self.canonical(actual) == Self.canonical(expected))
    }

    @Test func everyHostAndStepIsListedWithItsStatus() async throws {
        let report = try await Self.report(ReportFixtures.deployRun())
        let hostile = ReportFixtures.hostile
        let expected: [String: String] = [
            "web01 01-check": "ok", "web01 02-migrate": "changed", "web01 03-restart": "changed",
            "web01 h01-reload": "changed", "web02 01-check": "ok", "web02 02-migrate": "failed",
            "web02 03-restart": "not_reached", "web02 h01-reload": "skipped", "\(hostile) 01-check": "ok",
            "\(hostile) 02-migrate": "skipped", "\(hostile) 03-restart": "timed_out",
            "\(hostile) h01-reload": "skipped",
            "db01 01-check": "not_reached", "db01 02-migrate": "not_reached", "db01 03-restart": "not_reached",
            "db01 h01-reload": "not_reached",
        ]
        var actual: [String: String] = [:]
        let plays = report["plays"] as? [[String: Any]] ?? []
        #expect(plays.count == 2)
        for result in (plays.first?["results"] as? [[String: Any]] ?? []) {
            let stem = (result["step"] as? [String: Any])?["file_stem"] as? String ?? "?"
            actual["\(result["host"] as? String ?? "?") \(stem)"] = result["status"] as? String
        }
        #expect(actual == expected)
        let verify = (plays.last?["results"] as? [[String: Any]] ?? []).map { $0["status"] as? String ?? "?" }
        #expect(verify == ["ok", "not_reached", "not_reached"])
        let db = (report["hosts"] as? [[String: Any]] ?? []).first { $0["name"] as? String == "db01" }
        #expect((db?["unreachable"] as? [String: Any])?["cause"] as? String
            == "connection refused (password ******** not tried)")
        let gates = report["gates"] as? [[String: Any]] ?? []
        #expect(gates.count == 1)
        #expect(gates.first?["stopped"] as? Bool == false)
        #expect(gates.first?["failed_percent"] as? Double == 75)
    }

    @Test func aForcedStopStillWritesTheReport() async throws {
        let report = try await Self.report(ReportFixtures.forcedRun())
        #expect(report["interrupted"] as? String == "forced")
        #expect(report["ended_at"] is NSNull)
        #expect(report["exit_code"] is NSNull)
        let long = try #require(Self.result(report, host: "h1", stem: "01-long"))
        #expect(long["status"] as? String == "not_reached")
        #expect(long["started_at"] as? String == "2026-11-26T10:00:01.000Z")
        #expect(long["message"] as? String == "started but never finished (run stopped)")
    }

    @Test func theReportAppearsOnlyWhenComplete() async throws {
        let directory = try ReportFixtures.temporaryDirectory()
        let reporter = JSONReportReporter(path: directory + "/run.json", masking: .none)
        for event in ReportFixtures.deployRun() { await reporter.handle(event) }
        #expect(FileTree.files(under: directory).isEmpty)
        try await reporter.finish()
        #expect(FileTree.files(under: directory) == ["run.json"])
    }

    @Test func okTailsAreBoundedAndFailedTailsKept() async throws {
        let play = PlayRef(position: 1, name: "p")
        let step = StepRef(play: play, position: 1, id: "big")
        let big = [UInt8](repeating: UInt8(ascii: "a"), count: 65536)
        var ledger = RunLedger(masking: .none)
        let plan = [PlayPlan(play: play, hosts: ["x", "y"], steps: [step])]
        ledger.apply(.runStarted(ReportFixtures.provenance, plan: plan))
        ledger.apply(.stepFinished(host: "x", step: step, outcome: StepOutcome(status: .ok, stdoutTail: big)))
        ledger.apply(.stepFinished(host: "y", step: step, outcome: StepOutcome(status: .failed, stdoutTail: big)))
        #expect(ledger.outcome(host: "x", step: step).stdoutTail.count == RunLedger.okTailLimit)
        #expect(ledger.outcome(host: "x", step: step).stdoutTruncated)
        #expect(ledger.outcome(host: "y", step: step).stdoutTail.count == 65536)
    }
}
