import Foundation
@testable import TestSupport
import Testing

/// The reports of one corpus run, read back, and the invariants every run's reports must keep
/// whatever the playbook: the JSON report parses and agrees with the event stream, JUnit has one
/// testcase per host × step with the right element, the HTML names every host, the events are
/// numbered in order from `run_started` to `run_finished`, and every host × step has its record
/// under `--output-dir`.
struct CorpusReports {
    /// One host × step result of the JSON report.
    struct Result {
        let host: String
        let play: Int
        let key: String
        let stem: String
        let status: String
        let ignored: Bool

        /// The status word of expected.txt: a failure `ignore_errors` let pass is `ignored`.
        var word: String { ignored && (status == "failed" || status == "timed_out") ? "ignored" : status }
    }

    let directory: URL
    let report: [String: Any]
    let results: [Result]
    let events: [[String: Any]]

    /// Reads the reports a run wrote into `directory`.
    init(directory: URL) throws {
        self.directory = directory
        let data = try Data(contentsOf: directory.appendingPathComponent("report.json"))
        report = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any], "report.json")
        let plays = report["plays"] as? [[String: Any]] ?? []
        results = plays.flatMap { play in
            (play["results"] as? [[String: Any]] ?? []).map { Self.result($0, severalPlays: plays.count > 1) }
        }
        let lines = (try String(contentsOf: directory.appendingPathComponent("events.jsonl"), encoding: .utf8))
            .split(separator: "\n")
        events = try lines.map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "event \(line)")
        }
    }

    private static func result(_ object: [String: Any], severalPlays: Bool) -> Result {
        let step = object["step"] as? [String: Any] ?? [:]
        let stem = step["file_stem"] as? String ?? "?"
        let play = step["play"] as? Int ?? 0
        return Result(host: object["host"] as? String ?? "?", play: play, key: severalPlays ? "\(play)/\(stem)" : stem,
                      stem: stem, status: object["status"] as? String ?? "?",
                      ignored: object["ignored"] as? Bool ?? false)
    }

    /// host → step key → status word, as expected.txt writes them.
    var statuses: [String: [String: String]] {
        results.reduce(into: [:]) { table, result in table[result.host, default: [:]][result.key] = result.word }
    }

    /// Checks every invariant, recording an issue for each one broken.
    func checkInvariants(exit: Int32, hosts: Set<String>, sourceLocation: SourceLocation) {
        checkEvents(exit: exit, sourceLocation: sourceLocation)
        checkCounts(sourceLocation: sourceLocation)
        checkJUnit(sourceLocation: sourceLocation)
        let html = (try? String(contentsOf: directory.appendingPathComponent("report.html"), encoding: .utf8)) ?? ""
        #expect(!html.isEmpty, "report.html is missing", sourceLocation: sourceLocation)
        for host in hosts.sorted() {
            #expect(html.contains(host), "report.html does not name \(host)", sourceLocation: sourceLocation)
        }
        #expect(report["exit_code"] as? Int == Int(exit), "report exit_code", sourceLocation: sourceLocation)
        for result in results {
            let records = FileTree.files(under: directory.appendingPathComponent("out/\(result.host)").path)
            #expect(records.contains { $0 == "\(result.stem).json" || $0.hasSuffix("/\(result.stem).json") },
                    "no output-dir record for \(result.host) \(result.key)", sourceLocation: sourceLocation)
        }
    }

    /// Events: numbered 1, 2, … in order, `run_started` first, `run_finished` last with the exit code.
    private func checkEvents(exit: Int32, sourceLocation: SourceLocation) {
        let numbers = events.map { $0["seq"] as? Int ?? -1 }
        #expect(numbers == Array(1...max(1, events.count)), "event seq", sourceLocation: sourceLocation)
        #expect(events.first?["type"] as? String == "run_started", sourceLocation: sourceLocation)
        #expect(events.last?["type"] as? String == "run_finished", sourceLocation: sourceLocation)
        #expect(events.last?["exit_code"] as? Int == Int(exit), "run_finished exit_code",
                sourceLocation: sourceLocation)
    }

    /// The JSON report's results and recaps agree with the `step_finished` events.
    private func checkCounts(sourceLocation: SourceLocation) {
        var finished: [String: Result] = [:]
        for event in events where event["type"] as? String == "step_finished" {
            let result = Self.result(event, severalPlays: results.contains { $0.key.contains("/") })
            finished["\(result.host) \(result.key)"] = result
        }
        for result in results {
            let event = finished["\(result.host) \(result.key)"]
            if ["ok", "changed", "failed", "timed_out"].contains(result.status) {
                let said = event?.word ?? "nothing"
                #expect(said == result.word, "events say \(said) for \(result.host) \(result.key)",
                        sourceLocation: sourceLocation)
            } else if let event {
                #expect(event.word == result.word, "events say \(event.word) for \(result.host) \(result.key)",
                        sourceLocation: sourceLocation)
            }
        }
        let hosts = report["hosts"] as? [[String: Any]] ?? []
        let totals = report["totals"] as? [String: Any] ?? [:]
        for word in ["ok", "changed", "failed", "ignored"] {
            let fromEvents = finished.values.filter { $0.word == word || (word == "failed" && $0.word == "timed_out") }
            let recaps = hosts.map { ($0["recap"] as? [String: Any])?[word] as? Int ?? 0 }
            #expect(recaps.reduce(0, +) == fromEvents.count, "\(word): recaps \(recaps), events \(fromEvents.count)",
                    sourceLocation: sourceLocation)
            #expect(totals[word] as? Int == recaps.reduce(0, +), "totals.\(word)", sourceLocation: sourceLocation)
        }
    }

    /// JUnit: valid, one testcase per host × step, `<failure>` for a failure that counts, `<skipped>` for a
    /// step that did not run.
    private func checkJUnit(sourceLocation: SourceLocation) {
        let text = (try? String(contentsOf: directory.appendingPathComponent("junit.xml"), encoding: .utf8)) ?? ""
        #expect(JUnitSchema.validate(text) == [], sourceLocation: sourceLocation)
        guard case .success(let root) = XMLTreeBuilder.parse(text) else { return }
        let suites = root.all("testsuite").map { suite in
            suite.all("testcase").filter { $0.attributes["name"] != "connect" }
        }
        let cases = suites.flatMap { $0 }
        #expect(cases.count == results.count, "JUnit has \(cases.count) testcases for \(results.count) results",
                sourceLocation: sourceLocation)
        for result in results {
            let suite = result.play >= 1 && result.play <= suites.count ? suites[result.play - 1] : []
            // A testcase is named "NN-ID name", or "NN-ID" alone when the name is the id.
            let matching = suite.filter { testcase in
                let name = testcase.attributes["name"] ?? ""
                return testcase.attributes["classname"] == result.host
                    && (name == result.stem || name.hasPrefix(result.stem + " "))
            }
            #expect(!matching.isEmpty, "no testcase for \(result.host) \(result.key)", sourceLocation: sourceLocation)
            guard matching.count == 1, let testcase = matching.first else { continue }
            let counts = ["failed", "timed_out"].contains(result.word)
            let skipped = ["skipped", "not_reached"].contains(result.word)
            #expect(testcase.all("failure").isEmpty != counts, "\(result.host) \(result.key) <failure>",
                    sourceLocation: sourceLocation)
            #expect(testcase.all("skipped").isEmpty != skipped, "\(result.host) \(result.key) <skipped>",
                    sourceLocation: sourceLocation)
        }
    }
}
