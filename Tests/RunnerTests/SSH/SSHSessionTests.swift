import Foundation
import Playbook
import Runner
import SSHClient
import Testing
@testable import TestSupport

/// Sessions against real sshd hosts: connect, authenticate, run commands, collect exit status.
@Suite struct SSHSessionTests {
    @Test func runsACommandAndStreamsBothStreamsWithItsExitStatus() async throws {
        let fleet = try TestFleet.shared()
        let session = try await SSHSession.connect(fleet.connection(0), options: ConnectOptions())
        let sink = CollectingSink()
        let result = try await session.execute(RemoteCommand("echo out; echo err >&2; exit 3"), output: sink)
        await session.close()
        #expect(sink.stdoutText == "out\n")
        #expect(sink.stderrText == "err\n")
        #expect(result.exitStatus == 3)
        #expect(result.exitSignal == nil)
        #expect(!result.timedOut)
        #expect(result.summary == "exit 3")
    }

    @Test func reusesOneSessionForSeveralCommands() async throws {
        let fleet = try TestFleet.shared()
        let session = try await SSHSession.connect(fleet.connection(1), options: ConnectOptions())
        var outputs: [String] = []
        for index in 0..<3 {
            let sink = CollectingSink()
            let result = try await session.execute(RemoteCommand("echo step\(index) $$"), output: sink)
            #expect(result.succeeded)
            outputs.append(sink.stdoutText)
        }
        await session.close()
        #expect(outputs.map { $0.hasPrefix("step") } == [true, true, true])
        #expect(Set(outputs).count == 3, "each command is its own process")
    }

    @Test func reportsTheExitSignalOfAKilledProcess() async throws {
        let fleet = try TestFleet.shared()
        let session = try await SSHSession.connect(fleet.connection(2), options: ConnectOptions())
        let result = try await session.execute(RemoteCommand("kill -KILL $$"), output: DiscardingSink())
        await session.close()
        #expect(result.exitSignal == "KILL")
        #expect(result.exitStatus == nil)
        #expect(result.summary == "killed by signal KILL")
    }

    @Test func passesEnvironmentWorkingDirectoryAndNonUTF8BytesThrough() async throws {
        let fleet = try TestFleet.shared()
        let session = try await SSHSession.connect(fleet.connection(3), options: ConnectOptions())
        let sink = CollectingSink()
        let command = RemoteCommand("printf '%s|' \"$GREETING\"; pwd; printf '\\377\\376\\000x'",
                                    environment: ["GREETING": "it's ok"], workingDirectory: "/tmp")
        let result = try await session.execute(command, output: sink)
        await session.close()
        #expect(result.succeeded)
        #expect(sink.stdout == Array("it's ok|/tmp\n".utf8) + [0xFF, 0xFE, 0x00, UInt8(ascii: "x")])
    }

    @Test func carriesAHundredMegabytesOnStdoutAndStderrAtOnce() async throws {
        let fleet = try TestFleet.shared()
        let session = try await SSHSession.connect(fleet.connection(4), options: ConnectOptions())
        let sink = CountingSink()
        let result = try await session.execute(
            RemoteCommand("head -c 52428800 /dev/zero >&2 & head -c 52428800 /dev/zero; wait"), output: sink)
        await session.close()
        #expect(result.succeeded)
        #expect(sink.count(.stdout) == 52_428_800)
        #expect(sink.count(.stderr) == 52_428_800)
    }

    /// The second step on a reused session must not wait on Nagle or delayed ACKs (each ~40 ms):
    /// TCP_NODELAY and the TCP_QUICKACK receive callback keep it to a few milliseconds.
    @Test func aCommandOnAReusedSessionTakesMillisecondsNotADelayedAck() async throws {
        let fleet = try TestFleet.shared()
        let session = try await SSHSession.connect(fleet.connection(7), options: ConnectOptions())
        _ = try await session.execute(RemoteCommand("true"), output: DiscardingSink())
        var times: [Double] = []
        for _ in 0..<9 {
            let started = Deadline.now
            let result = try await session.execute(RemoteCommand("echo x"), output: DiscardingSink())
            times.append(Deadline.now.seconds(since: started))
            #expect(result.succeeded)
        }
        await session.close()
        // The fastest of nine: a delayed ACK or Nagle wait costs ~40 ms on every command, while a busy
        // machine (tests run in parallel) only slows some of them.
        let fastest = times.min() ?? 1
        #expect(fastest < 0.020, "fastest \(fastest * 1000) ms of \(times.map { Int($0 * 1000) }) ms")
    }
}
