import Synchronization

/// Where a running step's output goes: every chunk becomes an `output` event (which the console and
/// `--output-dir` consume) and the end of each stream is kept as a bounded tail.
final class StepOutputSink: OutputSink {
    private let host: String
    private let step: StepRef
    private let events: EventPipe
    private let tails: Mutex<(stdout: OutputTail, stderr: OutputTail)>

    init(host: String, step: StepRef, events: EventPipe, tailLimit: Int) {
        self.host = host
        self.step = step
        self.events = events
        self.tails = Mutex((OutputTail(limit: tailLimit), OutputTail(limit: tailLimit)))
    }

    func receive(_ chunk: OutputChunk) async throws {
        let stream: OutputStream = chunk.stream == .stdout ? .stdout : .stderr
        tails.withLock { tails in
            if stream == .stdout { tails.stdout.append(chunk.bytes) } else { tails.stderr.append(chunk.bytes) }
        }
        await events.emitOutput(.output(host: host, step: step, stream: stream, bytes: chunk.bytes),
                                bytes: chunk.bytes.count)
    }

    var stdout: OutputTail { tails.withLock { $0.stdout } }
    var stderr: OutputTail { tails.withLock { $0.stderr } }
}
