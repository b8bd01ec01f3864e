import Foundation
import SSHClient
import Testing
@testable import TestSupport

/// Host keys under each policy, against real sshd hosts and real known_hosts files.
@Suite struct HostKeyTests {
    /// A known_hosts file in a fresh folder with `contents`.
    private func knownHostsFile(_ contents: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("pbrun-kh-\(UUID().uuidString.prefix(8))").appendingPathComponent("known_hosts")
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try contents.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    private func connectError(_ target: SSHTarget, options: ConnectOptions = ConnectOptions(connectRetries: 0))
        async -> ConnectionError?
    {
        do {
            let session = try await SSHSession.connect(target, options: options)
            await session.close()
            return nil
        } catch {
            return error
        }
    }

    @Test func strictRefusesAnUnknownHost() async throws {
        let fleet = try TestFleet.shared()
        let file = try knownHostsFile("")
        let error = try #require(await connectError(fleet.connection(0, knownHosts: file)))
        #expect(error.cause == .hostKeyUnknown)
        #expect(error.summary == "h0000 (127.0.0.2:\(fleet.port)): unreachable: host key unknown")
        #expect(error.description.contains("No ssh-ed25519 key for [127.0.0.2]:\(fleet.port) in \(file.path)"))
        #expect(try String(contentsOf: file, encoding: .utf8) == "", "strict never writes")
    }

    @Test func aChangedKeyIsRefusedUnderStrictAndAcceptNew() async throws {
        let fleet = try TestFleet.shared()
        let otherKey = try String(contentsOf: fleet.wrongKey.appendingPathExtension("pub"), encoding: .utf8)
            .split(separator: " ").prefix(2).joined(separator: " ")
        let file = try knownHostsFile("[127.0.0.3]:\(fleet.port) \(otherKey)\n")
        for policy in [HostKeyPolicy.strict, .acceptNew] {
            let error = try #require(await connectError(fleet.connection(1, knownHosts: file, checking: policy)))
            #expect(error.cause == .hostKeyChanged)
            #expect(error.summary == "h0001 (127.0.0.3:\(fleet.port)): unreachable: host key changed")
        }
        #expect(try String(contentsOf: file, encoding: .utf8) == "[127.0.0.3]:\(fleet.port) \(otherKey)\n")
    }

    @Test func offConnectsWithoutAnyKnownHosts() async throws {
        let fleet = try TestFleet.shared()
        let file = try knownHostsFile("")
        #expect(await connectError(fleet.connection(2, knownHosts: file, checking: .off))?.description == nil)
    }

    @Test func hashedEntriesAreUnderstood() async throws {
        let fleet = try TestFleet.shared()
        let file = try knownHostsFile(try String(contentsOf: fleet.knownHosts, encoding: .utf8))
        let hashed = try ProcessResult.run("/usr/bin/ssh-keygen", ["-H", "-f", file.path])
        #expect(hashed.status == 0, "\(hashed.stderr)")
        #expect(try String(contentsOf: file, encoding: .utf8).hasPrefix("|1|"))
        #expect(await connectError(fleet.connection(3, knownHosts: file))?.description == nil)
    }

    @Test func acceptNewRecordsEveryHostOnceAndThenMatches() async throws {
        let fleet = try TestFleet.shared()
        let file = try knownHostsFile("")
        await withTaskGroup(of: ConnectionError?.self) { group in
            for index in 0..<TestFleet.hostCount {
                group.addTask { await connectError(fleet.connection(index, knownHosts: file, checking: .acceptNew)) }
            }
            for await error in group { #expect(error?.description == nil) }
        }
        let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == TestFleet.hostCount)
        #expect(Set(lines.map { $0.split(separator: " ")[0] }).count == TestFleet.hostCount)
        // What accept-new wrote is a valid file OpenSSH finds every host in.
        for index in 0..<TestFleet.hostCount {
            let found = try ProcessResult.run("/usr/bin/ssh-keygen",
                                              ["-F", "[\(fleet.address(index))]:\(fleet.port)", "-f", file.path])
            #expect(found.status == 0, "host \(index) missing: \(found.stdout)")
        }
    }

    /// A hundred unknown hosts accepted at once leave a valid file with exactly a hundred lines.
    @Test func acceptNewWithAHundredHostsAtOnceLeavesAValidFile() async throws {
        let fleet = try TestFleet.start(hosts: 100)
        defer { try? fleet.stop() }
        let file = try knownHostsFile("")
        let options = ConnectOptions(startupLimiter: StartupLimiter(limit: 100), connectRetries: 0)
        let failures = await withTaskGroup(of: String?.self) { group in
            for index in 0..<100 {
                // The do/catch lives in connectError, not in this child closure (see COMMON.md).
                group.addTask {
                    await connectError(fleet.connection(index, knownHosts: file, checking: .acceptNew), options: options)?
                        .description
                }
            }
            var failures: [String] = []
            for await failure in group { if let failure { failures.append(failure) } }
            return failures
        }
        #expect(failures.isEmpty, "\(failures.prefix(3))")
        let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 101 && lines.last == "", "100 lines, each ended")
        let listed = try ProcessResult.run("/usr/bin/ssh-keygen", ["-l", "-f", file.path])
        #expect(listed.status == 0)
        #expect(listed.stdout.split(separator: "\n").count == 100, "OpenSSH reads every line")
    }
}
