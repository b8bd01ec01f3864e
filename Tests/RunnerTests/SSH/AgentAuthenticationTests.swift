import Foundation
import Glibc
import Playbook
@testable import Runner
@testable import SSHClient
import Testing
@testable import TestSupport

/// Authentication through a real ssh-agent (`SSH_AUTH_SOCK`): tried first, listed once per run,
/// RSA identities signed with rsa-sha2, and a dead or hung agent never stops a run.
@Suite struct AgentAuthenticationTests {
    private func connect(_ target: SSHTarget, _ options: ConnectOptions) async -> ConnectionError? {
        do {
            let session = try await SSHSession.connect(target, options: options)
            let output = CollectingSink()
            let result = try? await session.execute(RemoteCommand("echo via-agent"), output: output)
            await session.close()
            return result?.succeeded == true && output.stdoutText == "via-agent\n"
                ? nil : ConnectionError(host: target.name, endpoint: "", cause: .connectionLost, reason: "no command")
        } catch {
            return error
        }
    }

    /// A key file that is never offered (RSA under 2048 bits): naming it keeps pbrun from looking
    /// for default keys in the home folder, so only the agent can log in.
    private static let neverOffered = Result { try TestKeys.make("rsa", bits: 1024) }

    /// A host with no usable key file of its own.
    private func agentOnly(_ fleet: TestFleet, _ index: Int) throws -> SSHTarget {
        fleet.connection(index, key: try Self.neverOffered.get())
    }

    @Test func theAgentsKeyLogsInWithoutAKeyFileAndIsListedOncePerRun() async throws {
        let fleet = try TestFleet.shared()
        let agent = try TestAgent()
        defer { agent.stop() }
        try agent.add(fleet.key)
        let options = ConnectOptions(connectRetries: 0, agentSocket: agent.socket)
        let targets = try (0..<4).map { try agentOnly(fleet, $0) }
        let errors = await withTaskGroup(of: ConnectionError?.self) { group in
            for target in targets { group.addTask { await connect(target, options) } }
            return await group.reduce(into: [ConnectionError?]()) { $0.append($1) }
        }
        #expect(errors.compactMap { $0?.description } == [])
        #expect(agent.listings == 1)
        #expect(agent.signatures == 4)
    }

