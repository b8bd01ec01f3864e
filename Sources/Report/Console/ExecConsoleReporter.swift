import Foundation
import Playbook

/// What a person sees of `pbrun exec`, like pssh or `ansible -m shell`: every output line prefixed by
/// its host (`HOST: line` for stdout, `HOST! line` for stderr), or with `--group` each host's output
/// as one block under a `HOST: exit N` header when the host finishes, like dshbak; failures and
/// unreachable hosts on standard error; and last a one-line summary. Lines are cut, masked and
/// escaped by the same rules as `pbrun run -v` shows them (`LineAssembler`, `TextEscaping.display`):
/// a line is written whole, a line longer than 4 KiB is shown in pieces marked ` ↩`, and nothing a
/// host prints can move the cursor.
public actor ExecConsoleReporter: Reporter {
    /// How the console shows the command's output.
    public struct Options: Sendable {
        /// `--group`: each host's output as one block when it finishes (held in memory until then).
        public var grouped: Bool
        /// Whether output lines are shown at all (not with `--output-dir`, which takes them instead).
        public var showsOutput: Bool
        /// `--timings`: a line with the median time of each phase before the summary.
        public var timings: Bool
        /// `--timeout`, for the message of a host whose command outlived it.
        public var timeout: Double?

        public init(grouped: Bool = false, showsOutput: Bool = true, timings: Bool = false, timeout: Double? = nil) {
            self.grouped = grouped
            self.showsOutput = showsOutput
            self.timings = timings
            self.timeout = timeout
        }
    }

    private let options: Options
    private let out: FileDescriptorWriter
    private let errors: FileDescriptorWriter
    private let masking: Masking
    private var streams: [StreamKey: StreamState] = [:]
    /// With `--group`: each host's lines so far.
    private var blocks: [String: [String]] = [:]
    /// How each host ended, by the status of its step.
    private var outcomes: [String: StepStatus] = [:]
    private var hostCount = 0
    private var startedAt: Date?
    private var connectSeconds: [Double] = []
    private var stepTimings: [StepTimings] = []
    private var summaryWritten = false

    private struct StreamKey: Hashable {
        let host: String
        let stream: OutputStream
    }

    private struct StreamState {
        var masker: any StreamMasker
        var lines = LineAssembler()
    }

    /// `output` takes the lines and the summary, `errors` the failures and unreachable hosts.
    public init(options: Options, output: FileDescriptorWriter = .standardOutput,
                errors: FileDescriptorWriter = .standardError, masking: Masking) {
        self.options = options
        self.out = output
        self.errors = errors
        self.masking = masking
    }

    public func handle(_ event: RunEvent) async {
        switch event {
        case .runStarted(let provenance, let plan):
            hostCount = Set(plan.flatMap(\.hosts)).count
            startedAt = provenance.startedAt
        case .hostConnected(let report):
            connectSeconds.append(report.connectSeconds)
        case .hostUnreachable(let host, let address, let port, let cause, _):
            let name = TextEscaping.display(host) + " (" + TextEscaping.display(address) + ":\(port))"
            errors.write(name + ": unreachable: " + TextEscaping.displayIndented(masking.text(cause)) + "\n")
        case .output(let host, _, let stream, let bytes):
            guard options.showsOutput else { break }
            let key = StreamKey(host: host, stream: stream)
            var state = streams[key] ?? StreamState(masker: masking.makeStream())
            let pieces = state.lines.lines(state.masker.mask(bytes))
            streams[key] = state
            show(host, stream, pieces)
        case .stepFinished(let host, _, let outcome):
            flushStreams(host)
            finishHost(host, outcome)
        case .interrupted(let kind, _):
            errors.write(ConsoleReporter.interruptText(kind) + "\n")
        case .runFinished(_, let at):
            writeSummary(at: at)
        default:
            break
        }
    }

    public func finish() async throws {
        writeSummary(at: Date())
    }

    // MARK: - Lines

    private func show(_ host: String, _ stream: OutputStream, _ pieces: [(bytes: ArraySlice<UInt8>, continued: Bool)]) {
        guard !pieces.isEmpty else { return }
        let texts = pieces.map { TextEscaping.display($0.bytes) + ($0.continued ? " ↩" : "") }
        if options.grouped {
            blocks[host, default: []] += texts
            return
        }
        let prefix = TextEscaping.display(host) + (stream == .stdout ? ": " : "! ")
        out.write(texts.map { prefix + $0 + "\n" }.joined())
    }

    private func flushStreams(_ host: String) {
        for stream in OutputStream.allCases {
            guard var state = streams.removeValue(forKey: StreamKey(host: host, stream: stream)) else { continue }
            var pieces = state.lines.lines(state.masker.flush())
            if let last = state.lines.flush() { pieces.append((last, false)) }
            show(host, stream, pieces)
        }
    }

    /// The host's block (with `--group`) and, when it did not succeed, one line on standard error.
    /// An unreachable host was already reported as such.
    private func finishHost(_ host: String, _ outcome: StepOutcome) {
        outcomes[host] = outcome.status
        stepTimings.append(outcome.timings)
        let name = TextEscaping.display(host)
        if options.grouped, options.showsOutput {
            let lines = blocks.removeValue(forKey: host) ?? []
            out.write("----------------\n\(name): \(result(outcome))\n----------------\n"
                + lines.map { $0 + "\n" }.joined())
        }
        switch outcome.status {
        case .failed, .timedOut:
            errors.write(name + ": " + failure(outcome) + "\n")
        default:
            break
        }
    }

    /// "exit 0", "exit 3", "killed by signal KILL", "timed out", or what kept the command from running.
    private func result(_ outcome: StepOutcome) -> String {
        if outcome.status == .timedOut { return "timed out" }
        if let signal = outcome.signal { return "killed by signal " + TextEscaping.display(signal) }
        if let code = outcome.exitCode { return "exit \(code)" }
        if let message = outcome.message { return TextEscaping.display(masking.text(message)) }
        return ConsoleStyle.word(outcome.status)
    }

    private func failure(_ outcome: StepOutcome) -> String {
        guard outcome.status == .timedOut, let timeout = options.timeout else { return result(outcome) }
        return "timed out after " + PlanPrinter.number(timeout) + " s"
    }

    // MARK: - Summary

    /// `8 hosts: 7 ok, 1 failed, 0 timed out, 0 unreachable (1.42 s)`, once.
    private func writeSummary(at end: Date) {
        guard !summaryWritten else { return }
        summaryWritten = true
        let statuses = Array(outcomes.values)
        let ok = statuses.filter { $0 == .ok || $0 == .changed }.count
        let failed = statuses.filter { $0 == .failed }.count
        let timedOut = statuses.filter { $0 == .timedOut }.count
        let unreachable = statuses.filter { $0 == .unreachable }.count
        let seconds = startedAt.map { end.timeIntervalSince($0) } ?? 0
        var text = ""
        if options.timings { text += timingLine() + "\n" }
        text += "\(hostCount) host\(hostCount == 1 ? "" : "s"): \(ok) ok, \(failed) failed, \(timedOut) timed out, "
            + "\(unreachable) unreachable (\(SecondsText.format(seconds, .fixed(decimals: 2, unit: " s"))))\n"
        out.write(text)
    }

    /// `timings (median ms): connect 12.3, start 1.2, run 3.4, close 0.5`.
    private func timingLine() -> String {
        func median(_ values: [Double]) -> String {
            guard !values.isEmpty else { return "-" }
            let sorted = values.sorted()
            return SecondsText.format(sorted[sorted.count / 2], .milliseconds)
        }
        return "timings (median ms): connect \(median(connectSeconds)), "
            + "start \(median(stepTimings.compactMap(\.channelOpen))), run \(median(stepTimings.compactMap(\.exec))), "
            + "close \(median(stepTimings.compactMap(\.read)))"
    }
}
