import Foundation
import Playbook
import Runner
import SSHClient
import Testing
@testable import TestSupport

/// Targets reached only through a jump host, in a network namespace the test makes (`JumpLab`).
@Suite(.serialized, .enabled(if: JumpLab.unavailableReason == nil, Comment(rawValue: JumpLab.unavailableReason ?? "")))
struct JumpHostTests {
    /// An inventory of the lab's three targets behind its jump host, as Ansible writes it.
    private func inventory(_ lab: JumpLab, _ fleet: TestFleet, jumpPort: Int? = nil) throws -> URL {
        let port = jumpPort ?? lab.jumpPort
        return try lab.inventory(fleet: fleet, route: "-J \(fleet.user)@\(lab.jumpAddress):\(port)",
                                 name: "inventory-\(port)")
    }

    private func target(_ lab: JumpLab, _ fleet: TestFleet, _ index: Int, jumpPort: Int? = nil) -> SSHTarget {
        SSHTarget(name: "t\(index + 1)", address: lab.targetAddresses[index], port: lab.targetPort, user: fleet.user,
                       keyFiles: [fleet.key.path], knownHostsFile: lab.knownHosts.path,
                       jumps: [SSHTarget.Hop(address: lab.jumpAddress, port: jumpPort ?? lab.jumpPort, user: fleet.user)],
                       connectTimeout: 5)
    }

    /// One command's output through the pool, or its error (outside the task group's closure).
    private static func run(_ command: RemoteCommand, on target: SSHTarget, pool: SessionPool,
                            sink: CollectingSink) async -> String? {
        do {
            let session = try await pool.session(for: target)
            let result = try await session.execute(command, output: sink)
            return result.succeeded ? nil : "\(target.name): \(result.summary)"
        } catch {
            return "\(target.name): \(error)"
        }
    }

    @Test func threeTargetsBehindOneJumpHostShareItsOneLoginAndKeepEveryByte() async throws {
        let fleet = try TestFleet.shared()
        let lab = try JumpLab.start(fleet: fleet)
        defer { lab.stop() }

        // The targets cannot be reached directly: their addresses are this machine's own loopback.
        var direct = target(lab, fleet, 0)
        direct.jumps = []
        let directError = await #expect(throws: ConnectionError.self) {
            let session = try await SSHSession.connect(direct, options: ConnectOptions(connectRetries: 0))
            await session.close()
        }
        #expect(directError?.reason == "connection refused")

