import Foundation
import Playbook
@testable import Report

/// Recorded event sequences the reporter tests replay: events are data, so each scenario is built
/// here exactly as the scheduler would emit it, with fixed times so output can be compared exactly.
enum ReportFixtures {
    /// A secret that appears in output, a tail, a message, an unreachable cause, the extra vars and the
    /// command line; no report may contain it.
    static let secret = "s3cr3t-Pa55"
    static let masking = Masking.literals([secret])
    /// A host name built to break XML, HTML, Markdown, workflow commands and paths.
    static let hostile = "web&<03>\"'/|*_"

    static let t0 = Date(timeIntervalSince1970: 1_795_687_200)  // 2026-11-26T10:00:00Z
    static func at(_ seconds: Double) -> Date { t0.addingTimeInterval(seconds) }

    static let deploy = PlayRef(position: 1, name: "deploy", location: SourceLocation(file: "playbooks/deploy.yml",
                                                                                     line: 2, column: 3))
    static let verify = PlayRef(position: 2, name: "verify", location: SourceLocation(file: "playbooks/deploy.yml",
                                                                                     line: 30, column: 3))
    static let check = step(deploy, 1, "check", "check disk", line: 6)
    static let migrate = step(deploy, 2, "migrate", "run migrations", line: 10)
    static let restart = step(deploy, 3, "restart", line: 14)
    static let reload = StepRef(play: deploy, position: 1, id: "reload", name: "reload nginx",
                                location: SourceLocation(file: "playbooks/deploy.yml", line: 22, column: 7),
                                isHandler: true)
    static let health = step(verify, 1, "health", line: 33)

    static func step(_ play: PlayRef, _ position: Int, _ id: String, _ name: String? = nil, line: Int) -> StepRef {
        StepRef(play: play, position: position, id: id, name: name,
                location: SourceLocation(file: "playbooks/deploy.yml", line: line, column: 7))
    }

    static let provenance = RunProvenance(
        runID: "6f1c2a9e-0000-4000-8000-000000000001", pbrunVersion: "0.1.0", playbookPath: "playbooks/deploy.yml",
        playbookSHA256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        gitCommit: "0123456789abcdef0123456789abcdef01234567", gitDirty: true,
        inventories: [InventorySource(path: "inventories/prod.ini",
                                      sha256: "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae")],
        extraVars: [(key: "version", value: .string("1.4.2")), (key: "db_password", value: .string(secret))],
        commandLine: ["pbrun", "run", "playbooks/deploy.yml", "-i", "inventories/prod.ini", "-e",
                      "db_password=" + secret],
        startedAt: t0)

    static let hosts = ["web01", "web02", hostile, "db01"]

