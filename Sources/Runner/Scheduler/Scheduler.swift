import Foundation
import Playbook
import Report

/// Executes a plan across its hosts (DESIGN.md, decisions 4–7): play by play, batch by batch, with at
/// most `forks` hosts in flight over one reused session per host; `linear` puts a barrier between
/// steps, `free` lets each host run ahead; failed hosts leave the play, and the failure gate can stop
/// the whole run. Everything that happens is an event; the result is the run's verdict (an `ExitCode`).
public final class Scheduler: Sendable {
    private let plan: ExecutionPlan
    private let options: RunOptions
    private let events: EventPipe
    let ledger: HostLedger
    private let pool: HostSessions
    let stop: StopSignal
    private let masking: Masking

    /// `masking` is the reporters' masking: a `secret: true` step's output is taught to it as soon as
    /// the step ends, before any later step's output is emitted.
    public init(plan: ExecutionPlan, options: RunOptions, events: EventPipe, stop: StopSignal = StopSignal(),
                masking: Masking = .none) {
        self.plan = plan
        self.masking = masking
        self.options = options
        self.events = events
        self.ledger = HostLedger(hosts: plan.hosts)
        self.pool = HostSessions(connections: plan.connections, options: options.connect, events: events)
        self.stop = stop
    }

    /// Runs every play and returns the run's verdict: `.ok`, `.hostFailed`, `.unreachable` or
    /// `.interrupted`. Sessions are closed at the end.
    public func run() async -> ExitCode {
        if options.checkMode {
            // A dry run first connects and authenticates every host, so every unreachable one is found.
            let remote = plan.hosts.filter { plan.connections[$0]?.isLocal != true }
            await forEachHost(remote, limit: options.forksOverride ?? RunOptions.defaultForks) { host in
                if case .failure = await self.pool.session(for: host) { self.ledger.markOut(host, .unreachable) }
            }
        }
        for (index, play) in plan.plays.enumerated() where !stop.isStopped {
            await run(play, isLast: index == plan.plays.count - 1)
        }
        await pool.closeAll()
        if stop.wasInterrupted { return .interrupted }
        return ledger.verdict
    }

    /// Stops every running command now (a forced interrupt): their sessions' connections are broken,
    /// which ends the commands on the hosts; the steps are reported as interrupted.
    public func abortRunningCommands() async {
        stop.force()
        await pool.abortAll()
    }

    /// Hosts that failed or were unreachable, for `--retry-file`.
    public var hostsOut: [String] { ledger.hostsOut }

    private func run(_ play: PlannedPlay, isLast: Bool) async {
        let playRef = PlayRef(position: play.position, name: play.name, location: play.location)
        events.emit(.playStarted(playRef))
        let passwords = BecomePasswords(byHost: plan.becomePasswords, fallback: options.becomePassword)
        let runner = StepRunner(
            preparer: plan.preparer, pool: pool, ledger: ledger, events: events, tailLimit: options.tailLimit,
            stop: stop,
            check: options.checkMode ? CheckMode(plan: plan, diff: options.diff, becomePasswords: passwords) : nil,
            masking: masking, becomePasswords: passwords,
            localHosts: Set(plan.connections.filter(\.value.isLocal).keys))
        let refs = play.steps.map { stepRef($0, playRef) }
        let forks = options.forks(for: play)
        for (index, batch) in play.batches.enumerated() where !stop.isStopped {
            events.emit(.batchStarted(playRef, index: index + 1, of: play.batches.count, hosts: batch))
            let context = BatchContext(play: play, playRef: playRef, batchIndex: index + 1, hosts: batch,
                                       counted: batch.filter { !ledger.isOut($0) }, forks: forks, runner: runner,
                                       refs: refs)
            switch (play.strategy, play.parallelSteps > 1) {
            case (.linear, false): await runLinear(context)
            case (.free, false): await runFree(context)
            case (.linear, true): await runLinearWaves(context)
            case (.free, true): await runFreeGraph(context)
            }
            if !stop.isStopped { await runHandlers(context) }
            if !isLast || index < play.batches.count - 1 { checkWholeBatch(context) }
        }
        events.emit(.playFinished(playRef, at: Date()))
    }

    struct BatchContext: Sendable {
        let play: PlannedPlay
        let playRef: PlayRef
        let batchIndex: Int
        let hosts: [String]
        /// The hosts the failure rules count: those not already out (failed in an earlier play, or
        /// found unreachable by a dry run) when the batch started, as Ansible counts them.
        let counted: [String]
        let forks: Int
        let runner: StepRunner
        let refs: [StepRef]
    }

    // MARK: - Strategies

    /// Every host of the batch finishes step k (or is out) before any host starts step k+1.
    private func runLinear(_ batch: BatchContext) async {
        for (index, step) in batch.play.steps.enumerated() {
            if stop.isStopped { return }
            let active = batch.hosts.filter { !ledger.isOut($0) }
            if active.isEmpty { return }
            let ref = batch.refs[index]
            var targets = active
            if step.runOnce, let first = active.first {
                targets = [first]
                for other in active.dropFirst() {
                    batch.runner.skip(step, ref: ref, on: other, reason: "run_once: ran on \(first)")
                }
            }
            await forEachHost(targets, limit: batch.forks) { host in
                _ = await batch.runner.run(step, ref: ref, play: batch.play.position, on: host)
            }
            checkGate(batch)
        }
    }

