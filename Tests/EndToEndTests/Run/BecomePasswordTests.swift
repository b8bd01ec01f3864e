import Foundation
import Runner
import SSHClient
import Synchronization
import Testing
@testable import TestSupport

/// `become` with a password: `sudo -S` fed from PBRUN_BECOME_PASSWORD (or the inventory's
/// `ansible_become_password`) through the command's stdin, never an argument; a wrong or missing
/// password fails the step at once with a message that says what to do.
@Suite(.enabled(if: getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/sudo"),
                "the fleet sets a password and a sudo rule only when started as root on a machine with sudo"))
struct BecomePasswordTests {
    /// The fleet's login password, or a skip with the reason.
    private func password(_ fleet: TestFleet) throws -> String {
        try #require(fleet.password, "the fleet has no password (it was not started as root)")
    }

    private func playbook(_ scratch: RunScratch, host: String, run: String = "id -un") throws -> String {
        try scratch.write("become.yml", """
            pbrun: 1
            hosts: \(host)
            steps:
              - name: as pbrunsudo
                run: \(run)
                become: true
                become_user: \(TestFleet.sudoPasswordUser)
              - name: as root
                run: id -un
                become: true
            """)
    }

    private func environment(becomePassword: String?) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["PBRUN_BECOME_PASSWORD"] = becomePassword
        return environment
    }

    @Test func thePasswordFromTheEnvironmentBecomesTheUserAndIsNeverShown() throws {
        let fleet = try TestFleet.shared()
        let password = try password(fleet)
        let scratch = try RunScratch()
        let path = try playbook(scratch, host: "h0004", run: "id -un; sleep 1.5")
        let seen = Mutex<[String]>([])
        let watching = Atomic<Bool>(true)
        let watcher = Thread {
            while watching.load(ordering: .relaxed) {
                let lines = allCommandLines().filter { $0.contains(password) }
                seen.withLock { $0 += lines }
                Thread.sleep(forTimeInterval: 0.03)
            }
        }
        watcher.start()
        let result = try fleet.run(path, [
            "-v", "-o", scratch.path("out"), "--report", "json=\(scratch.path("report.json"))",
            "--events", scratch.path("events.jsonl"),
        ], environment: environment(becomePassword: password))
        watching.store(false, ordering: .relaxed)
        #expect(result.status == 0, "stdout: \(result.stdout) stderr: \(result.stderr)")
        #expect(scratch.read("out/h0004/01-as-pbrunsudo.stdout") == "\(TestFleet.sudoPasswordUser)\n")
        #expect(scratch.read("out/h0004/02-as-root.stdout") == "root\n")
        var everything = result.stdout + result.stderr
        for file in ["report.json", "events.jsonl", "out/h0004/01-as-pbrunsudo.stdout", "out/h0004/01-as-pbrunsudo.stderr"] {
            everything += scratch.read(file) ?? ""
        }
        #expect(!everything.contains(password))
        #expect(seen.withLock { $0 }.isEmpty, "argument lists holding the password: \(seen.withLock { $0 })")
    }

    @Test func thePasswordFromTheInventoryBecomesTheUser() throws {
        let fleet = try TestFleet.shared()
        let password = try password(fleet)
        let scratch = try RunScratch()
        let path = try playbook(scratch, host: "h0005")
        let extra = try scratch.write("become.yml.inventory.yml", """
            all:
              vars:
                ansible_become_password: \(password)
            """)
        let result = try PbrunBinary.run([
            "run", path, "-i", fleet.inventory.path, "-i", extra, "--color", "never", "-o", scratch.path("out"),
        ], environment: environment(becomePassword: nil))
        #expect(result.status == 0, "stdout: \(result.stdout) stderr: \(result.stderr)")
        #expect(scratch.read("out/h0005/01-as-pbrunsudo.stdout") == "\(TestFleet.sudoPasswordUser)\n")
        #expect(!(result.stdout + result.stderr).contains(password))
    }

    @Test func aWrongPasswordFailsAtOnceWithSudosMessage() throws {
        let fleet = try TestFleet.shared()
        _ = try password(fleet)
        let scratch = try RunScratch()
        let wrong = "wrong-\(UUID().uuidString.prefix(8))"
        let path = try playbook(scratch, host: "h0006")
        let started = Date()
        let result = try fleet.run(path, ["-o", scratch.path("out")], environment: environment(becomePassword: wrong))
        let elapsed = Date().timeIntervalSince(started)
        #expect(result.status == 2, "stdout: \(result.stdout) stderr: \(result.stderr)")
        #expect(elapsed < 8, "took \(elapsed) s")
        let stderr = scratch.read("out/h0006/01-as-pbrunsudo.stderr") ?? ""
        #expect(stderr.contains("incorrect password attempt"), "stderr: \(stderr)")
        #expect(stderr.contains("pbrun: become: sudo -S -u pbrunsudo did not accept the become password "
                                + "(PBRUN_BECOME_PASSWORD, or ansible_become_password in the inventory)"))
        #expect(scratch.read("out/h0006/01-as-pbrunsudo.stdout") ?? "" == "")
        #expect(!(result.stdout + result.stderr + stderr).contains(wrong))
    }

    @Test func noPasswordFailsAtOnceSayingWhatToSet() throws {
        let fleet = try TestFleet.shared()
        _ = try password(fleet)
        let scratch = try RunScratch()
        let path = try playbook(scratch, host: "h0007")
        let started = Date()
        let result = try fleet.run(path, ["-o", scratch.path("out")], environment: environment(becomePassword: nil))
        #expect(result.status == 2, "stdout: \(result.stdout) stderr: \(result.stderr)")
        #expect(Date().timeIntervalSince(started) < 8)
        let stderr = scratch.read("out/h0007/01-as-pbrunsudo.stderr") ?? ""
        #expect(stderr.contains("sudo: a password is required"), "stderr: \(stderr)")
        #expect(stderr.contains("pbrun: become: sudo -n -u pbrunsudo failed; if sudo needs a password for that, "
                                + "set PBRUN_BECOME_PASSWORD (or ansible_become_password in the inventory)"))
        #expect(result.stdout.contains("PBRUN_BECOME_PASSWORD"), "the console shows the hint: \(result.stdout)")
    }

    /// The wrapper's TERM cannot reach another user's processes; the shell sudo runs stops them.
    @Test func aTimedOutBecomeCommandLeavesNothingOnTheHost() async throws {
        let fleet = try TestFleet.shared()
        let password = try password(fleet)
        let session = try await SSHSession.connect(fleet.connection(4), options: ConnectOptions())
        let marker = "35\(Int.random(in: 10000...99999))"
        let becomes: [(become: RemoteCommand.Become, secret: Bool)] = [
            (RemoteCommand.Become(user: "root"), false),
            (RemoteCommand.Become(user: "root"), true),
            (RemoteCommand.Become(user: TestFleet.sudoPasswordUser, password: password), false),
        ]
        for (index, (become, secret)) in becomes.enumerated() {
            let sink = CollectingSink()
            let started = Date()
            let result = try await session.execute(
                RemoteCommand("id -un; sleep \(marker)\(index)", become: become, timeout: 1, secret: secret),
                output: sink)
            #expect(result.timedOut, "stderr: \(sink.stderrText)")
            #expect(sink.stdoutText == "\(become.user)\n")
            #expect(Date().timeIntervalSince(started) < 8)
        }
        await session.close()
        let survivors = try await survivingProcesses(matching: "sleep \(marker)")
        #expect(survivors.isEmpty, "still running: \(survivors)")
    }
}