    static let plan = [
        PlayPlan(play: deploy, hosts: hosts, steps: [check, migrate, restart, reload]),
        PlayPlan(play: verify, hosts: ["web01", "web02", hostile], steps: [health]),
    ]

    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    /// A two-play deploy: web01 goes green (a secret split across output chunks, a notified handler);
    /// web02 fails a step (non-UTF-8 stderr, a secret in the tail); the hostile host skips a step and
    /// times out; db01 is unreachable; a gate lets the run go on; play 2 is interrupted gracefully.
    static func deployRun() -> [RunEvent] {
        var events: [RunEvent] = [
            .runStarted(provenance, plan: plan),
            .playStarted(deploy),
            .batchStarted(deploy, index: 1, of: 1, hosts: hosts),
            .hostConnected(HostConnectionReport(host: "web01", address: "10.0.0.1", port: 22, connectSeconds: 0.010,
                                                handshakeSeconds: 0.040, authSeconds: 0.050, at: at(0.1))),
            .hostConnected(HostConnectionReport(host: "web02", address: "10.0.0.2", port: 22, connectSeconds: 0.020,
                                                handshakeSeconds: 0.050, authSeconds: 0.030, at: at(0.1))),
            .hostConnected(HostConnectionReport(host: hostile, address: "10.0.0.3", port: 2222, connectSeconds: 0.010,
                                                handshakeSeconds: 0.050, authSeconds: 0.040, at: at(0.1))),
            .hostUnreachable(host: "db01", address: "10.0.0.9", port: 22,
                             cause: "connection refused (password \(secret) not tried)", at: at(0.2)),
        ]
        for host in ["web01", "web02", hostile] {
            events.append(.stepStarted(host: host, step: check, at: at(0.2)))
            events.append(.output(host: host, step: check, stream: .stdout, bytes: bytes("/dev/sda1 41% used\n")))
            events.append(.stepFinished(host: host, step: check, outcome: StepOutcome(
                status: .ok, exitCode: 0, attempts: 1, startedAt: at(0.2), endedAt: at(0.5),
                timings: StepTimings(channelOpen: 0.01, exec: 0.28, read: 0.01),
                stdoutTail: bytes("/dev/sda1 41% used\n"))))
        }
        events += [
            .stepStarted(host: "web01", step: migrate, at: at(0.5)),
            .stepStarted(host: "web02", step: migrate, at: at(0.5)),
            .output(host: "web01", step: migrate, stream: .stdout, bytes: bytes("applying 0042\nusing pass=s3cr")),
            .output(host: "web02", step: migrate, stream: .stderr, bytes: bytes("migration 0042 failed\n")),
            .output(host: "web01", step: migrate, stream: .stdout, bytes: bytes("3t-Pa55 ok\n")),
            .output(host: "web02", step: migrate, stream: .stderr,
                    bytes: bytes("ERROR: password \(secret) rejected \u{1B}[31m") + [0xFF, 0xFE] + bytes("\n")),
            .stepFinished(host: "web01", step: migrate, outcome: StepOutcome(
                status: .changed, exitCode: 0, attempts: 1, startedAt: at(0.5), endedAt: at(3.5),
                timings: StepTimings(channelOpen: 0.01, exec: 2.98, read: 0.01),
                stdoutTail: bytes("applying 0042\nusing pass=\(secret) ok\n"))),
            .stepFinished(host: "web02", step: migrate, outcome: StepOutcome(
                status: .failed, exitCode: 3, attempts: 2, startedAt: at(0.5), endedAt: at(2.0),
                timings: StepTimings(channelOpen: 0.01, exec: 1.48, read: 0.01),
                stderrTail: bytes("migration 0042 failed\nERROR: password \(secret) rejected \u{1B}[31m") + [0xFF, 0xFE]
                    + bytes("\n"),
                message: "exit code 3 not in ok_exit [0]")),
            .stepFinished(host: hostile, step: migrate, outcome: StepOutcome(
                status: .skipped, startedAt: at(0.5), endedAt: at(0.5), message: "creates: /opt/app/.migrated exists")),
            .stepStarted(host: "web01", step: restart, at: at(3.5)),
            .stepStarted(host: hostile, step: restart, at: at(3.5)),
            .output(host: hostile, step: restart, stream: .stdout,
                    bytes: bytes("</pre><script>alert(1)</script>]]>\n")),
            .stepFinished(host: "web01", step: restart, outcome: StepOutcome(
                status: .changed, exitCode: 0, attempts: 1, startedAt: at(3.5), endedAt: at(4.0))),
            .stepFinished(host: hostile, step: restart, outcome: StepOutcome(
                status: .timedOut, signal: "TERM", attempts: 1, startedAt: at(3.5), endedAt: at(8.5),
                stdoutTail: bytes("</pre><script>alert(1)</script>]]>\n"), message: "timed out after 5s")),
            .stepStarted(host: "web01", step: reload, at: at(4.0)),
            .stepFinished(host: "web01", step: reload, outcome: StepOutcome(
                status: .changed, exitCode: 0, attempts: 1, startedAt: at(4.0), endedAt: at(4.2))),
            .gateDecision(GateDecision(rule: .maxFailPercentage, play: deploy, batch: 1, failedHosts: 3, batchHosts: 4,
                                       thresholdPercent: 80, stopped: false, at: at(8.5))),
            .playFinished(deploy, at: at(8.5)),
            .playStarted(verify),
            .batchStarted(verify, index: 1, of: 1, hosts: ["web01"]),
            .stepStarted(host: "web01", step: health, at: at(8.6)),
            .output(host: "web01", step: health, stream: .stdout, bytes: bytes("checking\n")),
            .interrupted(.graceful, at: at(9.0)),
            .output(host: "web01", step: health, stream: .stdout, bytes: bytes("healthy\n")),
            .stepFinished(host: "web01", step: health, outcome: StepOutcome(
                status: .ok, exitCode: 0, attempts: 1, startedAt: at(8.6), endedAt: at(9.4),
                stdoutTail: bytes("checking\nhealthy\n"))),
            .runFinished(exitCode: 99, at: at(10.0)),
        ]
        return events
    }

