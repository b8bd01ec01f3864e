import Foundation
import Synchronization
import Testing
@testable import TestSupport

/// `pbrun run` keeps secrets out of every process's argument list on the hosts (and the controller),
/// while the commands still see them and the process-group wrapper still stops them.
@Suite struct SecretDeliveryRunTests {
    @Test func aStepThatReadsASecretKeepsItOutOfEveryArgumentList() throws {
        let fleet = try TestFleet.shared()
        let scratch = try RunScratch()
        let token = "tok\(UUID().uuidString.prefix(12))"
        let secret = "\(token) it's \"q\" $HOME\nsecond line"
        let dump = "/tmp/pbrun-cmdlines-\(UUID().uuidString.prefix(8))"
        let pause = "2.\(Int.random(in: 10000...99999))"
        defer { try? FileManager.default.removeItem(atPath: dump) }
        let playbook = try scratch.write("hold.yml", """
            pbrun: 1
            hosts: h0000,h0001
            strategy: free
            vars:
              db_password: {secret_env: PBRUN_TEST_DB_PASSWORD}
            steps:
              - name: hold
                when: inventory_hostname == 'h0000'
                env: {PGPASSWORD: "{{ db_password }}"}
                cwd: /tmp
                run: test "$PGPASSWORD" = {{ db_password | quote }} && echo same; sleep \(pause)
              - name: probe
                when: inventory_hostname == 'h0001'
                run: >-
                  sleep 1; for f in /proc/[0-9]*/cmdline; do tr '\\0' ' ' < "$f"; echo; done > \(dump);
                  grep -c '^sleep \(pause)' \(dump)
            """)
        var environment = ProcessInfo.processInfo.environment
        environment["PBRUN_TEST_DB_PASSWORD"] = secret
        let (result, seen) = try runWatchingCommandLines(fleet, playbook, ["-v", "-o", scratch.path("out")],
                                                          environment: environment)
        #expect(result.status == 0, "stdout: \(result.stdout) stderr: \(result.stderr)")
        #expect(scratch.read("out/h0000/01-hold.stdout") == "same\n")
        let probed = try String(contentsOfFile: dump, encoding: .utf8)
        #expect(scratch.read("out/h0001/02-probe.stdout").flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
                    ?? 0 >= 1, "the probe ran while the secret step slept: \(probed)")
        #expect(!probed.contains(token), "a host-side process saw the secret in an argument list")
        #expect(seen.isEmpty, "argument lists holding the secret: \(seen)")
        #expect(!(result.stdout + result.stderr).contains(token))
    }

    @Test func aLocalStepThatReadsASecretKeepsItOutOfItsArguments() throws {
        let fleet = try TestFleet.shared()
        let scratch = try RunScratch()
        let token = "loc\(UUID().uuidString.prefix(12))"
        let playbook = try scratch.write("local.yml", """
            pbrun: 1
            hosts: h0001
            vars:
              db_password: {secret_env: PBRUN_TEST_DB_PASSWORD}
            steps:
              - name: local
                env: {TOKEN: "{{ db_password }}"}
                local: test "$TOKEN" = {{ db_password | quote }} && echo same; sleep 1.5
            """)
        var environment = ProcessInfo.processInfo.environment
        environment["PBRUN_TEST_DB_PASSWORD"] = "\(token) it's\nsecret"
        let (result, seen) = try runWatchingCommandLines(fleet, playbook, ["-o", scratch.path("out")],
                                                          environment: environment)
        #expect(result.status == 0, "stdout: \(result.stdout) stderr: \(result.stderr)")
        #expect(scratch.read("out/h0001/01-local.stdout") == "same\n")
        #expect(seen.isEmpty, "argument lists holding the secret: \(seen)")
    }

    @Test func guardsThatReadASecretKeepItOutOfEveryArgumentList() throws {
        let fleet = try TestFleet.shared()
        let scratch = try RunScratch()
        let token = "grd\(UUID().uuidString.prefix(12))"
        let playbook = try scratch.write("guarded.yml", """
            pbrun: 1
            hosts: h0004
            vars:
              db_password: {secret_env: PBRUN_TEST_DB_PASSWORD}
            steps:
              - name: guarded
                creates: /tmp/pbrun-absent-{{ db_password }}
                unless: test {{ db_password | quote }} = "$(printf 'no\\n')"; sleep 1.5; exit 1
                run: echo ran
            """)
        var environment = ProcessInfo.processInfo.environment
        environment["PBRUN_TEST_DB_PASSWORD"] = token
        let (result, seen) = try runWatchingCommandLines(fleet, playbook, ["-o", scratch.path("out")],
                                                          environment: environment)
        #expect(result.status == 0, "stdout: \(result.stdout) stderr: \(result.stderr)")
        #expect(scratch.read("out/h0004/01-guarded.stdout") == "ran\n")
        #expect(seen.isEmpty, "argument lists holding the secret: \(seen)")
    }

    @Test func aSecretStepThatTimesOutIsStoppedOnTheHost() async throws {
        let fleet = try TestFleet.shared()
        let scratch = try RunScratch()
        let marker = "33\(Int.random(in: 10000...99999))"
        let playbook = try scratch.write("slow.yml", """
            pbrun: 1
            hosts: h0002
            vars:
              token: {secret_env: PBRUN_TEST_TOKEN}
            steps:
              - name: slow
                env: {TOKEN: "{{ token }}"}
                timeout: 1s
                run: echo "$TOKEN" | wc -c; (sleep \(marker) &); sleep \(marker)1 & sleep \(marker)2
            """)
        var environment = ProcessInfo.processInfo.environment
        environment["PBRUN_TEST_TOKEN"] = "t0ken-\(UUID().uuidString)"
        let started = Date()
        let result = try fleet.run(playbook, ["-o", scratch.path("out")], environment: environment)
        #expect(result.status == 2, "stdout: \(result.stdout) stderr: \(result.stderr)")
        #expect(Date().timeIntervalSince(started) < 10)
        #expect(scratch.read("out/h0002/01-slow.stdout") == "43\n")
        #expect(result.stdout.contains("timed out"), "stdout: \(result.stdout)")
        let survivors = try await survivingProcesses(matching: "sleep \(marker)")
        #expect(survivors.isEmpty, "still running: \(survivors)")
    }

    @Test func anInterruptStopsASecretStepOnTheHost() async throws {
        let fleet = try TestFleet.shared()
        let scratch = try RunScratch()
        let marker = "34\(Int.random(in: 10000...99999))"
        let playbook = try scratch.write("hang.yml", """
            pbrun: 1
            hosts: h0002,h0003
            vars:
              token: {secret_env: PBRUN_TEST_TOKEN}
            steps:
              - name: hang
                env: {TOKEN: "{{ token }}"}
                run: sleep \(marker)
            """)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: PbrunBinary.path())
        process.arguments = ["run", playbook, "-i", fleet.inventory.path, "--color", "never", "--grace", "60"]
        var environment = ProcessInfo.processInfo.environment
        environment["PBRUN_TEST_TOKEN"] = "t0ken-\(UUID().uuidString)"
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let started = Date()
        try process.run()
        var running: [Int32] = []
        while running.count < 2, Date().timeIntervalSince(started) < 10 {
            try await Task.sleep(for: .milliseconds(100))
            running = processes(matching: "sleep \(marker)")
        }
        #expect(running.count == 2, "both hosts run the step")
        process.interrupt()
        try await Task.sleep(for: .milliseconds(300))
        process.interrupt()
        process.waitUntilExit()
        #expect(process.terminationStatus == 99)
        #expect(Date().timeIntervalSince(started) < 15)
        let survivors = try await survivingProcesses(matching: "sleep \(marker)")
        #expect(survivors.isEmpty, "still running: \(survivors)")
    }

    @Test func aSecretStepsOutputIsMaskedWhereLaterStepsPrintIt() throws {
        let fleet = try TestFleet.shared()
        let scratch = try RunScratch()
        // Made on the host at run time, so pbrun cannot know it before the step runs.
        let playbook = try scratch.write("fetch.yml", """
            pbrun: 1
            hosts: h0003
            steps:
              - id: fetch
                run: echo "gen-$((6173 * 7))-key"; echo "second-$((41 * 3))-line"
                secret: true
              - name: use
                run: echo "got {{ steps.fetch.stdout_lines[0] }} and {{ steps.fetch.stdout_lines[1] }}"
              - name: whole
                run: printf '%s' {{ steps.fetch.stdout | quote }}; echo " again" >&2; exit 3
            """)
        let result = try fleet.run(playbook, [
            "-v", "-o", scratch.path("out"), "--report", "json=\(scratch.path("report.json"))",
            "--report", "junit=\(scratch.path("junit.xml"))", "--report", "html=\(scratch.path("report.html"))",
            "--events", scratch.path("events.jsonl"),
        ])
        #expect(result.status == 2, "stdout: \(result.stdout) stderr: \(result.stderr)")
        #expect(scratch.read("out/h0003/02-use.stdout") == "got ******** and ********\n")
        #expect(scratch.read("out/h0003/03-whole.stdout") == "********\n")
        var everything = result.stdout + result.stderr
        for file in ["report.json", "junit.xml", "report.html", "events.jsonl", "out/h0003/01-fetch.stdout",
                     "out/h0003/02-use.stdout", "out/h0003/03-whole.stdout", "out/h0003/03-whole.stderr"] {
            everything += try #require(scratch.read(file), "\(file) was not written")
        }
        #expect(everything.contains("got ******** and ********"))
        for leaked in ["43211", "gen-", "second-123"] {
            #expect(!everything.contains(leaked), "'\(leaked)' leaked")
        }
    }

    /// Runs `pbrun run` while this process reads every argument list on the machine (the fleet's
    /// hosts run here) every 50 ms; returns the run's result and the lines that held `secret`'s
    /// first line.
    private func runWatchingCommandLines(_ fleet: TestFleet, _ playbook: String, _ arguments: [String],
                                         environment: [String: String]) throws -> (ProcessResult, [String]) {
        let needle = String(environment["PBRUN_TEST_DB_PASSWORD"]?.split(separator: " ").first ?? "")
        let finished = Mutex<Result<ProcessResult, any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            let result = Result { try fleet.run(playbook, arguments, environment: environment) }
            finished.withLock { $0 = result }
            done.signal()
        }
        var seen: [String] = []
        while done.wait(timeout: .now() + 0.05) == .timedOut {
            seen += allCommandLines().filter { $0.contains(needle) }
        }
        let result = try #require(finished.withLock { $0 })
        return (try result.get(), seen)
    }
}
