import Foundation
import Playbook
import Runner
import SSHClient
import Testing
@testable import TestSupport

/// Commands that hold a secret reach the host on the channel's standard input: no process on the host
/// ever has the secret in its argument list, the command sees the exact value, and the process-group
/// wrapper still stops it.
@Suite struct SecretExecTests {
    /// A secret with the characters that break naive quoting: quotes, a newline, `$`, a backslash.
    static func awkwardSecret() -> (value: String, token: String) {
        let token = "tok\(UUID().uuidString.prefix(12))"
        return ("\(token) it's \"q\" $HOME \\n\nsecond line \(token.reversed())", token)
    }

    @Test func aSecretCommandRunsWithNoSecretInAnyArgumentList() async throws {
        let fleet = try TestFleet.shared()
        let session = try await SSHSession.connect(fleet.connection(1), options: ConnectOptions())
        let (secret, token) = Self.awkwardSecret()
        let quoted = ShellQuoting.quote(secret)
        let command = RemoteCommand(
            "test \"$PGPASSWORD\" = \(quoted) && echo same; printf '%s' \(quoted) | wc -c; sleep 2",
            environment: ["PGPASSWORD": secret], workingDirectory: "/tmp", stoppable: true, secret: true)
        let sink = CollectingSink()
        let running = Task { try await session.execute(command, output: sink) }
        var leaks: [String] = []
        var sawSleep = false
        for _ in 0..<15 {
            try await Task.sleep(for: .milliseconds(100))
            let lines = allCommandLines()
            leaks += lines.filter { $0.contains(token) }
            sawSleep = sawSleep || lines.contains { $0.hasPrefix("sleep 2") }
        }
        let result = try await running.value
        await session.close()
        #expect(sawSleep, "the command was running while the argument lists were read")
        #expect(leaks.isEmpty, "argument lists holding the secret: \(leaks)")
        #expect(result.exitStatus == 0, "stderr: \(sink.stderrText)")
        #expect(sink.stdoutText == "same\n\(secret.utf8.count)\n")
    }

    @Test func aSecretCommandKeepsItsExitStatusSignalAndEmptyStandardInput() async throws {
        let fleet = try TestFleet.shared()
        let session = try await SSHSession.connect(fleet.connection(2), options: ConnectOptions())
        let plain = CollectingSink()
        let status = try await session.execute(
            RemoteCommand("cat; echo \"[$A]\"; exit 4", environment: ["A": "x\ny"], secret: true), output: plain)
        let wrapped = CollectingSink()
        let wrappedStatus = try await session.execute(
            RemoteCommand("cat; echo \"[$A]\"; exit 5", environment: ["A": "x'y"], timeout: 10, secret: true),
            output: wrapped)
        let killed = try await session.execute(RemoteCommand("kill -TERM $$", timeout: 10, secret: true),
                                               output: DiscardingSink())
        await session.close()
        #expect(status.exitStatus == 4)
        #expect(plain.stdoutText == "[x\ny]\n")
        #expect(wrappedStatus.exitStatus == 5)
        #expect(wrapped.stdoutText == "[x'y]\n")
        #expect(killed.exitSignal == "TERM")
    }

    @Test func aTimedOutSecretCommandStopsAndNothingOfItSurvives() async throws {
        let fleet = try TestFleet.shared()
        let session = try await SSHSession.connect(fleet.connection(3), options: ConnectOptions())
        let marker = "32\(Int.random(in: 10000...99999))"
        let sink = CollectingSink()
        let started = Date()
        let result = try await session.execute(
            RemoteCommand("echo \"$TOKEN\"; (sleep \(marker) &); sleep \(marker)1 & sleep \(marker)2",
                          environment: ["TOKEN": "started"], timeout: 1, secret: true),
            output: sink)
        let elapsed = Date().timeIntervalSince(started)
        #expect(result.timedOut)
        #expect(sink.stdoutText == "started\n")
        #expect(elapsed >= 1 && elapsed < 8, "took \(elapsed) s")
        let next = try await session.execute(RemoteCommand("true", secret: true), output: DiscardingSink())
        #expect(next.succeeded)
        await session.close()
        let survivors = try await survivingProcesses(matching: "sleep \(marker)")
        #expect(survivors.isEmpty, "still running: \(survivors)")
    }
}
