import Foundation
import Testing
@testable import TestSupport

/// Every output format from a real `pbrun run` against the local fleet: a failed step, a skipped step,
/// an unreachable host and a graceful interrupt (SIGINT while a step runs).
@Suite(.serialized) struct ReportFleetTests {
    @Test func aRealInterruptedRunWritesEveryFormat() throws {
        let fleet = try TestFleet.shared()
        let scratch = try RunScratch()
        let deadPort = try TestFleet.freePort()
        let inventory = try scratch.write("inventory.ini", """
            h0000 ansible_host=127.0.0.2 ansible_port=\(fleet.port)
            h0001 ansible_host=127.0.0.3 ansible_port=\(fleet.port)
            dead ansible_host=127.0.0.1 ansible_port=\(deadPort)

            [all:vars]
            ansible_user=\(fleet.user)
            ansible_ssh_private_key_file=\(fleet.key.path)
            """)
        let playbook = try scratch.write("deploy.yml", """
            pbrun: 1
            name: deploy
            hosts: all
            steps:
              - name: check
                run: echo "checking {{ inventory_hostname }}"
              - name: migrate
                run: '[ "{{ inventory_hostname }}" != h0001 ] || { echo "migration failed" >&2; exit 3; }'
              - name: optional
                run: echo never
                when: inventory_hostname == 'nobody'
              - name: long
                run: echo started; sleep 2; echo finished
              - name: after
                run: echo after
            """)
        let summary = scratch.path("summary.md")
        var environment = ProcessInfo.processInfo.environment
        environment["GITHUB_ACTIONS"] = "true"
        environment["GITHUB_STEP_SUMMARY"] = summary
        environment["GITHUB_WORKSPACE"] = scratch.directory.path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: PbrunBinary.path())
        process.arguments = [
            "run", playbook, "-i", inventory, "--known-hosts", fleet.knownHosts.path, "--color", "never",
            "--connect-timeout", "5", "--output-dir", scratch.path("out"), "--events", scratch.path("events.jsonl"),
            "--report", "json=\(scratch.path("report.json"))", "--report", "junit=\(scratch.path("junit.xml"))",
            "--report", "html=\(scratch.path("report.html"))",
        ]
        process.environment = environment
        let console = scratch.path("console.txt")
        #expect(FileManager.default.createFile(atPath: console, contents: nil))
        let consoleHandle = try FileHandle(forWritingTo: URL(fileURLWithPath: console))
        process.standardOutput = consoleHandle
        process.standardError = consoleHandle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Interrupt once the long step runs on the one healthy host.
        let deadline = Date().addingTimeInterval(60)
        func longStarted() -> Bool {
            (scratch.read("events.jsonl") ?? "").split(separator: "\n").contains {
                $0.contains(#""type":"step_started""#) && $0.contains(#""id":"long""#)
            }
        }
        while Date() < deadline, !longStarted() {
            Thread.sleep(forTimeInterval: 0.05)
        }
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        try consoleHandle.close()
        let output = scratch.read("console.txt") ?? ""
        #expect(process.terminationStatus == 99, "console: \(output)")

        // Console: failure with its stderr, the interrupt, the recap.
        #expect(output.contains("h0001 | 02-migrate | FAILED exit 3"), "console: \(output)")
        #expect(output.contains("h0001 | 02-migrate | stderr: migration failed"))
        #expect(output.contains("dead (127.0.0.1:\(deadPort)): unreachable: "))
        // Said once, not again as a step failure.
        #expect(!output.contains("dead | 01-check | UNREACHABLE"))
        #expect(!output.contains("step 01-check failed on dead"))
        #expect(output.contains("interrupted: no new steps start"))
        #expect(output.contains("\nRECAP\n"))
        // GitHub Actions annotations point at the playbook line (relative to the workspace).
        #expect(output.contains("::error file=deploy.yml,line=7,col=5,title=pbrun%3A step 02-migrate failed on h0001::"),
                "console: \(output)")
        let markdown = scratch.read("summary.md") ?? ""
        #expect(markdown.contains("— 🛑 interrupted"))
        #expect(markdown.contains("| h0001 | 0 | 1 | 0 | **1** |"), "summary: \(markdown)")
        #expect(!markdown.contains("**dead** · 01-check"))

        // JSON report: every host × step with its status.
        let report = try scratch.report()
        #expect(report["interrupted"] as? String == "graceful")
        #expect(report["exit_code"] as? Int == 99)
        var statuses: [String: String] = [:]
        for play in report["plays"] as? [[String: Any]] ?? [] {
            for result in play["results"] as? [[String: Any]] ?? [] {
                let stem = (result["step"] as? [String: Any])?["file_stem"] as? String ?? "?"
                statuses["\(result["host"] as? String ?? "?") \(stem)"] = result["status"] as? String
            }
        }
        #expect(statuses.count == 15)
        #expect(statuses["h0000 01-check"] == "changed")
        #expect(statuses["h0001 02-migrate"] == "failed")
        #expect(statuses["h0001 04-long"] == "not_reached")
        #expect(statuses["h0000 03-optional"] == "skipped")
        #expect(statuses["h0000 04-long"] == "changed")
        #expect(statuses["h0000 05-after"] == "not_reached")
        // The scheduler reports the step it could not start on the dead host as unreachable.
        #expect(statuses["dead 01-check"] == "unreachable")
        #expect(statuses["dead 02-migrate"] == "not_reached")

        // Output files: the step that ran, byte for byte; none for steps that did not run.
        #expect(scratch.read("out/h0000/04-long.stdout") == "started\nfinished\n")
        #expect(scratch.read("out/h0001/02-migrate.stderr") == "migration failed\n")
        #expect(!scratch.exists("out/h0000/03-optional.stdout"))
        #expect(!scratch.exists("out/h0000/05-after.stdout"))
        #expect(scratch.exists("out/dead/05-after.json"))

        // JUnit: valid, with the failure, the unreachable host and the skips.
        let junit = scratch.read("junit.xml") ?? ""
        #expect(JUnitSchema.validate(junit) == [])
        #expect(junit.contains(#"<testcase name="connect" classname="dead""#))
        #expect(junit.contains(#"<failure message="failed: exit code 3"#))

        // HTML and events.
        let html = scratch.read("report.html") ?? ""
        #expect(html.contains("<span class=\"badge bad\">interrupted</span>"))
        #expect(html.contains("data-step=\"04-long\" data-status=\"changed\""))
        let events = (scratch.read("events.jsonl") ?? "").split(separator: "\n")
        #expect(events.first?.contains(#""type":"run_started""#) == true)
        #expect(events.last?.contains(#""type":"run_finished""#) == true)
        #expect(events.contains { $0.contains(#""type":"interrupted""#) })
        // Nothing left half-written.
        let leftovers = FileTree.files(under: scratch.directory.path).filter { $0.hasSuffix(".tmp") }
        #expect(leftovers.isEmpty)
    }
}