    @Test func anAgentHoldingOnlyTheWrongKeySaysItWasTried() async throws {
        let fleet = try TestFleet.shared()
        let agent = try TestAgent()
        defer { agent.stop() }
        try agent.add(fleet.wrongKey)
        // The same key as a file is not offered a second time.
        let target = fleet.connection(1, key: fleet.wrongKey)
        let error = try #require(await connect(target, ConnectOptions(connectRetries: 0, agentSocket: agent.socket)))
        #expect(error.cause == .authenticationFailed)
        #expect(error.description == """
            h0001 (127.0.0.3:\(fleet.port)): unreachable: authentication failed for user \(fleet.user)
              Tried: ssh-agent with 1 identity; the server accepts: \(fleet.offeredMethods).
            """)
    }

    @Test func anRSAIdentityInTheAgentLogsIn() async throws {
        let fleet = try TestFleet.shared()
        let agent = try TestAgent()
        defer { agent.stop() }
        try agent.add(fleet.rsaKey)
        let options = ConnectOptions(connectRetries: 0, agentSocket: agent.socket)
        #expect(await connect(try agentOnly(fleet, 2), options)?.description == nil)
        #expect(agent.signatures == 1)
    }

    @Test func anAgentThatRefusesToSignIsNamedAndTheKeyFilesStillWork() async throws {
        let fleet = try TestFleet.shared()
        let agent = try TestAgent()
        defer { agent.stop() }
        try agent.add(fleet.key, confirm: true)
        try agent.add(fleet.wrongKey)
        let options = ConnectOptions(connectRetries: 0, agentSocket: agent.socket)
        let error = try #require(await connect(fleet.connection(5, key: fleet.wrongKey), options))
        #expect(error.description == """
            h0005 (127.0.0.7:\(fleet.port)): unreachable: authentication failed for user \(fleet.user)
              Tried: ssh-agent with 2 identities; the server accepts: \(fleet.offeredMethods).
              ssh-agent at \(agent.socket) did not sign with pbrun-fleet-client (ssh-ed25519)
            """)
        #expect(await connect(fleet.connection(5), options)?.description == nil)
    }

    @Test func anAgentSocketWithNoAgentBehindItFallsThroughToTheKeyFiles() async throws {
        let fleet = try TestFleet.shared()
        let dead = try SilentUnixListener(listening: false)
        defer { dead.stop() }
        let options = ConnectOptions(connectRetries: 0, agentSocket: dead.path)
        #expect(await connect(fleet.connection(3), options)?.description == nil)
        let error = try #require(await connect(fleet.connection(3, key: fleet.wrongKey), options))
        #expect(error.description == """
            h0003 (127.0.0.5:\(fleet.port)): unreachable: authentication failed for user \(fleet.user)
              Tried: publickey \(fleet.wrongKey.path); the server accepts: \(fleet.offeredMethods).
              ssh-agent at \(dead.path) refused the connection (is the agent running?)
            """)
    }

    @Test func aMissingAgentSocketIsNamedInTheFailure() async throws {
        let fleet = try TestFleet.shared()
        let missing = "/nonexistent/pbrun-agent.sock"
        let options = ConnectOptions(connectRetries: 0, agentSocket: missing)
        let error = try #require(await connect(fleet.connection(4, key: fleet.wrongKey), options))
        #expect(error.explanation?.contains("ssh-agent at \(missing) cannot be used: No such file or directory")
            == true)
    }

    @Test func anAgentThatNeverAnswersIsGivenUpAfterItsTimeoutOncePerRun() async throws {
        let fleet = try TestFleet.shared()
        let hung = try SilentUnixListener(listening: true)
        defer { hung.stop() }
        let options = ConnectOptions(connectRetries: 0, agentSocket: hung.path, agentTimeout: 1)
        let started = Date()
        let errors = await withTaskGroup(of: ConnectionError?.self) { group in
            for index in 4..<8 { group.addTask { await connect(fleet.connection(index), options) } }
            return await group.reduce(into: [ConnectionError?]()) { $0.append($1) }
        }
        let elapsed = Date().timeIntervalSince(started)
        #expect(errors.compactMap { $0?.description } == [])
        // Loose above: only that it ends (tests that wait for child processes can hold the cooperative
        // threads when suites run in parallel).
        #expect(elapsed >= 0.9 && elapsed < 30, "took \(elapsed) s")
        // The agent was asked once for the whole run, not once per host.
        #expect(hung.drainConnections() == 1)
        let error = try #require(await connect(fleet.connection(4, key: fleet.wrongKey), options))
        #expect(error.explanation?.hasSuffix("ssh-agent at \(hung.path) did not answer within 1 s") == true,
                "\(error.description)")
        #expect(hung.drainConnections() == 0)
    }

    @Test func everyByteReadDuringAgentAuthenticationIsCountedForTheSession() async throws {
        let fleet = try TestFleet.shared()
        let agent = try TestAgent()
        defer { agent.stop() }
        try agent.add(fleet.key)
        let options = ConnectOptions(connectRetries: 0, agentSocket: agent.socket)
        let session = try await SSHSession.connect(try agentOnly(fleet, 2), options: options)
        let counted = session.locked { session.context.receivedBytes }
        let kernel = Self.bytesTakenOffSocket(session.descriptor)
        await session.close()
        #expect(agent.signatures == 1)
        #expect(counted == kernel)
    }

    /// What the application has read from TCP socket `descriptor`: the bytes the kernel received
    /// (`tcpi_bytes_received` of Linux's `struct tcp_info`, at offset 128 since Linux 4.1) less
    /// those still waiting in the receive queue, read twice until no byte arrives in between.
    private static func bytesTakenOffSocket(_ descriptor: Int32) -> UInt64? {
        func kernelReceived() -> UInt64? {
            var info = [UInt8](repeating: 0, count: 232)
            var length = socklen_t(info.count)
            guard getsockopt(descriptor, Int32(IPPROTO_TCP), TCP_INFO, &info, &length) == 0, length >= 136 else {
                return nil
            }
            return info[128..<136].reversed().reduce(0) { $0 << 8 | UInt64($1) }
        }
        var queued = [UInt8](repeating: 0, count: 1 << 20)
        for _ in 0..<10 {
            guard let before = kernelReceived() else { return nil }
            let waiting = max(0, recv(descriptor, &queued, queued.count, Int32(MSG_PEEK | MSG_DONTWAIT)))
            if kernelReceived() == before { return before - UInt64(waiting) }
        }
        return nil
    }
}
