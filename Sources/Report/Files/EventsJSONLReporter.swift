import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `--events PATH` (or `-` for stdout): the event stream as JSON Lines, one event per line, written as
/// it happens so a tool can follow a run live (`tail -f`). Unlike the reports, this file is written in
/// place, not renamed into place at the end — following it live is its purpose — but every line is
/// written whole with one `write`, so a reader never sees half a line. Output chunks are masked per
/// stream (a secret split across chunks is still caught) and carried as `text` when they are valid
/// UTF-8, else as `base64`.
public actor EventsJSONLReporter: Reporter {
    private let out: FileDescriptorWriter
    private let ownsDescriptor: Bool
    private let masking: Masking
    private var maskers: [StreamKey: any StreamMasker] = [:]
    private var sequence = 0
    private var writeFailed = false

    private struct StreamKey: Hashable {
        let host: String
        let step: StepRef
        let stream: OutputStream
    }

    /// Writes to `path`, or to standard output when `path` is `-`.
    public init(path: String, masking: Masking) throws(ReportWriteError) {
        if path == "-" {
            out = .standardOutput
            ownsDescriptor = false
        } else {
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
            try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            if fd < 0 { throw ReportWriteError(path: path, reason: String(cString: strerror(errno))) }
            out = FileDescriptorWriter(fd: fd)
            ownsDescriptor = true
        }
        self.masking = masking
    }

    public func handle(_ event: RunEvent) async {
        switch event {
        case .output(let host, let step, let stream, let bytes):
            let key = StreamKey(host: host, step: step, stream: stream)
            var masker = maskers[key] ?? masking.makeStream()
            let safe = masker.mask(bytes)
            maskers[key] = masker
            if !safe.isEmpty { emit(Self.output(host: host, step: step, stream: stream, bytes: safe)) }
        case .stepStarted(let host, let step, _):
            for stream in OutputStream.allCases { flush(StreamKey(host: host, step: step, stream: stream)) }
            emit(Self.json(event, masking: masking))
        case .interrupted(let kind, _) where kind.isForced:
            // Nothing more will come for the open streams: write what the maskers held back first.
            for key in maskers.keys { flush(key) }
            emit(Self.json(event, masking: masking))
        case .stepFinished(let host, let step, _):
            for stream in OutputStream.allCases { flush(StreamKey(host: host, step: step, stream: stream)) }
            emit(Self.json(event, masking: masking))
        default:
            emit(Self.json(event, masking: masking))
        }
    }

    public func finish() async throws {
        for key in maskers.keys { flush(key) }
        if ownsDescriptor { close(out.fd) }
    }

    private func flush(_ key: StreamKey) {
        guard var masker = maskers.removeValue(forKey: key) else { return }
        let rest = masker.flush()
        if !rest.isEmpty { emit(Self.output(host: key.host, step: key.step, stream: key.stream, bytes: rest)) }
    }

    private func emit(_ fields: [(String, JSONValue)]) {
        sequence += 1
        guard !writeFailed else { return }
        let line = JSONValue.object([("seq", .int(sequence))] + fields).serialized() + "\n"
        if !out.write(line) { writeFailed = true }
    }

    private static func output(host: String, step: StepRef, stream: OutputStream,
                               bytes: [UInt8]) -> [(String, JSONValue)] {
        let payload: (String, JSONValue)
        if let text = String(validating: bytes, as: UTF8.self) {
            payload = ("text", .string(text))
        } else {
            payload = ("base64", .string(Data(bytes).base64EncodedString()))
        }
        return [("type", .string("output")), ("host", .string(host)), ("step", ReportJSON.step(step)),
                ("stream", .string(stream.rawValue)), payload]
    }

    /// The JSON fields of one event (all but `output`, whose bytes need a per-stream masker).
    static func json(_ event: RunEvent, masking: Masking) -> [(String, JSONValue)] {
        switch event {
        case .runStarted(let provenance, let plan):
            let plays: [JSONValue] = plan.map {
                .object([("play", ReportJSON.play($0.play)), ("hosts", .array($0.hosts.map(JSONValue.string))),
                         ("steps", .array($0.steps.map(ReportJSON.step)))])
            }
            return [("type", .string("run_started")), ("format", .int(ReportJSON.format)),
                    ("provenance", ReportJSON.provenance(provenance, masking: masking)), ("plan", .array(plays))]
        case .playStarted(let play):
            return [("type", .string("play_started")), ("play", ReportJSON.play(play))]
        case .batchStarted(let play, let index, let of, let hosts):
            return [("type", .string("batch_started")), ("play", .int(play.position)), ("batch", .int(index)),
                    ("batches", .int(of)), ("hosts", .array(hosts.map(JSONValue.string)))]
        case .hostConnected(let report):
            return [("type", .string("host_connected")), ("host", .string(report.host)),
                    ("connection", ReportJSON.connection(report))]
        case .hostUnreachable(let host, let address, let port, let cause, let at):
            return [("type", .string("host_unreachable")), ("host", .string(host)), ("address", .string(address)),
                    ("port", .int(port)), ("cause", .string(masking.text(cause))), ("at", .optional(at))]
        case .stepStarted(let host, let step, let at):
            return [("type", .string("step_started")), ("host", .string(host)), ("step", ReportJSON.step(step)),
                    ("at", .optional(at))]
        case .stepRetrying(let host, let step, let attempt, let of, let delay, let reason, let at):
            return [("type", .string("step_retrying")), ("host", .string(host)), ("step", ReportJSON.step(step)),
                    ("attempt", .int(attempt)), ("attempts", .int(of)), ("delay", .number(delay)),
                    ("reason", .string(masking.text(reason))), ("at", .optional(at))]
        case .output(let host, let step, let stream, let bytes):
            return output(host: host, step: step, stream: stream, bytes: masking.bytes(bytes))
        case .stepFinished(let host, let step, let outcome):
            var masked = outcome
            masked.message = outcome.message.map(masking.text)
            masked.stdoutTail = masking.bytes(outcome.stdoutTail)
            masked.stderrTail = masking.bytes(outcome.stderrTail)
            guard case .object(let pairs) = ReportJSON.result(host: host, step: step, outcome: masked) else {
                return []
            }
            return [("type", .string("step_finished"))] + pairs
        case .playFinished(let play, let at):
            return [("type", .string("play_finished")), ("play", .int(play.position)), ("at", .optional(at))]
        case .gateDecision(let gate):
            return [("type", .string("gate_decision"))] + {
                if case .object(let pairs) = ReportJSON.gate(gate) { return pairs } else { return [] }
            }()
        case .interrupted(let kind, let at):
            return [("type", .string("interrupted")), ("kind", .string(kind.rawValue)), ("at", .optional(at))]
        case .runFinished(let exitCode, let at):
            return [("type", .string("run_finished")), ("exit_code", .int(Int(exitCode))), ("at", .optional(at))]
        }
    }
}
