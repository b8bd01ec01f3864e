import Foundation
@testable import Report
import Synchronization
import Testing
@testable import TestSupport

/// Records every event it is handed and counts `finish` calls: for asserting what a fan-out or pipe delivers.
actor FinishCountingReporter: Reporter {
    private(set) var events: [RunEvent] = []
    private(set) var finished = 0

    func handle(_ event: RunEvent) async { events.append(event) }
    func finish() async throws { finished += 1 }
}

@Suite struct ReporterPipelineTests {
    @Test func fanOutFeedsEveryReporterInOrder() async throws {
        let first = FinishCountingReporter()
        let second = FinishCountingReporter()
        let events = ReportFixtures.deployRun()
        try await ReportFixtures.replay(events, into: ReporterFanOut([first, second]))
        #expect(await first.events.count == events.count)
        #expect(await second.events.count == events.count)
        #expect(await first.finished == 1)
        #expect(await second.finished == 1)
    }

    @Test func pipeKeepsEachEmittersOrderAndDeliversEverything() async throws {
        let recorder = FinishCountingReporter()
        let pipe = EventPipe(reporter: recorder)
        let play = PlayRef(position: 1, name: "p")
        await withTaskGroup(of: Void.self) { group in
            for host in 0..<50 {
                group.addTask {
                    for position in 1...20 {
                        pipe.emit(.stepStarted(host: "h\(host)", step: StepRef(play: play, position: position, id: "s"),
                                               at: ReportFixtures.t0))
                    }
                }
            }
        }
        try await pipe.finish()
        let events = await recorder.events
        #expect(events.count == 1000)
        var last: [String: Int] = [:]
        for case .stepStarted(let host, let step, _) in events {
            #expect(step.position > last[host, default: 0])
            last[host] = step.position
        }
        #expect(await recorder.finished == 1)
    }

    @Test func aSecretNeverAppearsInAnyFormat() async throws {
        let directory = try ReportFixtures.temporaryDirectory()
        let masking = ReportFixtures.masking
        let summary = directory + "/summary.md"
        let console = directory + "/console.txt"
        let fd = open(console, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let reporters: [any Reporter] = [
            ConsoleReporter(options: ConsoleOptions(mode: .plain, verbosity: .verbose),
                            output: FileDescriptorWriter(fd: fd), masking: masking),
            OutputDirReporter(directory: directory + "/out", masking: masking),
            JSONReportReporter(path: directory + "/run.json", masking: masking),
            try EventsJSONLReporter(path: directory + "/events.jsonl", masking: masking),
            JUnitReporter(path: directory + "/junit.xml", masking: masking),
            HTMLReporter(path: directory + "/report.html", masking: masking),
            GitHubActionsReporter(environment: ["GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": summary],
                                  output: FileDescriptorWriter(fd: fd), masking: masking),
        ]
        let pipe = EventPipe(reporter: ReporterFanOut(reporters))
        for event in ReportFixtures.deployRun() { pipe.emit(event) }
        try await pipe.finish()
        close(fd)
        let files = FileTree.files(under: directory)
        let expectedFiles = 6 + 19 + 2 * 9  // 5 reports and the console, 19 records, 9 pairs of output files
        #expect(files.count == expectedFiles)
        var sawMask = 0
        for file in files {
            let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: directory + "/" + file)))
            #expect(!contains(bytes, Array(ReportFixtures.secret.utf8)), "secret in \(file)")
            // Not even split by an escape or an encoding: no 6-byte piece of it appears either.
            #expect(!contains(bytes, Array("3cr3t-".utf8)), "part of the secret in \(file)")
            if contains(bytes, Array("********".utf8)) { sawMask += 1 }
        }
        #expect(sawMask >= 8)
    }

    private func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard haystack.count >= needle.count else { return false }
        return (0...(haystack.count - needle.count)).contains { start in
            haystack[start..<(start + needle.count)].elementsEqual(needle)
        }
    }
}

@Suite struct ReportMaskingTests {
    @Test func aSecretSplitAtAnyPointIsMasked() {
        let text = Array("before s3cr3t-Pa55 middle s3cr3t-Pa55s3cr3t-Pa55 after s3cr3t".utf8)
        let expected = Array("before ******** middle **************** after s3cr3t".utf8)
        for first in 0...text.count {
            for second in first...text.count {
                var masker = ReportFixtures.masking.makeStream()
                var out = masker.mask(Array(text[..<first]))
                out += masker.mask(Array(text[first..<second]))
                out += masker.mask(Array(text[second...]))
                out += masker.flush()
                #expect(out == expected, "split at \(first), \(second)")
            }
        }
    }

    @Test func longestSecretWinsAndTextMaskingMatches() {
        let masking = Masking.literals(["abc", "abcdef", ""])
        #expect(masking.text("xabcdefx abc") == "x********x ********")
        #expect(masking.bytes(Array("xabcdefx abc".utf8)) == Array("x********x ********".utf8))
        #expect(Masking.literals([]).text("abc") == "abc")
    }
}