    /// A forced stop: a step is cut off mid-output and no `runFinished` ever comes.
    static func forcedRun() -> [RunEvent] {
        let play = PlayRef(position: 1, name: "rollout")
        let long = StepRef(play: play, position: 1, id: "long")
        let after = StepRef(play: play, position: 2, id: "after")
        return [
            .runStarted(provenance, plan: [PlayPlan(play: play, hosts: ["h1"], steps: [long, after])]),
            .playStarted(play),
            .stepStarted(host: "h1", step: long, at: at(1)),
            .output(host: "h1", step: long, stream: .stdout, bytes: bytes("part one\npart tw")),
            .interrupted(.graceful, at: at(2)),
            .interrupted(.forced, at: at(3)),
        ]
    }

    /// A rolling deploy of six hosts in batches of two: batch 1 goes green, in batch 2 h3 fails and
    /// `max_fail_percentage: 20` stops the run, so h4's second step and all of batch 3 never run.
    static func gateRun() -> [RunEvent] {
        let play = PlayRef(position: 1, name: "rollout",
                           location: SourceLocation(file: "rollout.yml", line: 2, column: 3))
        let first = StepRef(play: play, position: 1, id: "stop-app")
        let second = StepRef(play: play, position: 2, id: "start-app")
        let hosts = ["h1", "h2", "h3", "h4", "h5", "h6"]
        var events: [RunEvent] = [
            .runStarted(provenance, plan: [PlayPlan(play: play, hosts: hosts, steps: [first, second])]),
            .playStarted(play),
        ]
        func ran(_ host: String, _ step: StepRef, _ status: StepStatus, from: Double, to: Double) -> [RunEvent] {
            [.stepStarted(host: host, step: step, at: at(from)),
             .stepFinished(host: host, step: step, outcome: StepOutcome(
                status: status, exitCode: status == .failed ? 1 : 0, attempts: 1, startedAt: at(from), endedAt: at(to),
                stdoutTail: bytes("\(host) \(step.id) done\n")))]
        }
        events.append(.batchStarted(play, index: 1, of: 3, hosts: ["h1", "h2"]))
        events += ran("h1", first, .changed, from: 0.1, to: 1.1) + ran("h2", first, .changed, from: 0.1, to: 1.2)
        events += ran("h1", second, .ok, from: 1.2, to: 2.0) + ran("h2", second, .ok, from: 1.2, to: 2.2)
        events.append(.batchStarted(play, index: 2, of: 3, hosts: ["h3", "h4"]))
        events += ran("h3", first, .failed, from: 2.3, to: 3.0) + ran("h4", first, .changed, from: 2.3, to: 3.3)
        events += [
            .gateDecision(GateDecision(rule: .maxFailPercentage, play: play, batch: 2, failedHosts: 1, batchHosts: 2,
                                       thresholdPercent: 20, stopped: true, at: at(3.3))),
            .playFinished(play, at: at(3.3)),
            .runFinished(exitCode: 2, at: at(3.4)),
        ]
        return events
    }

    /// One play, two hosts failing the same step: `a1`'s failure is ignored (`ignore_errors`), `b2`'s
    /// is not, so b2 must come first in every failure list although a1 sorts first by name.
    static func ignoredRun() -> [RunEvent] {
        let play = PlayRef(position: 1, name: "p")
        let step = StepRef(play: play, position: 1, id: "probe",
                           location: SourceLocation(file: "p.yml", line: 4, column: 7))
        return [
            .runStarted(provenance, plan: [PlayPlan(play: play, hosts: ["a1", "b2"], steps: [step])]),
            .playStarted(play),
            .stepFinished(host: "a1", step: step, outcome: StepOutcome(
                status: .failed, exitCode: 4, attempts: 1, startedAt: at(0), endedAt: at(1), ignored: true)),
            .stepFinished(host: "b2", step: step, outcome: StepOutcome(
                status: .failed, exitCode: 5, attempts: 1, startedAt: at(0), endedAt: at(1))),
            .playFinished(play, at: at(1)),
            .runFinished(exitCode: 2, at: at(1)),
        ]
    }

    /// Feeds `events` to `reporter`, then finishes it.
    static func replay(_ events: [RunEvent], into reporter: any Reporter) async throws {
        for event in events { await reporter.handle(event) }
        try await reporter.finish()
    }

    /// A fresh empty temporary directory.
    static func temporaryDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("pbrun-report-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Runs `body` with a writer on a temporary file and returns what was written.
    static func capture(_ body: (FileDescriptorWriter) async throws -> Void) async throws -> String {
        let path = try temporaryDirectory() + "/captured"
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw ReportWriteError(path: path, reason: "open failed") }
        do {
            try await body(FileDescriptorWriter(fd: fd))
        } catch {
            close(fd)
            throw error
        }
        close(fd)
        return try String(contentsOfFile: path, encoding: .utf8)
    }
}
