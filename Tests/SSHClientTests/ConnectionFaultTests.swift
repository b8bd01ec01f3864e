import Foundation
import SSHClient
import Testing
@testable import TestSupport

/// Hosts that cannot be reached, each for its own reason, and the message each gets.
@Suite struct ConnectionFaultTests {
    private func connectError(_ target: SSHTarget, retries: Int = 0) async -> ConnectionError? {
        do {
            let session = try await SSHSession.connect(target, options: ConnectOptions(connectRetries: retries))
            await session.close()
            return nil
        } catch {
            return error
        }
    }

    @Test func aRefusedConnectionSaysSo() async throws {
        let fleet = try TestFleet.shared()
        var target = fleet.connection(0)
        target.port = try TestFleet.freePort()
        let error = try #require(await connectError(target, retries: 2))
        #expect(error.cause == .refused)
        #expect(error.description == "h0000 (127.0.0.2:\(target.port)): unreachable: connection refused")
    }

    @Test func aListenerThatSendsNoBannerTimesOutWithinTheConnectTimeout() async throws {
        let fleet = try TestFleet.shared()
        let listener = try SilentListener()
        defer { listener.stop() }
        var target = fleet.connection(0, connectTimeout: 1)
        target.address = "127.0.0.1"
        target.port = listener.port
        let started = Date()
        let error = try #require(await connectError(target))
        let elapsed = Date().timeIntervalSince(started)
        #expect(error.cause == .timedOut)
        #expect(error.description
            == "h0000 (127.0.0.1:\(listener.port)): unreachable: banner, handshake and authentication timed out after 1 s")
        // Loose above: other suites' blocking child processes can hold the two cooperative threads
        // for a while; it must still end long before the 10 s default would.
        #expect(elapsed >= 0.9 && elapsed < 8, "took \(elapsed) s")
    }

    @Test func aNameThatDoesNotResolveIsUnreachable() async throws {
        let fleet = try TestFleet.shared()
        var target = fleet.connection(0, connectTimeout: 5)
        target.address = "no-such-host.invalid"
        let error = try #require(await connectError(target))
        #expect(error.cause == .unresolvable)
        #expect(error.summary.hasPrefix("h0000 (no-such-host.invalid:\(fleet.port)): unreachable: cannot resolve "
            + "no-such-host.invalid: "))
    }

    @Test func aWrongKeySaysWhatWasTriedAndWhatTheServerAccepts() async throws {
        let fleet = try TestFleet.shared()
        let error = try #require(await connectError(fleet.connection(1, key: fleet.wrongKey)))
        #expect(error.cause == .authenticationFailed)
        #expect(error.description == """
            h0001 (127.0.0.3:\(fleet.port)): unreachable: authentication failed for user \(fleet.user)
              Tried: publickey \(fleet.wrongKey.path); the server accepts: \(fleet.offeredMethods).
            """)
    }

    @Test func aKeyReadableByOthersIsRefused() async throws {
        let fleet = try TestFleet.shared()
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("pbrun-key-\(UUID().uuidString.prefix(8))")
        try FileManager.default.copyItem(at: fleet.key, to: copy)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: copy.path)
        defer { try? FileManager.default.removeItem(at: copy) }
        let error = try #require(await connectError(fleet.connection(3, key: copy)))
        #expect(error.cause == .keyFile)
        #expect(error.description == """
            h0003 (127.0.0.5:\(fleet.port)): unreachable: key file \(copy.path) is readable by others
              Private keys must not be accessible by others (as OpenSSH requires): chmod 600 \(copy.path)
            """)
    }
}
