import Foundation
import Playbook
import Report
import SSHClient

/// Runs one planned step on one host: asks the preparer what to do there, checks the guards, runs the
/// command (with retries), judges the result, records it and reports it as events. Never throws:
/// every way a step can end is a `StepStatus`.
struct StepRunner: Sendable {
    let preparer: any StepPreparer
    let pool: HostSessions
    let ledger: HostLedger
    let events: EventPipe
    let tailLimit: Int
    let stop: StopSignal
    /// Set for `--check`: steps are probed and reported, never run.
    var check: CheckMode? = nil
    /// The run's masking, which learns a `secret: true` step's output (and strings templates
    /// computed from secrets) before any later output is written.
    var masking: Masking = .none
    /// Sudo passwords for steps with `become`.
    var becomePasswords = BecomePasswords()
    /// Hosts with `ansible_connection: local`: their steps run on the controller, never over SSH.
    var localHosts: Set<String> = []

    // @inline(never) on the async functions here: inlined into each other, their frames merged into
    // one 10 KB task allocation per host and step (46 MB at 1,000 hosts); kept apart they take 1–3 KB.

    /// Runs `step` of `play` on `host` and returns how it ended.
    @inline(never)
    func run(_ step: PlannedStep, ref: StepRef, play: Int, on host: String) async -> StepStatus {
        if let reason = check?.undecided(play: play, step: step) {
            return finish(step, ref, host, StepOutcome(status: .skipped, endedAt: Date(), message: reason))
        }
        let registered = ledger.registered(host)
        switch preparer.prepare(play: play, step: step, host: host, registered: registered) {
        case .skip(let reason):
            return finish(step, ref, host, StepOutcome(status: .skipped, endedAt: Date(), message: reason))
        case .invalid(let diagnostic):
            return finish(step, ref, host, StepOutcome(status: .failed, endedAt: Date(), message: diagnostic.description))
        case .work(let work):
            if !work.derivedSecrets.isEmpty { masking.learn(work.derivedSecrets) }
            return await run(work, step, ref, play: play, on: host)
        }
    }

    /// Records a step that did not run because `reason` (run_once on another host, a stopped run).
    func skip(_ step: PlannedStep, ref: StepRef, on host: String, reason: String) {
        _ = finish(step, ref, host, StepOutcome(status: .skipped, endedAt: Date(), message: reason))
    }

    @inline(never)
    private func run(_ work: HostWork, _ step: PlannedStep, _ ref: StepRef, play: Int, on host: String) async
        -> StepStatus
    {
        let started = Date()
        if localHosts.contains(host) {
            switch LocalHostWork.command(of: work, step: step, host: host) {
            case .success(let command): return await runLocally(command, work, step, ref, play: play, on: host)
            case .failure(let refusal):
                return finish(step, ref, host, StepOutcome(status: .failed, endedAt: Date(), message: refusal.message))
            }
        }
        if case .local(let command) = work.action {
            return await runLocally(command, work, step, ref, play: play, on: host)
        }
        let session: SSHSession
        switch await pool.session(for: host) {
        case .success(let open):
            session = open
        case .failure(let unreachable):
            return finish(step, ref, host, StepOutcome(status: .unreachable, endedAt: Date(), message: unreachable.cause))
        }
        let remote = RemoteWork(session: session, work: work, becomePassword: becomePasswords.password(for: host))
        switch await remote.guardVerdict() {
        case .run:
            break
        case .skip(let reason):
            return finish(step, ref, host, StepOutcome(status: .skipped, endedAt: Date(), message: reason))
        case .lost(let cause):
            await pool.markBroken(host, cause: cause)
            return finish(step, ref, host, StepOutcome(status: .unreachable, endedAt: Date(), message: cause))
        }
        if let check {
            let outcome = await check.outcome(work, step: step, ref: ref, host: host, session: session, events: events)
            if outcome.status == .unreachable { await pool.markBroken(host, cause: outcome.message ?? "") }
            return finish(step, ref, host, outcome)
        }
        return await attempts(step, ref, play: play, host: host, started: started) { sink in
            await remote.execute(on: host, output: sink)
        }
    }

    /// Runs `command` on the controller (a `local:` step, or any step on a local host).
    @inline(never)
    private func runLocally(_ command: String, _ work: HostWork, _ step: PlannedStep, _ ref: StepRef, play: Int,
                            on host: String) async -> StepStatus {
        if let check { return finish(step, ref, host, check.localOutcome(command, step: step)) }
        return await attempts(step, ref, play: play, host: host, started: Date()) { sink in
            await LocalCommand.run(command, environment: work.environment, timeout: work.timeout,
                                   secret: work.readsSecret, sink: sink)
        }
    }

