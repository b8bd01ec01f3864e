import Foundation

/// `--output-dir DIR`: every step's stdout and stderr streamed byte for byte (secrets masked) to
/// `DIR/HOST/NN-ID.stdout|.stderr` (handlers `hNN-ID`; with several plays `DIR/HOST/MM-PLAY/…`), and a
/// `NN-ID.json` record for every host × step of the plan, also those that did not run. A step that did
/// not run leaves no output files. Each file appears atomically under its name when complete; on an
/// interrupt the output read so far is still committed. With the `.perHost` layout (`pbrun exec`,
/// whose plan has one step) the files are `DIR/HOST.stdout|.stderr|.json` instead.
public actor OutputDirReporter: Reporter {
    /// Where a host × step's files go.
    public enum Layout: Sendable {
        /// `DIR/HOST/NN-ID.*` (`DIR/HOST/MM-PLAY/NN-ID.*` with several plays): any plan.
        case perStep
        /// `DIR/HOST.*`: a plan of one step, such as an ad-hoc command.
        case perHost
    }

    private let directory: String
    private let layout: Layout
    private let masking: Masking
    private var ledger: RunLedger
    private var open: [StreamKey: OpenStream] = [:]
    private var recorded: Set<StreamKey> = []
    private var firstError: ReportWriteError?

    private struct StreamKey: Hashable {
        let host: String
        let step: StepRef
        let stream: OutputStream?
    }

    private struct OpenStream {
        let file: AtomicFile
        var masker: any StreamMasker
    }

    public init(directory: String, layout: Layout = .perStep, masking: Masking) {
        self.directory = directory
        self.layout = layout
        self.masking = masking
        self.ledger = RunLedger(masking: masking)
    }

    public func handle(_ event: RunEvent) async {
        ledger.apply(event)
        switch event {
        case .stepStarted(let host, let step, _):
            // A retry starts the step again: its files keep only the last attempt.
            for stream in OutputStream.allCases { open[StreamKey(host: host, step: step, stream: stream)] = nil }
        case .output(let host, let step, let stream, let bytes):
            guard var state = openStream(host, step, stream) else { return }
            attempt { try state.file.write(state.masker.mask(bytes)) }
            open[StreamKey(host: host, step: step, stream: stream)] = state
        case .stepFinished(let host, let step, let outcome):
            if outcome.status.ran || outcome.status == .unreachable {
                for stream in OutputStream.allCases { _ = openStream(host, step, stream) }
                closeStreams(host: host, step: step)
            } else {
                // A step that did not run leaves no output files, whatever a guard printed.
                for stream in OutputStream.allCases { open[StreamKey(host: host, step: step, stream: stream)] = nil }
            }
            writeRecord(host: host, step: step)
            ledger.dropOutput(host: host, step: step)
        default:
            break
        }
    }

    public func finish() async throws {
        for key in open.keys { closeStreams(host: key.host, step: key.step) }
        for play in ledger.plan {
            for host in play.hosts {
                for step in play.steps { writeRecord(host: host, step: step) }
            }
        }
        if let firstError { throw firstError }
    }

    /// The path of a host × step file without its extension.
    public static func stem(directory: String, host: String, step: StepRef, plays: Int) -> String {
        var path = directory + "/" + safeComponent(host) + "/"
        if plays > 1 {
            let number = step.play.position < 10 ? "0\(step.play.position)" : "\(step.play.position)"
            path += safeComponent(number + "-" + step.play.name) + "/"
        }
        return path + safeComponent(step.fileStem)
    }

    /// The path of a host × step file of this reporter's layout, without its extension.
    private func stem(host: String, step: StepRef) -> String {
        switch layout {
        case .perStep: return Self.stem(directory: directory, host: host, step: step, plays: ledger.plan.count)
        case .perHost: return directory + "/" + Self.safeComponent(host)
        }
    }

    /// A host or step name as one path component: no `/`, no NUL, never `.` or `..`.
    static func safeComponent(_ name: String) -> String {
        let cleaned = String(name.unicodeScalars.map { $0 == "/" || $0.value == 0 ? "_" : Character($0) })
        return cleaned.isEmpty || cleaned == "." || cleaned == ".." ? "_" + cleaned : cleaned
    }

    private func openStream(_ host: String, _ step: StepRef, _ stream: OutputStream) -> OpenStream? {
        let key = StreamKey(host: host, step: step, stream: stream)
        if let state = open[key] { return state }
        guard !recorded.contains(key) else { return nil }
        let path = stem(host: host, step: step) + "." + stream.rawValue
        do {
            let state = OpenStream(file: try AtomicFile(path: path), masker: masking.makeStream())
            open[key] = state
            return state
        } catch {
            firstError = firstError ?? error
            recorded.insert(key)
            return nil
        }
    }

    private func closeStreams(host: String, step: StepRef) {
        for stream in OutputStream.allCases {
            let key = StreamKey(host: host, step: step, stream: stream)
            guard var state = open.removeValue(forKey: key) else { continue }
            recorded.insert(key)
            attempt {
                try state.file.write(state.masker.flush())
                try state.file.commit()
            }
        }
    }

    private func writeRecord(host: String, step: StepRef) {
        let key = StreamKey(host: host, step: step, stream: nil)
        guard recorded.insert(key).inserted else { return }
        var record = ReportJSON.result(host: host, step: step, outcome: ledger.outcome(host: host, step: step))
        if case .object(let pairs) = record { record = .object([("format", .int(ReportJSON.format))] + pairs) }
        let path = stem(host: host, step: step) + ".json"
        attempt { try AtomicFile.write(record.pretty(), to: path) }
    }

    private func attempt(_ body: () throws -> Void) {
        do {
            try body()
        } catch let error as ReportWriteError {
            firstError = firstError ?? error
        } catch {
            firstError = firstError ?? ReportWriteError(path: directory, reason: "\(error)")
        }
    }
}
