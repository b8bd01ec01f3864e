import Report
import SSHClient
import Synchronization

/// Where a running step's output goes: every chunk becomes an `output` event (which the console and
/// `--output-dir` consume) and the end of each stream is kept as a bounded tail. A `secret: true`
/// step's output is a secret itself: each stream that printed anything shows `********` once instead.
final class StepOutputSink: OutputSink {
    private let host: String
    private let step: StepRef
    private let events: EventPipe
    private let secret: Bool
    private let tails: Mutex<(stdout: OutputTail, stderr: OutputTail)>

    /// What a secret step's output is shown as.
    static let masked = Array("********\n".utf8)

    init(host: String, step: StepRef, events: EventPipe, tailLimit: Int, secret: Bool = false) {
        self.host = host
        self.step = step
        self.events = events
        self.secret = secret
        self.tails = Mutex((OutputTail(limit: tailLimit), OutputTail(limit: tailLimit)))
    }

    func receive(_ chunk: OutputChunk) async throws {
        let stream: OutputStream = chunk.stream == .stdout ? .stdout : .stderr
        let first = tails.withLock { tails -> Bool in
            let empty = (stream == .stdout ? tails.stdout : tails.stderr).bytes.isEmpty
            if stream == .stdout { tails.stdout.append(chunk.bytes) } else { tails.stderr.append(chunk.bytes) }
            return empty
        }
        if secret {
            guard first, !chunk.bytes.isEmpty else { return }
            await events.emitOutput(.output(host: host, step: step, stream: stream, bytes: Self.masked),
                                    bytes: Self.masked.count)
            return
        }
        await events.emitOutput(.output(host: host, step: step, stream: stream, bytes: chunk.bytes),
                                bytes: chunk.bytes.count)
    }

    /// The tail as reports may show it: masked whole for a secret step.
    func shownTail(_ tail: OutputTail) -> [UInt8] {
        secret && !tail.bytes.isEmpty ? Self.masked : tail.bytes
    }

    var stdout: OutputTail { tails.withLock { $0.stdout } }
    var stderr: OutputTail { tails.withLock { $0.stderr } }
}
