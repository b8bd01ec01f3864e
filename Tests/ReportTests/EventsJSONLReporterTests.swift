import Foundation
@testable import Report
import Testing

@Suite struct EventsJSONLReporterTests {
    static func lines(_ events: [RunEvent]) async throws -> [[String: Any]] {
        let path = try ReportFixtures.temporaryDirectory() + "/events/run.jsonl"
        try await ReportFixtures.replay(events, into: EventsJSONLReporter(path: path, masking: ReportFixtures.masking))
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.hasSuffix("\n"))
        return try text.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
    }

    @Test func everyEventIsOneLineInOrder() async throws {
        let lines = try await Self.lines(ReportFixtures.deployRun())
        #expect(lines.map { $0["seq"] as? Int ?? 0 } == Array(1...lines.count))
        let types = lines.map { $0["type"] as? String ?? "?" }
        #expect(types.first == "run_started")
        #expect(types.last == "run_finished")
        #expect(types.filter { $0 == "step_finished" }.count == 10)
        #expect(types.contains("host_unreachable") && types.contains("gate_decision") && types.contains("interrupted"))
        #expect(lines.first?["format"] as? Int == 1)
        let plan = lines.first?["plan"] as? [[String: Any]]
        #expect(plan?.count == 2)
    }

    @Test func outputIsMaskedAcrossChunksAndNonUTF8IsBase64() async throws {
        let lines = try await Self.lines(ReportFixtures.deployRun())
        let outputs = lines.filter { $0["type"] as? String == "output" }
        let web01 = outputs.filter { $0["host"] as? String == "web01"
            && ($0["step"] as? [String: Any])?["id"] as? String == "migrate" }
        #expect(web01.compactMap { $0["text"] as? String }.joined() == "applying 0042\nusing pass=******** ok\n")
        // web02's stderr is not UTF-8: those chunks come as base64; together they are the bytes, masked.
        var stderr: [UInt8] = []
        for chunk in outputs where chunk["host"] as? String == "web02" && chunk["stream"] as? String == "stderr" {
            if let text = chunk["text"] as? String { stderr += Array(text.utf8) }
            if let base64 = chunk["base64"] as? String { stderr += Array(Data(base64Encoded: base64) ?? Data()) }
        }
        let expected = Array("migration 0042 failed\nERROR: password ******** rejected \u{1B}[31m".utf8)
        #expect(stderr == expected + [0xFF, 0xFE, 0x0A])
        #expect(outputs.contains { $0["base64"] != nil })
        // Held-back bytes are flushed before the step's end is reported.
        func isWeb01Migrate(_ line: [String: Any], _ type: String) -> Bool {
            line["type"] as? String == type && line["host"] as? String == "web01"
                && (line["step"] as? [String: Any])?["id"] as? String == "migrate"
        }
        let finish = try #require(lines.firstIndex { isWeb01Migrate($0, "step_finished") })
        let lastChunk = try #require(lines.lastIndex { isWeb01Migrate($0, "output") })
        #expect(lastChunk < finish)
    }

    @Test func aRetryIsOneLineWithItsReasonMasked() async throws {
        let retry = RunEvent.stepRetrying(host: "web01", step: ReportFixtures.migrate, attempt: 3, of: 11, delay: 2.5,
                                          reason: "failed_when: token \(ReportFixtures.secret) seen",
                                          at: ReportFixtures.at(1))
        let lines = try await Self.lines([.runStarted(ReportFixtures.provenance, plan: ReportFixtures.plan), retry])
        let line = try #require(lines.last)
        #expect(line["type"] as? String == "step_retrying")
        #expect(line["host"] as? String == "web01")
        #expect((line["step"] as? [String: Any])?["id"] as? String == "migrate")
        #expect(line["attempt"] as? Int == 3 && line["attempts"] as? Int == 11 && line["delay"] as? Double == 2.5)
        #expect(line["reason"] as? String == "failed_when: token ******** seen")
        #expect(line["at"] as? String == "2026-11-26T10:00:01.000Z")
    }

    @Test func forcedRunFlushesWhatWasHeldBack() async throws {
        let lines = try await Self.lines(ReportFixtures.forcedRun())
        let text = lines.compactMap { $0["text"] as? String }.joined()
        #expect(text == "part one\npart tw")
        #expect(lines.last?["type"] as? String == "interrupted")
        #expect(lines.last?["kind"] as? String == "forced")
    }
}
