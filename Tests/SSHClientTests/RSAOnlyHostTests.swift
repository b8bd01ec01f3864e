import Foundation
import Glibc
import SSHClient
import Testing
@testable import TestSupport

/// A server that has only an RSA host key: libssh2 1.10 cannot verify it with a signature OpenSSH
/// 8.8+ still offers, so the key exchange fails, and the error must say why and what to do.
@Suite struct RSAOnlyHostTests {
    @Test func anRSAOnlyHostFailsTheKeyExchangeWithTheExplanation() async throws {
        let fleet = try TestFleet.shared()
        let directory = fleet.directory.appendingPathComponent("rsa-only-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let hostKey = directory.appendingPathComponent("ssh_host_rsa_key").path
        let keygen = try ProcessResult.run("/usr/bin/ssh-keygen", ["-q", "-t", "rsa", "-b", "2048", "-N", "", "-f", hostKey])
        #expect(keygen.status == 0)
        let port = try TestFleet.freePort()
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
        var pid: pid_t = 0
        let arguments = ["/usr/sbin/sshd", "-D", "-f", configPath.path]
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        let spawned = posix_spawn(&pid, "/usr/sbin/sshd", nil, nil, &argv, environ)
        try #require(spawned == 0)
        defer {
            kill(pid, SIGTERM)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
        for _ in 0..<100 where !listening(port) { try await Task.sleep(for: .milliseconds(20)) }

        var target = fleet.connection(0)
        target.address = "127.0.0.1"
        target.port = port
        target.hostKeyPolicy = .off
        do {
            let session = try await SSHSession.connect(target, options: ConnectOptions(connectRetries: 0))
            await session.close()
            Issue.record("an RSA-only host was expected to fail the key exchange")
        } catch {
            #expect(error.cause == .handshakeFailed)
            #expect(error.summary.hasPrefix("h0000 (127.0.0.1:\(port)): unreachable: key exchange failed"))
            #expect(error.description.contains("libssh2 1.10 verifies host keys with ssh-ed25519, ecdsa-sha2-* or "
                + "SHA-1 ssh-rsa only"), "\(error.description)")
            #expect(error.description.contains("Give the host an ed25519 host key"))
        }
    }

    private func listening(_ port: Int) -> Bool {
        (try? ProcessResult.run("/usr/bin/ss", ["-Hltn", "sport = :\(port)"]).stdout.isEmpty == false) ?? false
    }
}
