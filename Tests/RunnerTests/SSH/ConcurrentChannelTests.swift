import Foundation
import Playbook
import Runner
import SSHClient
import Synchronization
import Testing
@testable import TestSupport

/// Several tasks running commands on one session at once, each on its own channel.
@Suite struct ConcurrentChannelTests {
    /// What command `index` prints: 1 MiB of lines that name the command, some of it on stderr.
    private static func expected(_ index: Int) -> (stdout: [UInt8], stderr: [UInt8]) {
        func lines(_ text: String, bytes: Int) -> [UInt8] {
            let line = Array((text + "\n").utf8)
            var result: [UInt8] = []
            result.reserveCapacity(bytes)
            while result.count < bytes { result += line }
            return Array(result.prefix(bytes))
        }
        return (lines("out-\(index)-0123456789abcdefghijklmnopqrstuvwxyz", bytes: 1 << 20),
                lines("err-\(index)-zyxwvutsrqponmlkjihgfedcba", bytes: 1 << 18))
    }

    private static func command(_ index: Int) -> RemoteCommand {
        RemoteCommand("yes out-\(index)-0123456789abcdefghijklmnopqrstuvwxyz | head -c \(1 << 20); "
                          + "yes err-\(index)-zyxwvutsrqponmlkjihgfedcba | head -c \(1 << 18) >&2; exit \(index)")
    }

    /// One command's outcome, or its error as text (kept out of the task group's closure: see
    /// DESIGN.md on the optimizer and do/catch in TaskGroup children).
    private static func run(_ index: Int, on session: SSHSession, sink: some OutputSink) async -> Result<CommandResult, CommandError> {
        do {
            return .success(try await session.execute(command(index), output: sink))
        } catch {
            return .failure(error)
        }
    }

    @Test func eightCommandsAtOnceOnOneSessionKeepEveryByte() async throws {
        let fleet = try TestFleet.shared()
        let session = try await SSHSession.connect(fleet.connection(3), options: ConnectOptions())
        let sinks = (0..<8).map { _ in CollectingSink() }
        let results = await withTaskGroup(of: (Int, Result<CommandResult, CommandError>).self) { group in
            for index in 0..<8 {
                let sink = sinks[index]
                group.addTask { (index, await Self.run(index, on: session, sink: sink)) }
            }
            var results: [Int: Result<CommandResult, CommandError>] = [:]
            for await (index, result) in group { results[index] = result }
            return results
        }
        await session.close()
        for index in 0..<8 {
            let result = try #require(results[index]).get()
            #expect(result.exitStatus == Int32(index), "command \(index)")
            let expected = Self.expected(index)
            #expect(sinks[index].stdout == expected.stdout, "stdout of command \(index): \(sinks[index].stdout.count) bytes")
            #expect(sinks[index].stderr == expected.stderr, "stderr of command \(index): \(sinks[index].stderr.count) bytes")
        }
    }

    @Test func aSlowReaderDoesNotHoldUpTheOtherChannels() async throws {
        let fleet = try TestFleet.shared()
        let session = try await SSHSession.connect(fleet.connection(4), options: ConnectOptions())
        let slow = SlowSink(delay: .milliseconds(20))
        let started = Date()
        let quick = await withTaskGroup(of: Double?.self) { group in
            group.addTask {
                _ = await Self.run(0, on: session, sink: slow)
                return nil
            }
            for index in 1...4 {
                group.addTask {
                    _ = await Self.run(index, on: session, sink: DiscardingSink())
                    return Date().timeIntervalSince(started)
                }
            }
            var finished: [Double] = []
            for await seconds in group { if let seconds { finished.append(seconds) } }
            return finished
        }
        let total = Date().timeIntervalSince(started)
        await session.close()
        #expect(slow.bytes == (1 << 20) + (1 << 18))
        #expect(quick.count == 4)
        // The slow sink takes 20 ms per 32 KiB chunk (≥ 0.8 s in all); the others finish before it.
        #expect(quick.allSatisfy { $0 < total - 0.2 }, "quick commands finished at \(quick) of \(total) s")
    }

    @Test func aQuietCommandDoesNotBlockShortOnesAndCloseWaitsForAll() async throws {
        let fleet = try TestFleet.shared()
        let session = try await SSHSession.connect(fleet.connection(5), options: ConnectOptions())
        let sleeper = CollectingSink()
        let sleeping = Task { try await session.execute(RemoteCommand("sleep 4; echo woke"), output: sleeper) }
        for index in 0..<5 {
            let sink = CollectingSink()
            let result = try await session.execute(RemoteCommand("echo quick\(index)"), output: sink)
            #expect(result.succeeded && sink.stdoutText == "quick\(index)\n")
        }
        #expect(sleeper.stdoutText == "", "the short commands ran while the sleeper slept")
        await session.close()
        let slept = try await sleeping.value
        #expect(slept.succeeded && sleeper.stdoutText == "woke\n", "close waited for the running command")
        await #expect(throws: CommandError.connectionLost("the session was closed")) {
            try await session.execute(RemoteCommand("true"), output: DiscardingSink())
        }
    }
}

/// A sink that takes its time over every chunk, like a consumer that cannot keep up.
final class SlowSink: OutputSink {
    private let delay: Duration
    private let counted = Mutex(0)

    init(delay: Duration) {
        self.delay = delay
    }

    func receive(_ chunk: OutputChunk) async throws {
        try await Task.sleep(for: delay)
        counted.withLock { $0 += chunk.bytes.count }
    }

    var bytes: Int { counted.withLock { $0 } }
}
