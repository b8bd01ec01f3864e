import Foundation
import Glibc
import SSHClient
import Testing
@testable import TestSupport

/// A server whose only host key is RSA (as many older fleets still have): verified with
/// rsa-sha2-512/256 under every policy, recorded by accept-new, and refused when it changed.
@Suite(.serialized) struct RSAOnlyHostTests {
    /// An sshd on a free loopback port with the fleet's configuration but one RSA host key.
    final class RSAOnlyServer {
        let port: Int
        let directory: URL
        let hostKeyLine: String
        private let pid: pid_t

        init(fleet: TestFleet) async throws {
            directory = fleet.directory.appendingPathComponent("rsa-only-\(UUID().uuidString.prefix(8))")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let hostKey = directory.appendingPathComponent("ssh_host_rsa_key").path
            let keygen = try ProcessResult.run("/usr/bin/ssh-keygen", ["-q", "-t", "rsa", "-b", "2048", "-N", "", "-f", hostKey])
            try #require(keygen.status == 0)
            hostKeyLine = try String(contentsOfFile: hostKey + ".pub", encoding: .utf8)
                .split(separator: " ").prefix(2).joined(separator: " ")
            port = try TestFleet.freePort()
            let base = try String(contentsOf: fleet.directory.appendingPathComponent("run/sshd_0.conf"), encoding: .utf8)
            let config = base.split(separator: "\n").filter {
                !$0.hasPrefix("HostKey ") && !$0.hasPrefix("ListenAddress ") && !$0.hasPrefix("Port ")
                    && !$0.hasPrefix("PidFile ")
            }.joined(separator: "\n") + "\nHostKey \(hostKey)\nListenAddress 127.0.0.1:\(port)\n"
                + "PidFile \(directory.path)/sshd.pid\n"
            let configPath = directory.appendingPathComponent("sshd.conf")
            try config.write(to: configPath, atomically: true, encoding: .utf8)
            // Started with posix_spawn, not Foundation's Process: a long-lived Process child stalls
            // Foundation's reaping of every other child process in this test process.
            var child: pid_t = 0
            let arguments = ["/usr/sbin/sshd", "-D", "-f", configPath.path]
            var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
            defer { for pointer in argv { free(pointer) } }
            try #require(posix_spawn(&child, "/usr/sbin/sshd", nil, nil, &argv, environ) == 0)
            pid = child
            for _ in 0..<100 where !Self.listening(port) { try await Task.sleep(for: .milliseconds(20)) }
        }

        func stop() {
            kill(pid, SIGTERM)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }

        private static func listening(_ port: Int) -> Bool {
            (try? ProcessResult.run("/usr/bin/ss", ["-Hltn", "sport = :\(port)"]).stdout.isEmpty == false) ?? false
        }

        /// The fleet's login to this server, checking host keys in `knownHosts` under `policy`.
        func target(_ fleet: TestFleet, knownHosts: URL, policy: HostKeyPolicy) -> SSHTarget {
            var target = fleet.connection(0)
            target.address = "127.0.0.1"
            target.port = port
            target.knownHostsFile = knownHosts.path
            target.hostKeyPolicy = policy
            return target
        }
    }

    private func connectError(_ target: SSHTarget) async -> ConnectionError? {
        do {
            let session = try await SSHSession.connect(target, options: ConnectOptions(connectRetries: 0))
            let result = try await session.execute(ExecRequest("echo rsa-host"), output: DiscardingSink())
            await session.close()
            #expect(result.exitStatus == 0)
            return nil
        } catch let error as ConnectionError {
            return error
        } catch {
            Issue.record("the command failed: \(error)")
            return nil
        }
    }

    @Test func anRSAOnlyHostIsRecordedByAcceptNewThenVerifiedUnderStrict() async throws {
        let fleet = try TestFleet.shared()
        let server = try await RSAOnlyServer(fleet: fleet)
        defer { server.stop() }
        let knownHosts = server.directory.appendingPathComponent("known_hosts")
        try "".write(to: knownHosts, atomically: true, encoding: .utf8)
        #expect(await connectError(server.target(fleet, knownHosts: knownHosts, policy: .strict))?.cause == .hostKeyUnknown)
        #expect(await connectError(server.target(fleet, knownHosts: knownHosts, policy: .acceptNew))?.description == nil)
        #expect(try String(contentsOf: knownHosts, encoding: .utf8) == "[127.0.0.1]:\(server.port) \(server.hostKeyLine)\n")
        #expect(await connectError(server.target(fleet, knownHosts: knownHosts, policy: .strict))?.description == nil)
    }

    @Test func aChangedRSAHostKeyIsRefused() async throws {
        let fleet = try TestFleet.shared()
        let server = try await RSAOnlyServer(fleet: fleet)
        defer { server.stop() }
        let other = server.directory.appendingPathComponent("other_rsa_key").path
        try #require(try ProcessResult.run("/usr/bin/ssh-keygen", ["-q", "-t", "rsa", "-b", "2048", "-N", "", "-f", other]).status == 0)
        let otherLine = try String(contentsOfFile: other + ".pub", encoding: .utf8).split(separator: " ").prefix(2)
            .joined(separator: " ")
        let knownHosts = server.directory.appendingPathComponent("known_hosts")
        try "[127.0.0.1]:\(server.port) \(otherLine)\n".write(to: knownHosts, atomically: true, encoding: .utf8)
        for policy in [HostKeyPolicy.strict, .acceptNew] {
            let error = await connectError(server.target(fleet, knownHosts: knownHosts, policy: policy))
            #expect(error?.cause == .hostKeyChanged)
            #expect(error?.summary == "h0000 (127.0.0.1:\(server.port)): unreachable: host key changed")
        }
    }
}
