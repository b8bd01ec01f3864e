import Foundation
import Testing
@testable import TestSupport

/// The local test fleet itself: real sshd processes that accept the generated key, refuse a wrong
/// one, and leave nothing behind when stopped.
@Suite(.serialized) struct FleetScriptTests {
    private func ssh(_ fleet: TestFleet, host: Int, key: URL, command: String = "echo ok") throws -> ProcessResult {
        try ProcessResult.run("/usr/bin/ssh", [
            "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes", "-o", "StrictHostKeyChecking=yes",
            "-o", "UserKnownHostsFile=\(fleet.knownHosts.path)", "-o", "ConnectTimeout=10",
            "-i", key.path, "-p", String(fleet.port), "\(fleet.user)@\(fleet.address(host))", command,
        ])
    }

    @Test func acceptsTheFleetKeyAndRefusesAWrongOne() throws {
        let fleet = try TestFleet.shared()
        let good = try ssh(fleet, host: 1, key: fleet.key, command: "echo hello-from-$(id -un)")
        #expect(good.status == 0, "stderr: \(good.stderr)")
        #expect(good.stdout == "hello-from-\(fleet.user)\n")

        let wrong = try ssh(fleet, host: 1, key: fleet.wrongKey)
        #expect(wrong.status == 255)
        #expect(wrong.stderr.contains("Permission denied"), "stderr: \(wrong.stderr)")
    }

    @Test func inventoryNamesEveryHostItsKeyAndKnownHosts() throws {
        let fleet = try TestFleet.shared()
        let inventory = try String(contentsOf: fleet.inventory, encoding: .utf8)
        for index in 0..<TestFleet.hostCount {
            #expect(inventory.contains("ansible_host: \(fleet.address(index))"))
        }
        #expect(inventory.contains("ansible_ssh_private_key_file: \(fleet.key.path)"))
        #expect(inventory.contains("UserKnownHostsFile=\(fleet.knownHosts.path)"))
        let knownHosts = try String(contentsOf: fleet.knownHosts, encoding: .utf8)
        #expect(knownHosts.split(separator: "\n").count == TestFleet.hostCount)
    }

    /// A hundred hosts, a hundred strict OpenSSH logins, then a stop that leaves no sshd behind;
    /// starting twice in a row must not leave strays either.
    @Test func hundredHostsAllAcceptLoginsAndStopLeavesNothing() async throws {
        let fleet = try TestFleet.start(hosts: 100)
        defer { try? fleet.stop() }
        let firstPIDs = try fleet.listenerPIDs()
        #expect(firstPIDs.count == 7)  // 100 hosts, 16 per sshd

        // Starting again replaces the running fleet rather than adding to it.
        try TestFleet.runScript(["--dir", fleet.directory.path, "--port", String(fleet.port), "start", "100"])
        for pid in firstPIDs { #expect(kill(pid, 0) != 0, "sshd \(pid) of the first start survived") }
        #expect(try fleet.listenerPIDs().count == 7)

        let failures = try await withThrowingTaskGroup(of: String?.self) { group in
            for host in 0..<100 {
                group.addTask { try loginFailure(fleet, host: host) }
            }
            var failures: [String] = []
            for try await failure in group { if let failure { failures.append(failure) } }
            return failures
        }
        #expect(failures.isEmpty, "\(failures.count) logins failed: \(failures.prefix(3))")

        let pids = try fleet.listenerPIDs()
        try fleet.stop()
        for pid in pids { #expect(kill(pid, 0) != 0, "sshd \(pid) still runs after stop") }
        #expect(try fleet.listenerPIDs().isEmpty)
    }

    /// Kept out of the task group's closure (DESIGN.md, Known ground: a do/catch inside a TaskGroup
    /// child was miscompiled in release builds).
    private func loginFailure(_ fleet: TestFleet, host: Int) throws -> String? {
        let result = try ssh(fleet, host: host, key: fleet.key)
        return result.status == 0 && result.stdout == "ok\n" ? nil : "host \(host): \(result.stderr)"
    }

    @Test func stalePIDFileIsHandled() throws {
        let fleet = try TestFleet.start(hosts: 1)
        defer { try? fleet.stop() }
        try fleet.stop()
        // A PID file naming a process that is not our sshd (this test process) must be ignored.
        let stale = fleet.directory.appendingPathComponent("run/sshd_0.pid")
        try String(getpid()).write(to: stale, atomically: true, encoding: .utf8)
        let status = try ProcessResult.run(
            TestFleet.projectRoot.appendingPathComponent("scripts/fleet").path,
            ["--dir", fleet.directory.path, "--port", String(fleet.port), "status"])
        #expect(status.stdout.contains("not running"))
        try TestFleet.runScript(["--dir", fleet.directory.path, "--port", String(fleet.port), "start", "1"])
        #expect(try fleet.listenerPIDs().count == 1)
    }
}
