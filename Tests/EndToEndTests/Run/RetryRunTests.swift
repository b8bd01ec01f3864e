import Foundation
import Testing
@testable import TestSupport

/// A step's retries while they run, end to end: an event for each retry in the events file and a
/// console line naming the attempt, on the real fleet.
@Suite struct RetryRunTests {
    /// Fails twice on every host (a counter file per host and run), then succeeds.
    static func flaky(_ marker: String) -> String {
        """
        pbrun: 1
        hosts: h0000,h0001
        steps:
          - id: flaky
            run: |
              n=$(cat \(marker)-{{ inventory_hostname }} 2>/dev/null || echo 0)
              echo $((n + 1)) > \(marker)-{{ inventory_hostname }}
              [ "$n" -ge 2 ] || exit 7
            retries: 10
            delay: 200ms
        """
    }

    @Test func everyRetryIsAnEventAndAConsoleLine() throws {
        let fleet = try TestFleet.shared()
        let scratch = try RunScratch()
        let marker = "/tmp/pbrun-retry-\(UUID().uuidString.prefix(8))"
        defer {
            for host in ["h0000", "h0001"] { try? FileManager.default.removeItem(atPath: "\(marker)-\(host)") }
        }
        let playbook = try scratch.write("p.yml", Self.flaky(marker))
        let result = try fleet.run(playbook, ["--events", scratch.path("events.jsonl")])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")

        let events = try #require(scratch.read("events.jsonl")).split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
        for host in ["h0000", "h0001"] {
            let retries = events.filter { $0["type"] as? String == "step_retrying" && $0["host"] as? String == host }
            #expect(retries.map { $0["attempt"] as? Int } == [2, 3])
            #expect(retries.allSatisfy { $0["attempts"] as? Int == 11 })
            #expect(retries.allSatisfy { $0["delay"] as? Double == 0.2 })
            #expect(retries.allSatisfy { ($0["reason"] as? String)?.contains("exit code 7") == true })
            #expect(retries.allSatisfy { ($0["step"] as? [String: Any])?["id"] as? String == "flaky" })
            #expect(retries.allSatisfy { $0["at"] is String })
            // Each retry comes between the failed attempt and the next attempt's step_started.
            let kinds = events.filter { $0["host"] as? String == host }.compactMap { $0["type"] as? String }
                .filter { $0 != "host_connected" && $0 != "output" }
            #expect(kinds == ["step_started", "step_retrying", "step_started", "step_retrying", "step_started",
                              "step_finished"])
            let finished = try #require(events.first { $0["type"] as? String == "step_finished"
                && $0["host"] as? String == host })
            #expect(finished["attempts"] as? Int == 3)

            let lines = result.stdout.components(separatedBy: "\n")
            for attempt in [2, 3] {
                #expect(lines.contains("\(host) | 01-flaky | retrying: attempt \(attempt)/11 in 0.2s"
                    + " (exit code 7)"), "\(result.stdout)")
            }
        }
    }
}
