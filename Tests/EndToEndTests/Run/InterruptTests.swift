import Foundation
import Testing
@testable import TestSupport

/// Ctrl-C during `pbrun run`: the first stops new steps and lets running commands finish within the
/// grace period, a second (or the end of the grace period) stops them on the hosts; the run exits
/// 99 and still writes complete reports.
@Suite(.serialized) struct InterruptTests {
    /// Starts `pbrun run`, sends SIGINT `signals` times (after `delay` seconds, then 0.3 s apart), and
    /// waits for it to end; `stderr` holds both output streams.
    private func interruptedRun(_ fleet: TestFleet, _ playbook: String, _ arguments: [String], signals: Int,
                                delay: Double = 1.0) throws -> (status: Int32, seconds: Double, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: PbrunBinary.path())
        process.arguments = ["run", playbook, "-i", fleet.inventory.path, "--color", "never"] + arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = errors
        let started = Date()
        try process.run()
        Thread.sleep(forTimeInterval: delay)
        for index in 0..<signals {
            if index > 0 { Thread.sleep(forTimeInterval: 0.3) }
            process.interrupt()
        }
        let stderr = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, Date().timeIntervalSince(started), String(decoding: stderr, as: UTF8.self))
    }

    private func steps(in report: [String: Any]) -> [[String: Any]] {
        let hosts = report["hosts"] as? [[String: Any]] ?? []
        return hosts.flatMap { $0["steps"] as? [[String: Any]] ?? [] }
    }

    @Test func firstInterruptLetsTheRunningStepFinishAndStartsNoOther() throws {
        let fleet = try TestFleet.shared()
        let scratch = try RunScratch()
        let playbook = try scratch.write("slow.yml", """
            pbrun: 1
            hosts: h0000,h0001
            steps:
              - name: slow
                run: sleep 2; echo finished
              - name: next
                run: echo next
            """)
        let run = try interruptedRun(fleet, playbook, [
            "-o", scratch.path("out"), "--report", "json=\(scratch.path("report.json"))",
            "--report", "junit=\(scratch.path("junit.xml"))",
        ], signals: 1)
        #expect(run.status == 99, "stderr: \(run.stderr)")
        #expect(scratch.read("out/h0000/01-slow.stdout") == "finished\n")
        #expect(scratch.read("out/h0001/01-slow.stdout") == "finished\n")
        #expect(!scratch.exists("out/h0000/02-next.stdout"))
        let report = try scratch.report()
        #expect(report["format"] as? Int == 1)
        #expect(scratch.read("junit.xml")?.contains("<testsuites") == true)
    }

    @Test func graceRunningOutStopsTheCommandOnTheHost() throws {
        let fleet = try TestFleet.shared()
        let scratch = try RunScratch()
        let marker = "pbrun-grace-\(UUID().uuidString.prefix(8))"
        let playbook = try scratch.write("hang.yml", """
            pbrun: 1
            hosts: h0000
            steps:
              - name: hang
                run: sleep 30 # \(marker)
            """)
        let run = try interruptedRun(fleet, playbook, [
            "--grace", "1", "--report", "json=\(scratch.path("report.json"))",
        ], signals: 1)
        #expect(run.status == 99, "stderr: \(run.stderr)")
        #expect(run.seconds < 10)
        Thread.sleep(forTimeInterval: 0.5)
        #expect(processes(matching: marker).isEmpty, "the remote command survived the interrupt")
        let report = try scratch.report()
        #expect(report["format"] as? Int == 1)
        // One Ctrl-C was pressed: the console must not speak of a second.
        #expect(!run.stderr.contains("interrupted again"), "output: \(run.stderr)")
        #expect(run.stderr.contains("grace period over: stopping the running commands now"), "output: \(run.stderr)")
        #expect(report["interrupted"] as? String == "grace_expired")
    }

    @Test func secondInterruptStopsAtOnce() throws {
        let fleet = try TestFleet.shared()
        let scratch = try RunScratch()
        let marker = "pbrun-twice-\(UUID().uuidString.prefix(8))"
        let playbook = try scratch.write("hang.yml", """
            pbrun: 1
            hosts: h0000,h0001
            steps:
              - name: hang
                run: sleep 30 # \(marker)
            """)
        let run = try interruptedRun(fleet, playbook, [
            "--grace", "60", "--report", "json=\(scratch.path("report.json"))",
        ], signals: 2)
        #expect(run.status == 99, "stderr: \(run.stderr)")
        #expect(run.seconds < 10)
        Thread.sleep(forTimeInterval: 0.5)
        #expect(processes(matching: marker).isEmpty, "the remote command survived the interrupt")
        #expect(FileManager.default.fileExists(atPath: scratch.path("report.json")))
    }
}
