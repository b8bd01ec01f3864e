import Foundation
import Playbook
import Runner
import SSHClient
import Testing
@testable import TestSupport

/// Commands that outlive their timeout, and sessions that die under a running command.
@Suite struct CommandFaultTests {
    @Test func aTimedOutCommandStopsAndNothingOfItSurvivesOnTheHost() async throws {
        let fleet = try TestFleet.shared()
        let session = try await SSHSession.connect(fleet.connection(5), options: ConnectOptions())
        let marker = "31\(Int.random(in: 10000...99999))"
        let sink = CollectingSink()
        let started = Date()
        let result = try await session.execute(
            RemoteCommand("echo started; (sleep \(marker) &); sleep \(marker)1 & sleep \(marker)2", timeout: 1),
            output: sink)
        let elapsed = Date().timeIntervalSince(started)
        #expect(result.timedOut)
        #expect(result.summary == "timed out")
        #expect(sink.stdoutText == "started\n", "the output so far is kept")
        #expect(elapsed >= 1 && elapsed < 8, "took \(elapsed) s")
        // The same session still runs commands afterwards.
        let next = try await session.execute(RemoteCommand("true"), output: DiscardingSink())
        #expect(next.succeeded)
        await session.close()
        var survivors: [Int32] = []
        for _ in 0..<40 {
            survivors = processes(matching: "sleep \(marker)")
            if survivors.isEmpty { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(survivors.isEmpty, "still running: \(survivors)")
    }

    @Test func aCommandWithATimeoutThatFinishesKeepsItsStatusAndSignal() async throws {
        let fleet = try TestFleet.shared()
        let session = try await SSHSession.connect(fleet.connection(6), options: ConnectOptions())
        let sink = CollectingSink()
        let status = try await session.execute(RemoteCommand("echo fine; exit 4", timeout: 10), output: sink)
        let killed = try await session.execute(RemoteCommand("kill -TERM $$", timeout: 10), output: DiscardingSink())
        await session.close()
        #expect(status.exitStatus == 4 && !status.timedOut)
        #expect(sink.stdoutText == "fine\n")
        #expect(killed.exitSignal == "TERM")
    }

    @Test func sshdKilledUnderARunningCommandLosesThatSessionOnly() async throws {
        let fleet = try TestFleet.shared()
        let doomed = try await SSHSession.connect(fleet.connection(7), options: ConnectOptions())
        let healthy = try await SSHSession.connect(fleet.connection(6), options: ConnectOptions())
        // The command's parent is the sshd process serving this connection.
        await #expect(throws: CommandError.self) {
            try await doomed.execute(RemoteCommand("echo before; kill -KILL $PPID; sleep 5"), output: DiscardingSink())
        }
        await #expect(throws: CommandError.self) {
            try await doomed.execute(RemoteCommand("true"), output: DiscardingSink())
        }
        let other = try await healthy.execute(RemoteCommand("true"), output: DiscardingSink())
        #expect(other.succeeded)
        await doomed.close()
        await healthy.close()
    }
}
