import Foundation
@testable import Report
import Synchronization
import Testing

/// A clock tests move by hand.
final class ManualClock: Sendable {
    private let current = Mutex(ReportFixtures.t0)

    var now: Date { current.withLock { $0 } }

    func advance(_ seconds: Double) {
        current.withLock { $0 = $0.addingTimeInterval(seconds) }
    }
}

@Suite struct ConsoleReporterTests {
    static func render(_ options: ConsoleOptions, _ events: [RunEvent] = ReportFixtures.deployRun(),
                       masking: Masking = ReportFixtures.masking) async throws -> String {
        try await ReportFixtures.capture { out in
            let console = ConsoleReporter(options: options, output: out, masking: masking)
            try await ReportFixtures.replay(events, into: console)
        }
    }

    static func plain(_ verbosity: ConsoleOptions.Verbosity) async throws -> String {
        try await render(ConsoleOptions(mode: .plain, verbosity: verbosity, color: false,
                                        now: { ReportFixtures.at(5) }))
    }

    @Test func plainNormalMatchesGolden() async throws {
        #expect(try await Self.plain(.normal) == ConsoleGolden.normal)
    }

    @Test func plainVerboseMatchesGolden() async throws {
        #expect(try await Self.plain(.verbose) == ConsoleGolden.verbose)
    }

    @Test func plainQuietMatchesGolden() async throws {
        #expect(try await Self.plain(.quiet) == ConsoleGolden.quiet)
    }

    @Test func plainOutputHasNoEscapeSequencesAndEveryLineIsWhole() async throws {
        let text = try await Self.plain(.verbose)
        #expect(!text.contains("\u{1B}"))
        #expect(!text.contains(ReportFixtures.secret))
        #expect(!text.contains("\r"))
        // Every line between the header and the recap names its host and step, or is a header.
        let body = text.components(separatedBy: "\nRECAP\n")[0].split(separator: "\n").dropFirst()
        for line in body {
            let framed = line.contains(" | ") || line.contains(" ! ") || line.hasPrefix("PLAY [")
                || line.hasPrefix("STEP [") || line.contains(": unreachable: ") || line.hasPrefix("max_fail")
                || line.hasPrefix("interrupted")
            #expect(framed, "unframed line: \(line)")
        }
    }

