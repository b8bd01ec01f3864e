import Dispatch
import Foundation
import Playbook
import Report
import SSHClient
import Synchronization

/// Runs a `local:` step on the controller with `/bin/sh -c`, off the cooperative thread pool (a child
/// process is waited for on a Dispatch thread), streaming its output into the step's sink.
enum LocalCommand {
    /// Runs `command`; when it holds a secret (`secret`), the command travels on the shell's stdin
    /// as on a host (`SecretDelivery`), never as an argument that `ps` shows every local user.
    static func run(_ command: String, environment: [String: String], timeout: Double?, secret: Bool = false,
                    sink: StepOutputSink) async -> AttemptOutcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", secret ? SecretDelivery.readScriptFromStandardInput : command]
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let script = Pipe()
        process.standardInput = secret ? script : FileHandle.nullDevice
        let stdout = Pipe(), stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        let framed = secret ? SecretDelivery.frame(command) : []
        // A script that fits in the pipe (64 KiB on Linux) is written before the shell starts, while
        // this process still holds the read end: a shell that dies early can then never make the
        // write raise SIGPIPE here. A longer one is written as the shell reads it, off the
        // cooperative pool.
        let writtenFirst = framed.count <= Self.pipeCapacity
        if secret, writtenFirst { try? DescriptorWrite.all(framed, to: script.fileHandleForWriting.fileDescriptor) }
        let started = Date()
        do {
            try process.run()
        } catch {
            return .failedToStart("could not start /bin/sh: \(error.localizedDescription)")
        }
        if secret {
            let handle = script.fileHandleForWriting
            DispatchQueue.global().async {
                if !writtenFirst { try? DescriptorWrite.all(framed, to: handle.fileDescriptor) }
                try? handle.close()
            }
        }
        let timeoutFired = TimeoutFlag()
        let timer = timeout.map { seconds in
            DispatchWorkItem {
                guard process.isRunning else { return }
                timeoutFired.set()
                process.terminate()
            }.scheduled(after: seconds)
        }
        async let out: Void = pump(stdout.fileHandleForReading, .stdout, into: sink)
        async let err: Void = pump(stderr.fileHandleForReading, .stderr, into: sink)
        _ = await (out, err)
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().async {
                process.waitUntilExit()
                done.resume()
            }
        }
        timer?.cancel()
        let timedOut = timeoutFired.isSet
        let signaled = process.terminationReason == .uncaughtSignal
        return .finished(AttemptOutcome.Finished(
            exitCode: signaled ? nil : process.terminationStatus,
            signal: signaled ? "signal \(process.terminationStatus)" : nil,
            timedOut: timedOut, changed: true,
            timings: StepTimings(exec: Date().timeIntervalSince(started))))
    }

    /// Bytes a pipe takes without a reader (Linux's default pipe size).
    private static let pipeCapacity = 64 * 1024

    /// Reads `handle` to its end on a Dispatch thread, handing each chunk to the sink.
    private static func pump(_ handle: FileHandle, _ stream: OutputChunk.Stream, into sink: StepOutputSink) async {
        while true {
            let data: Data = await withCheckedContinuation { continuation in
                DispatchQueue.global().async { continuation.resume(returning: handle.availableData) }
            }
            if data.isEmpty { return }
            try? await sink.receive(OutputChunk(stream: stream, bytes: Array(data)))
        }
    }
}

/// Set once by the timeout timer's thread, read after the process ended.
private final class TimeoutFlag: Sendable {
    private let fired = Mutex(false)
    func set() { fired.withLock { $0 = true } }
    var isSet: Bool { fired.withLock { $0 } }
}

private extension DispatchWorkItem {
    /// Schedules the item on a global queue after `seconds` and returns it (to cancel).
    func scheduled(after seconds: Double) -> DispatchWorkItem {
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds, execute: self)
        return self
    }
}
