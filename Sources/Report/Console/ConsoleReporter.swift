import Foundation
import Playbook

/// What a person watching the run sees. On a terminal: a live status area (play, batch, step, a
/// progress bar of hosts done / in flight / waiting, counts, elapsed) redrawn at most ~10 times a
/// second, with changed steps, retries and failures printed above it as they happen. Elsewhere (CI
/// logs, pipes, `TERM=dumb`): plain lines, no cursor movement, each prefixed by host and step, each
/// written whole, under a STEP header per step and batch unless the play's steps interleave.
/// `-v` adds every output line, `-q` keeps only failures and the recap. The recap ends the run.
public actor ConsoleReporter: Reporter {
    private let options: ConsoleOptions
    private let style: ConsoleStyle
    private let out: FileDescriptorWriter
    private let masking: Masking
    private var ledger: RunLedger
    private var status = LiveStatus()
    private var streams: [StreamKey: StreamState] = [:]
    /// The steps of the current batch whose STEP header was printed.
    private var announced: Set<String> = []
    /// Whether the current play's steps get STEP headers (not when their results interleave).
    private var stepHeaders = true
    private var drawnLines = 0
    private var lastDraw = Date.distantPast
    private var dirty = false
    private var ticker: Task<Void, Never>?
    private var recapWritten = false

    private struct StreamKey: Hashable {
        let host: String
        let step: StepRef
        let stream: OutputStream
    }

    private struct StreamState {
        var masker: any StreamMasker
        var lines = LineAssembler()
    }

    public init(options: ConsoleOptions, output: FileDescriptorWriter = .standardOutput, masking: Masking) {
        self.options = options
        self.style = ConsoleStyle(color: options.color)
        self.out = output
        self.masking = masking
        // The console shows a failure's tail from the event itself; its ledger needs none.
        self.ledger = RunLedger(masking: masking, keepsOutput: false)
    }

    public func handle(_ event: RunEvent) async {
        ledger.apply(event)
        switch event {
        case .runStarted(let provenance, let plan):
            let hosts = Set(plan.flatMap(\.hosts)).count
            let mode = provenance.checkMode ? " (check mode: nothing is changed)" : ""
            print(.normal, "pbrun \(provenance.pbrunVersion): " + TextEscaping.display(provenance.playbookPath)
                + " on \(hosts) host\(hosts == 1 ? "" : "s")" + mode)
            if options.mode == .live { startTicker() }
        case .playStarted(let play):
            let outline = ledger.plan.first { $0.play == play }
            status.startPlay(outline, play)
            stepHeaders = !(outline?.stepsInterleave ?? false)
            announced.removeAll()
            print(.normal, style.bold("PLAY [" + TextEscaping.display(play.name) + "]"))
        case .batchStarted(_, let index, let of, let hosts):
            status.batchIndex = index
            status.batchCount = of
            announced.removeAll()
            if of > 1 { print(.normal, "batch \(index)/\(of): \(hosts.count) host\(hosts.count == 1 ? "" : "s")") }
        case .hostConnected:
            break
        case .hostUnreachable(let host, let address, let port, let cause, _):
            status.hostUnreachable(host)
            let name = TextEscaping.display(host) + " (" + TextEscaping.display(address) + ":\(port))"
            print(.quiet, style.paint(name, .unreachable) + ": " + style.paint("unreachable", .unreachable) + ": "
                + TextEscaping.displayIndented(masking.text(cause)))
        case .stepStarted(let host, let step, _):
            status.startStep(host, step)
            if options.mode == .plain, stepHeaders, announced.insert(stepKey(step)).inserted {
                print(.normal, style.bold("STEP [" + RecapText.stepLabel(step, plays: ledger.plan.count) + "]"))
            }
        case .stepRetrying(let host, let step, let attempt, let of, let delay, let reason, _):
            status.retrying(host, attempt: attempt, of: of)
            var line = TextEscaping.display(host) + " | " + label(step) + " | "
                + style.paint("retrying", .changed) + ": attempt \(attempt)/\(of)"
            if delay > 0 { line += " in " + SecondsText.format(delay, .plain) }
            print(.normal, line + " (" + TextEscaping.display(masking.text(reason)) + ")")
        case .output(let host, let step, let stream, let bytes):
            guard options.verbosity == .verbose else { break }
            let key = StreamKey(host: host, step: step, stream: stream)
            var state = streams[key] ?? StreamState(masker: masking.makeStream())
            let masked = state.masker.mask(bytes)
            let lines = state.lines.lines(masked)
            streams[key] = state
            if !lines.isEmpty {
                print(.verbose, lines.map { outputLine(host, step, stream, $0.bytes, continued: $0.continued) })
            }
        case .stepFinished(let host, let step, let outcome):
            status.finishStep(host, step, outcome)
            flushStreams(host: host, step: step)
            // An unreachable host was already reported as such; its step adds nothing.
            if outcome.status != .unreachable || ledger.hosts[host]?.unreachable == nil {
                report(host, step, outcome)
            }
        case .playFinished:
            break
        case .gateDecision(let decision):
            print(decision.stopped ? .quiet : .normal,
                  style.paint(TextEscaping.display(decision.summary), decision.stopped ? .failed : .ok))
        case .interrupted(let kind, _):
            print(.quiet, style.paint(Self.interruptText(kind), .failed))
        case .runFinished:
            writeRecap()
        }
        dirty = true
        drawIfDue()
    }

    public func finish() async throws {
        ticker?.cancel()
        ticker = nil
        writeRecap()
    }

    /// What the console says when the user interrupts the run.
    static func interruptText(_ kind: InterruptKind) -> String {
        switch kind {
        case .graceful:
            return "interrupted: no new steps start; running steps get the grace period (Ctrl-C again to stop now)"
        case .forced: return "interrupted again: stopping everything now"
        case .graceExpired: return "grace period over: stopping the running commands now"
        }
    }

    // MARK: - Lines

    private func report(_ host: String, _ step: StepRef, _ outcome: StepOutcome) {
        let prefix = TextEscaping.display(host) + " | " + label(step) + " | "
        guard outcome.status.isFailure else {
            // On a terminal the status area counts the rest; what changed where is worth a line.
            guard options.mode == .plain || outcome.status == .changed else { return }
            var line = prefix + style.paint(ConsoleStyle.word(outcome.status), outcome.status)
            if let duration = outcome.duration { line += " (" + ReportTime.human(duration) + ")" }
            if outcome.status == .skipped, let message = outcome.message {
                line += ": " + TextEscaping.display(masking.text(message))
            }
            print(.normal, line)
            return
        }
        var head = prefix + style.paint(ConsoleStyle.word(outcome.status) + (outcome.ignored ? " (ignored)" : ""),
                                        outcome.status)
        if let code = outcome.exitCode { head += " exit \(code)" }
        if let signal = outcome.signal { head += " signal \(TextEscaping.display(signal))" }
        if let duration = outcome.duration { head += " (" + ReportTime.human(duration) + ")" }
        if let location = step.location { head += " at " + TextEscaping.display(location.description) }
        var lines = [head]
        if let message = outcome.message { lines.append(prefix + TextEscaping.display(masking.text(message))) }
        let useStderr = !outcome.stderrTail.isEmpty
        let tail = masking.bytes(useStderr ? outcome.stderrTail : outcome.stdoutTail)
        var assembler = LineAssembler()
        var tailLines = assembler.lines(tail).map(\.bytes)
        if let last = assembler.flush() { tailLines.append(last) }
        let stream = useStderr ? "stderr" : "stdout"
        for line in tailLines.suffix(options.failureTailLines) {
            lines.append(prefix + stream + ": " + TextEscaping.display(line))
        }
        print(.quiet, lines)
    }

    private func outputLine(_ host: String, _ step: StepRef, _ stream: OutputStream, _ bytes: ArraySlice<UInt8>,
                            continued: Bool) -> String {
        TextEscaping.display(host) + " | " + label(step) + (stream == .stderr ? " ! " : " | ")
            + TextEscaping.display(bytes) + (continued ? " ↩" : "")
    }

    private func flushStreams(host: String, step: StepRef) {
        guard options.verbosity == .verbose else { return }
        var lines: [String] = []
        for stream in OutputStream.allCases {
            let key = StreamKey(host: host, step: step, stream: stream)
            guard var state = streams.removeValue(forKey: key) else { continue }
            var pieces = state.lines.lines(state.masker.flush())
            if let last = state.lines.flush() { pieces.append((last, false)) }
            lines += pieces.map { outputLine(host, step, stream, $0.bytes, continued: $0.continued) }
        }
        if !lines.isEmpty { print(.verbose, lines) }
    }

    private func label(_ step: StepRef) -> String {
        TextEscaping.display(ledger.plan.count > 1 ? step.play.name + "/" + step.fileStem : step.fileStem)
    }

    private func stepKey(_ step: StepRef) -> String { "\(step.play.position)/\(step.fileStem)" }

    private func writeRecap() {
        guard !recapWritten else { return }
        recapWritten = true
        ticker?.cancel()
        erase()
        out.write(RecapText.render(ledger, style: style))
        drawnLines = 0
    }

    // MARK: - Writing around the status area

    private func print(_ level: ConsoleOptions.Verbosity, _ line: String) {
        print(level, [line])
    }

    /// Writes whole lines in one write, above the status area on a terminal.
    private func print(_ level: ConsoleOptions.Verbosity, _ lines: [String]) {
        guard level <= options.verbosity, !recapWritten else { return }
        var text = lines.joined(separator: "\n") + "\n"
        if options.mode == .live {
            text = eraseSequence() + text + statusSequence()
            lastDraw = options.now()
            dirty = false
        }
        out.write(text)
    }

    private func drawIfDue() {
        guard options.mode == .live, dirty, !recapWritten else { return }
        let now = options.now()
        guard now.timeIntervalSince(lastDraw) >= options.redrawInterval else { return }
        out.write(eraseSequence() + statusSequence())
        lastDraw = now
        dirty = false
    }

    private func erase() {
        guard options.mode == .live else { return }
        out.write(eraseSequence())
    }

    /// Moves to the start of the status area and clears to the end of the screen.
    private func eraseSequence() -> String {
        guard drawnLines > 0 else { return "" }
        let up = drawnLines > 1 ? "\u{1B}[\(drawnLines - 1)A" : ""
        drawnLines = 0
        return "\r" + up + "\u{1B}[J"
    }

    /// The status area, leaving the cursor at the end of its last line.
    private func statusSequence() -> String {
        // Written without a closure over `options.now`: Swift 6.3.1's release optimizer crashed
        // (CopyPropagation ownership error) on the `map { options.now() … }` form.
        var elapsed = 0.0
        if let started = ledger.startedAt {
            let now = options.now()
            elapsed = now.timeIntervalSince(started)
        }
        let lines = status.render(elapsed: elapsed, width: options.width)
        drawnLines = lines.count
        return lines.joined(separator: "\n")
    }

    /// Keeps the elapsed time moving while no event arrives.
    private func startTicker() {
        let interval = options.redrawInterval
        ticker = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(nanoseconds: UInt64(max(interval, 0.05) * 1_000_000_000))
                await self?.tick()
            }
        }
    }

    private func tick() {
        dirty = true
        drawIfDue()
    }
}