    @Test func anUnreachableHostsExplanationIsIndentedUnderItsReasonNotEscaped() async throws {
        let play = PlayRef(position: 1, name: "p")
        let step = StepRef(play: play, position: 1, id: "uptime")
        let events: [RunEvent] = [
            .runStarted(ReportFixtures.provenance, plan: [PlayPlan(play: play, hosts: ["db01"], steps: [step])]),
            .playStarted(play),
            .hostUnreachable(host: "db01", address: "10.0.0.9", port: 22,
                             cause: "authentication failed for user deploy\nTried: publickey; the server accepts: password."
                                 + "\nkey \u{1B}[2Jk is encrypted", at: ReportFixtures.t0),
            .runFinished(exitCode: 3, at: ReportFixtures.t0),
        ]
        let text = try await Self.render(ConsoleOptions(mode: .plain, verbosity: .quiet, color: false,
                                                        now: { ReportFixtures.at(1) }), events, masking: .none)
        #expect(text.contains("""
            db01 (10.0.0.9:22): unreachable: authentication failed for user deploy
              Tried: publickey; the server accepts: password.
              key \\x1B[2Jk is encrypted

            """), "\(text)")
    }

    @Test func colourOnlyFromPbrunNeverFromHosts() async throws {
        let text = try await Self.render(ConsoleOptions(mode: .plain, verbosity: .verbose, color: true,
                                                        now: { ReportFixtures.at(5) }))
        #expect(text.contains("\u{1B}[31;1mFAILED\u{1B}[0m"))
        // The ESC a host printed is shown escaped, never written raw.
        #expect(text.contains("rejected \\x1B[31m\\xFF\\xFE"))
        let escapes = text.components(separatedBy: "\u{1B}[").dropFirst()
        for escape in escapes { #expect(escape.first.map { $0.isNumber || $0 == "0" } == true) }
        #expect(!text.contains(ReportFixtures.secret))
    }

    @Test func linesOfConcurrentHostsNeverInterleave() async throws {
        let play = PlayRef(position: 1, name: "p")
        let step = StepRef(play: play, position: 1, id: "s")
        let long = [UInt8](repeating: UInt8(ascii: "x"), count: 5000)
        let events: [RunEvent] = [
            .runStarted(ReportFixtures.provenance, plan: [PlayPlan(play: play, hosts: ["a", "b"], steps: [step])]),
            .stepStarted(host: "a", step: step, at: ReportFixtures.at(0)),
            .stepStarted(host: "b", step: step, at: ReportFixtures.at(0)),
            .output(host: "a", step: step, stream: .stdout, bytes: Array("hel".utf8)),
            .output(host: "b", step: step, stream: .stdout, bytes: Array("wor".utf8)),
            .output(host: "a", step: step, stream: .stdout, bytes: Array("lo\r\n".utf8)),
            .output(host: "b", step: step, stream: .stdout, bytes: Array("ld\nno newline".utf8)),
            .output(host: "a", step: step, stream: .stdout, bytes: long),
            .stepFinished(host: "b", step: step, outcome: StepOutcome(status: .ok)),
            .stepFinished(host: "a", step: step, outcome: StepOutcome(status: .ok)),
        ]
        // No secrets: a masker would hold back a possible secret's first bytes and delay the line.
        let options = ConsoleOptions(mode: .plain, verbosity: .verbose, now: { ReportFixtures.at(1) })
        let text = try await Self.render(options, events, masking: .none)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[2] == "a | 01-s | hello")
        #expect(lines[3] == "b | 01-s | world")
        #expect(lines[4] == "a | 01-s | " + String(repeating: "x", count: LineAssembler.maxLine) + " ↩")
        #expect(lines[5] == "b | 01-s | no newline")
        #expect(lines[6] == "b | 01-s | ok")
        #expect(lines[7] == "a | 01-s | " + String(repeating: "x", count: 5000 - LineAssembler.maxLine))
        #expect(lines[8] == "a | 01-s | ok")
    }

    @Test func liveStatusRedrawsAtMostTenTimesASecond() async throws {
        let clock = ManualClock()
        let play = PlayRef(position: 1, name: "fleet")
        let step = StepRef(play: play, position: 1, id: "uptime")
        let hosts = (1...1000).map { "host\($0)" }
        var events: [RunEvent] = [.runStarted(ReportFixtures.provenance,
                                              plan: [PlayPlan(play: play, hosts: hosts, steps: [step])]),
                                  .playStarted(play)]
        for host in hosts {
            events.append(.stepStarted(host: host, step: step, at: ReportFixtures.t0))
            events.append(.stepFinished(host: host, step: step, outcome: StepOutcome(status: .ok, exitCode: 0)))
        }
        // Ten hosts fail: each failure is printed above the status area as it happens.
        for index in stride(from: 0, to: 1000, by: 100) {
            events[2 + index * 2 + 1] = .stepFinished(host: hosts[index], step: step, outcome: StepOutcome(
                status: .failed, exitCode: 1, stderrTail: Array("boom\n".utf8)))
        }
        let options = ConsoleOptions(mode: .live, verbosity: .normal, color: true, width: 100, redrawInterval: 0.1,
                                     now: { clock.now })
        let text = try await ReportFixtures.capture { out in
            let console = ConsoleReporter(options: options, output: out, masking: .none)
            for event in events {
                await console.handle(event)
                clock.advance(0.001)  // 2002 events over ~2 s
            }
            await console.handle(.runFinished(exitCode: 2, at: clock.now))
            try await console.finish()
        }
        let draws = text.components(separatedBy: "done · ").count - 1
        // ≤ 10 per second of clock time, plus one per failure printed above the area, plus the first.
        #expect(draws <= 21 + 10 + 2, "\(draws) redraws")
        print("live status: \(draws) redraws for \(events.count) events")
        #expect(draws >= 10)
        #expect(text.contains("\u{1B}[2A\u{1B}[J"))
        #expect(text.contains("1000 done · 0 running · 0 waiting") || text.contains("RECAP"))
        #expect(text.components(separatedBy: "FAILED").count - 1 >= 10)
        #expect(text.contains("host101 | 01-uptime | stderr: boom"))
    }

    @Test func liveStatusShowsTheAttemptOfARetryingStep() {
        let play = PlayRef(position: 1, name: "p")
        let step = StepRef(play: play, position: 1, id: "wait")
        var status = LiveStatus()
        status.startPlay(PlayPlan(play: play, hosts: ["a", "b", "c"], steps: [step]), play)
        for host in ["a", "b"] { status.startStep(host, step) }
        status.retrying("a", attempt: 3, of: 11)
        #expect(status.render(elapsed: 1, width: 200)[1].hasSuffix("waiting · retrying a attempt 3/11"))
        status.retrying("b", attempt: 2, of: 11)
        #expect(status.render(elapsed: 1, width: 200)[1].hasSuffix("waiting · retrying b attempt 2/11 (+1 more)"))
        status.finishStep("b", step, StepOutcome(status: .ok))
        #expect(status.render(elapsed: 1, width: 200)[1].hasSuffix("waiting · 1 retrying"))
        status.finishStep("a", step, StepOutcome(status: .ok))
        #expect(!status.render(elapsed: 1, width: 200)[1].contains("retrying"))
    }

    @Test func detectHonoursNoColorAndNonTerminals() throws {
        let path = try ReportFixtures.temporaryDirectory() + "/out"
        let fd = open(path, O_WRONLY | O_CREAT, 0o644)
        defer { close(fd) }
        let file = ConsoleOptions.detect(fd: fd, verbosity: .normal, color: .auto, environment: [:])
        #expect(file.mode == .plain && !file.color)
        let forced = ConsoleOptions.detect(fd: fd, verbosity: .normal, color: .always, environment: [:])
        #expect(forced.mode == .plain && forced.color)
        let noColor = ConsoleOptions.detect(fd: fd, verbosity: .normal, color: .always, environment: ["NO_COLOR": "1"])
        #expect(!noColor.color)
        // https://no-color.org: only a non-empty NO_COLOR counts.
        let empty = ConsoleOptions.detect(fd: fd, verbosity: .normal, color: .always, environment: ["NO_COLOR": ""])
        #expect(empty.color)
    }

    @Test func lineAssemblerKeepsPartialLinesBounded() {
        var assembler = LineAssembler()
        #expect(assembler.lines(Array("abc".utf8)).isEmpty)
        let lines = assembler.lines(Array("def\nghi\n\njk".utf8))
        #expect(lines.map { String(decoding: $0.bytes, as: UTF8.self) } == ["abcdef", "ghi", ""])
        #expect(assembler.flush().map { String(decoding: $0, as: UTF8.self) } == "jk")
        #expect(assembler.flush() == nil)
    }

    @Test func displayEscapesControlsAndInvalidUTF8() {
        #expect(TextEscaping.display([0x68, 0x69, 0x1B, 0x5B, 0x32, 0x4A, 0xFF, 0xC3, 0xA9, 0x09, 0x7F, 0xE2, 0x82])
            == "hi\\x1B[2J\\xFFé\t\\x7F\\xE2\\x82")
        #expect(TextEscaping.display("ok\u{07}\u{9B}31m") == "ok\\x07\\x9B31m")
    }
}