    /// Runs `attempt` until it succeeds and `until` holds, or the retries run out. Each attempt is a
    /// `stepStarted` event of its own, so outputs keep only the last attempt's output.
    @inline(never)
    private func attempts(_ step: PlannedStep, _ ref: StepRef, play: Int, host: String, started: Date,
                          _ attempt: (StepOutputSink) async -> AttemptOutcome) async -> StepStatus {
        var tries = 0
        let keepsText = preparer.keepsOutputText(play: play, step: step)
        while true {
            tries += 1
            events.emit(.stepStarted(host: host, step: ref, at: tries == 1 ? started : Date()))
            let sink = StepOutputSink(host: host, step: ref, events: events, tailLimit: tailLimit, secret: step.secret)
            let outcome = await attempt(sink)
            let ended = Date()
            let stdout = sink.stdout, stderr = sink.stderr
            if step.secret {
                // Masked from now on: later steps may print it (`{{ steps.ID.stdout }}`).
                masking.learn(LiveSecretMasker.values(ofOutput: stdout.text)
                    .union(LiveSecretMasker.values(ofOutput: stderr.text)))
            }
            var record = StepOutcome(status: .ok, attempts: tries, startedAt: started, endedAt: ended,
                                     stdoutTail: sink.shownTail(stdout), stderrTail: sink.shownTail(stderr),
                                     stdoutTruncated: stdout.truncated, stderrTruncated: stderr.truncated)
            switch outcome {
            case .lost(let cause):
                if stop.isForced {
                    record.status = .failed
                    record.message = "interrupted: the command was stopped on the host"
                    return finish(step, ref, host, record)
                }
                await pool.markBroken(host, cause: cause)
                record.status = .unreachable
                record.message = cause
                return finish(step, ref, host, record)
            case .failedToStart(let message):
                record.status = .failed
                record.message = message
                return finish(step, ref, host, record)
            case .finished(let result):
                record.exitCode = result.exitCode
                record.signal = result.signal
                record.timings = result.timings
                let attemptResult = AttemptResult(
                    exitCode: result.exitCode, signal: result.signal, timedOut: result.timedOut,
                    stdout: keepsText ? stdout.text : "", stderr: keepsText ? stderr.text : "", changed: result.changed,
                    seconds: ended.timeIntervalSince(started))
                let judgement = preparer.judge(play: play, step: step, host: host, result: attemptResult,
                                               registered: ledger.registered(host))
                let done = !result.timedOut && !judgement.failed && judgement.untilMet
                if !done, tries <= step.retries {
                    let reason = result.timedOut ? "timed out"
                        : judgement.failed ? judgement.message ?? failureText(result) : "'until' did not hold"
                    events.emit(.stepRetrying(host: host, step: ref, attempt: tries + 1, of: step.retries + 1,
                                              delay: step.delay, reason: reason, at: Date()))
                    if step.delay > 0 { try? await Task.sleep(for: .seconds(step.delay)) }
                    continue
                }
                if result.timedOut {
                    record.status = .timedOut
                    record.message = "timed out; the command was stopped on the host"
                } else if judgement.failed || !judgement.untilMet {
                    record.status = .failed
                    record.message = judgement.message
                        ?? (judgement.untilMet ? failureText(result) : "'until' did not hold after \(tries) attempt(s)")
                } else {
                    record.status = judgement.changed ? .changed : .ok
                }
                register(step, host, attemptResult, status: record.status)
                return finish(step, ref, host, record)
            }
        }
    }

    private func failureText(_ result: AttemptOutcome.Finished) -> String {
        if let signal = result.signal { return "killed by signal \(signal)" }
        if let code = result.exitCode { return "exit code \(code)" }
        return "no exit status"
    }

    private func register(_ step: PlannedStep, _ host: String, _ result: AttemptResult, status: StepStatus) {
        ledger.register(host, stepID: step.id, RegisteredResults.Entry(
            result: result, status: status.rawValue, failed: status.isFailure, skipped: status == .skipped,
            changed: status == .changed))
    }

    /// Reports the outcome, applies `ignore_errors`, takes a failed host out and notifies handlers.
    @inline(never)
    private func finish(_ step: PlannedStep, _ ref: StepRef, _ host: String, _ outcome: StepOutcome) -> StepStatus {
        var outcome = outcome
        switch outcome.status {
        case .skipped:
            ledger.register(host, stepID: step.id, RegisteredResults.Entry(
                result: AttemptResult(exitCode: nil, changed: false), status: "skipped", failed: false,
                skipped: true, changed: false))
        case .unreachable:
            ledger.markOut(host, .unreachable)
        case .failed, .timedOut:
            if step.ignoreErrors {
                outcome.ignored = true
            } else {
                ledger.markOut(host, .failed)
            }
        case .changed:
            ledger.notify(host, handlers: step.notifies)
        case .ok, .notReached:
            break
        }
        events.emit(.stepFinished(host: host, step: ref, outcome: outcome))
        return outcome.status
    }
}

/// How one attempt at a step's command ended.
enum AttemptOutcome: Sendable {
    struct Finished: Sendable {
        var exitCode: Int32?
        var signal: String?
        var timedOut: Bool
        /// Whether the action changed something by its own account.
        var changed: Bool
        var timings: StepTimings
    }

    /// The command ran to an end (or was stopped at its timeout).
    case finished(Finished)
    /// The command could not be started (a local file missing, the server refused the channel).
    case failedToStart(String)
    /// The session broke: the host is unreachable from now on.
    case lost(String)
}