    /// Each host runs the play's steps as fast as it can; at most `forks` hosts at once.
    private func runFree(_ batch: BatchContext) async {
        let runOnceHost = batch.hosts.first { !ledger.isOut($0) }
        await forEachHost(batch.hosts.filter { !ledger.isOut($0) }, limit: batch.forks) { host in
            for (index, step) in batch.play.steps.enumerated() {
                if self.stop.isStopped || self.ledger.isOut(host) { return }
                let ref = batch.refs[index]
                if step.runOnce, host != runOnceHost {
                    batch.runner.skip(step, ref: ref, on: host, reason: "run_once: ran on \(runOnceHost ?? "")")
                    continue
                }
                _ = await batch.runner.run(step, ref: ref, play: batch.play.position, on: host)
                if self.ledger.isOut(host), batch.play.gate.anyErrorsFatal { self.checkGate(batch) }
            }
        }
        checkGate(batch)
    }

    /// Handlers run at the end of the batch on the hosts where they were notified, in definition
    /// order; a handler that changed something notifies its own handlers, which run in the same
    /// flush. Each handler runs at most once per host and flush, so a cycle of handlers ends; one
    /// notified by a handler defined after it runs in a further pass over the list.
    private func runHandlers(_ batch: BatchContext) async {
        guard !batch.play.handlers.isEmpty else { return }
        var pending: [String: Set<Int>] = [:]
        var ran: [String: Set<Int>] = [:]
        func collectNotified() {
            for host in batch.hosts {
                let fresh = ledger.takeNotified(host).subtracting(ran[host] ?? [])
                pending[host] = ledger.isOut(host) ? [] : (pending[host] ?? []).union(fresh)
            }
        }
        collectNotified()
        while pending.values.contains(where: { !$0.isEmpty }) {
            for handler in batch.play.handlers {
                if stop.isStopped { return }
                let targets = batch.hosts.filter {
                    !ledger.isOut($0) && pending[$0]?.contains(handler.position) == true
                }
                guard !targets.isEmpty else { continue }
                for host in targets {
                    pending[host]?.remove(handler.position)
                    ran[host, default: []].insert(handler.position)
                }
                let ref = stepRef(handler, batch.playRef)
                await forEachHost(targets, limit: batch.forks) { host in
                    _ = await batch.runner.run(handler, ref: ref, play: batch.play.position, on: host)
                }
                collectNotified()
            }
        }
    }

    // MARK: - Failure gate

    /// Applies `any_errors_fatal` and `max_fail_percentage` to the batch; a tripped rule stops the run.
    func checkGate(_ batch: BatchContext) {
        let failed = batch.counted.filter { ledger.isOut($0) }.count
        guard let verdict = batch.play.gate.decision(failed: failed, batchSize: batch.counted.count) else { return }
        stopRun(batch, verdict)
    }

    /// A batch whose every host failed stops the run when anything is left to run (DESIGN.md,
    /// decision 7; Ansible does the same).
    private func checkWholeBatch(_ batch: BatchContext) {
        let failed = batch.counted.filter { ledger.isOut($0) }.count
        guard let verdict = batch.play.gate.batchDecision(failed: failed, batchSize: batch.counted.count) else {
            return
        }
        stopRun(batch, verdict)
    }

    private func stopRun(_ batch: BatchContext, _ verdict: GateVerdict) {
        // Hosts failing at once may trip a rule together: only the call that stops the run reports it.
        guard stop.stopForGate() else { return }
        let failed = verdict.failed
        let rule: GateDecision.Rule
        switch verdict.rule {
        case .anyErrorsFatal: rule = .anyErrorsFatal
        case .maxFailPercentage: rule = .maxFailPercentage
        case .wholeBatchFailed: rule = .wholeBatchFailed
        }
        events.emit(.gateDecision(GateDecision(
            rule: rule, play: batch.playRef, batch: batch.batchIndex, failedHosts: failed,
            batchHosts: verdict.batchSize, thresholdPercent: verdict.thresholdPercent, stopped: true, at: Date())))
    }

    // MARK: - Helpers

    private func stepRef(_ step: PlannedStep, _ play: PlayRef) -> StepRef {
        StepRef(play: play, position: step.position, id: step.id, name: step.name, location: step.location,
                isHandler: step.isHandler)
    }

    /// Runs `body` for every host with at most `limit` running at once, in host order.
    func forEachHost(_ hosts: [String], limit: Int, _ body: @escaping @Sendable (String) async -> Void) async {
        await withTaskGroup(of: Void.self) { group in
            var next = 0
            while next < hosts.count, next < limit {
                let host = hosts[next]
                group.addTask { await body(host) }
                next += 1
            }
            while await group.next() != nil {
                if next < hosts.count {
                    let host = hosts[next]
                    group.addTask { await body(host) }
                    next += 1
                }
            }
        }
    }
}