        // Through the pool: one jump session, two commands at once on every target, 1 MiB each.
        let pool = SessionPool(options: ConnectOptions())
        let targets = (0..<3).map { target(lab, fleet, $0) }
        let jobs = targets.flatMap { target in (0..<2).map { (target, $0, CollectingSink()) } }
        let failures = await withTaskGroup(of: String?.self) { group in
            for (target, index, sink) in jobs {
                let command = RemoteCommand("yes \(target.name)-\(index)-$SSH_CONNECTION | head -c 1048576")
                group.addTask { await Self.run(command, on: target, pool: pool, sink: sink) }
            }
            var failures: [String] = []
            for await failure in group { if let failure { failures.append(failure) } }
            return failures
        }
        await pool.closeAll()
        #expect(failures.isEmpty, "\(failures)")
        for (target, index, sink) in jobs {
            // The target sees the connection come from the jump host's side of the namespace.
            let line = "\(target.name)-\(index)-127.0.0.1 "
            let text = sink.stdoutText
            #expect(sink.stdout.count == 1 << 20, "\(target.name) #\(index): \(sink.stdout.count) bytes")
            #expect(text.hasPrefix(line) && text.contains(" \(target.address) \(lab.targetPort)\n"), "\(text.prefix(80))")
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
            #expect(Set(lines).count == 1, "\(target.name) #\(index): every line the same")
        }
        #expect(lab.jumpLogins(expected: 1) == 1, "one login on the jump host for all three targets")
    }

    @Test func execAndRunWorkThroughTheJumpHostWithOneLoginEach() async throws {
        let fleet = try TestFleet.shared()
        let lab = try JumpLab.start(fleet: fleet)
        defer { lab.stop() }
        let inventory = try inventory(lab, fleet)

        let exec = try PbrunBinary.run(["exec", "-i", inventory.path, "targets", "--group", "--",
                                                       "echo reached $SSH_CONNECTION"])
        #expect(exec.status == 0, "stderr: \(exec.stderr)")
        for (index, address) in lab.targetAddresses.enumerated() {
            #expect(exec.stdout.contains("reached 127.0.0.1 "), "\(exec.stdout)")
            #expect(exec.stdout.contains(" \(address) \(lab.targetPort)\n"), "t\(index + 1): \(exec.stdout)")
        }
        #expect(exec.stdout.contains("3 hosts: 3 ok, 0 failed, 0 timed out, 0 unreachable"), "\(exec.stdout)")
        #expect(lab.jumpLogins(expected: 1) == 1, "pbrun exec logged in to the jump host once")

        let playbook = lab.directory.appendingPathComponent("two-steps.yml")
        try """
            pbrun: 1
            hosts: targets
            steps:
              - name: first
                run: echo first on $(echo $SSH_CONNECTION | cut -d' ' -f3)
              - name: second
                run: echo second
            """.write(to: playbook, atomically: true, encoding: .utf8)
        let output = lab.directory.appendingPathComponent("out").path
        let run = try PbrunBinary.run(["run", playbook.path, "-i", inventory.path, "--color", "never",
                                                      "-o", output])
        #expect(run.status == 0, "stdout: \(run.stdout)\nstderr: \(run.stderr)")
        for (index, address) in lab.targetAddresses.enumerated() {
            let first = try? String(contentsOfFile: "\(output)/t\(index + 1)/01-first.stdout", encoding: .utf8)
            let second = try? String(contentsOfFile: "\(output)/t\(index + 1)/02-second.stdout", encoding: .utf8)
            #expect(first == "first on \(address)\n")
            #expect(second == "second\n")
        }
        #expect(lab.jumpLogins(expected: 2) == 2, "pbrun run logged in to the jump host once more")
    }

    @Test func aDeadJumpHostMakesEveryTargetBehindItUnreachableWithTheCause() async throws {
        let fleet = try TestFleet.shared()
        let lab = try JumpLab.start(fleet: fleet)
        defer { lab.stop() }
        // A port on the jump host where nothing listens.
        let deadPort = lab.jumpPort + 1
        let inventory = try inventory(lab, fleet, jumpPort: deadPort)
        let started = Date()
        let exec = try PbrunBinary.run(["exec", "-i", inventory.path, "targets", "--", "true"])
        #expect(exec.status == 3, "stderr: \(exec.stderr)")
        for (index, address) in lab.targetAddresses.enumerated() {
            #expect(exec.stderr.contains(
                "t\(index + 1) (\(address):\(lab.targetPort)): unreachable: through jump host "
                    + "\(lab.jumpAddress):\(deadPort): connection refused\n"), "\(exec.stderr)")
        }
        #expect(Date().timeIntervalSince(started) < 5, "the jump host was tried once, not once per target")
        #expect(lab.jumpLogins() == 0)
    }

    @Test func theTargetsHostKeyIsCheckedUnderItsOwnName() async throws {
        let fleet = try TestFleet.shared()
        let lab = try JumpLab.start(fleet: fleet)
        defer { lab.stop() }
        // known_hosts knows the jump host but not the target.
        let partial = lab.directory.appendingPathComponent("known_hosts_jump_only")
        let lines = try String(contentsOf: lab.knownHosts, encoding: .utf8).split(separator: "\n")
        try (lines.filter { $0.hasPrefix("[\(lab.jumpAddress)]") }.joined(separator: "\n") + "\n")
            .write(to: partial, atomically: true, encoding: .utf8)
        var unknownTarget = target(lab, fleet, 1)
        unknownTarget.knownHostsFile = partial.path
        let error = await #expect(throws: ConnectionError.self) {
            let session = try await SSHSession.connect(unknownTarget, options: ConnectOptions(connectRetries: 0))
            await session.close()
        }
        #expect(error?.reason == "host key unknown")
        #expect(error?.explanation?.contains("No ssh-ed25519 key for [127.0.0.2]:\(lab.targetPort) in") == true,
                "\(error?.explanation ?? "")")
        #expect(lab.jumpLogins(expected: 1) == 1, "the jump host was reached and its key accepted")
    }

    @Test func theLabIsGoneAfterStop() throws {
        let fleet = try TestFleet.shared()
        let lab = try JumpLab.start(fleet: fleet)
        let namespace = lab.namespace
        #expect(JumpLab.namespaceExists(namespace))
        lab.stop()
        #expect(!JumpLab.namespaceExists(namespace))
        #expect(!FileManager.default.fileExists(atPath: lab.directory.path))
    }
}
