import Foundation

/// What the reports need to know about a run, accumulated from its events: the plan outline, every
/// host × step outcome (tails and messages already masked), connections, gate decisions and
/// interrupts. It keeps no output beyond the bounded tails the outcomes carry, so its size depends on
/// hosts × steps, never on how much the hosts printed. A value: each reporter owns its copy.
public struct RunLedger: Sendable {
    /// Tails of steps that did not fail are cut to this many bytes (their last ones); failed steps
    /// keep the whole tail the scheduler kept, since that is what explains the failure.
    public static let okTailLimit = 4096

    public private(set) var provenance: RunProvenance?
    public private(set) var plan: [PlayPlan] = []
    /// Each play's hosts as a set (same order as `plan`), for O(1) membership in the recap.
    private(set) var planHostSets: [Set<String>] = []
    public private(set) var hosts: [String: HostRecord] = [:]
    public private(set) var gates: [GateDecision] = []
    public private(set) var interrupts: [(kind: InterruptKind, at: Date)] = []
    public private(set) var exitCode: Int32?
    public private(set) var finishedAt: Date?
    /// The play and step a host is running right now (for the live console).
    public private(set) var running: [String: StepRef] = [:]
    private var outcomes: [StepKey: StepOutcome] = [:]
    private var startedSteps: [StepKey: Date] = [:]
    private var finishedPlays: Set<Int> = []
    /// Hosts that failed a step (not ignored) or were unreachable: a gate did not stop them, they left.
    private var hostsOut: Set<String> = []
    /// Each play's batches as `batchStarted` announced them, by play position.
    public private(set) var batches: [Int: [[String]]] = [:]
    /// How many batches each play has (by play position), as `batchStarted` announced it.
    public private(set) var batchCounts: [Int: Int] = [:]
    private let masking: Masking
    /// Whether outcomes keep their output tails; a reporter that never shows them says no, so a
    /// 1,000-host run does not hold the same tails once per reporter.
    private let keepsOutput: Bool

    public init(masking: Masking, keepsOutput: Bool = true) {
        self.masking = masking
        self.keepsOutput = keepsOutput
    }

    /// Forgets the output tails of one outcome once a reporter has written what it needed of them.
    public mutating func dropOutput(host: String, step: StepRef) {
        let key = key(host, step)
        outcomes[key]?.stdoutTail = []
        outcomes[key]?.stderrTail = []
    }

    /// Identifies one host × step of one play.
    struct StepKey: Hashable {
        let play: Int
        let stem: String
        let host: String
    }

    // MARK: - Accumulating

    /// Folds one event into the ledger.
    public mutating func apply(_ event: RunEvent) {
        switch event {
        case .runStarted(let provenance, let plan):
            self.provenance = provenance
            self.plan = plan
            self.planHostSets = plan.map { Set($0.hosts) }
        case .batchStarted(let play, _, let count, let batchHosts):
            batches[play.position, default: []].append(batchHosts)
            batchCounts[play.position] = count
        case .playStarted, .output, .stepRetrying:
            break
        case .hostConnected(let report):
            hosts[report.host, default: HostRecord(name: report.host)].connection = report
        case .hostUnreachable(let host, let address, let port, let cause, let at):
            var record = hosts[host, default: HostRecord(name: host)]
            record.unreachable = HostRecord.Unreachable(address: address, port: port, cause: masking.text(cause),
                                                        at: at)
            hosts[host] = record
            running[host] = nil
        case .stepStarted(let host, let step, let at):
            startedSteps[key(host, step)] = at
            running[host] = step
        case .stepFinished(let host, let step, let outcome):
            var kept = outcome
            if kept.startedAt == nil { kept.startedAt = startedSteps[key(host, step)] }
            kept.message = kept.message.map(masking.text)
            if keepsOutput {
                let failed = kept.status.isFailure
                kept.stdoutTail = cut(masking.bytes(kept.stdoutTail), failed: failed, &kept.stdoutTruncated)
                kept.stderrTail = cut(masking.bytes(kept.stderrTail), failed: failed, &kept.stderrTruncated)
            } else {
                kept.stdoutTail = []
                kept.stderrTail = []
            }
            outcomes[key(host, step)] = kept
            if kept.status.isFailure, !kept.ignored { hostsOut.insert(host) }
            if running[host] == step { running[host] = nil }
        case .playFinished(let play, _):
            finishedPlays.insert(play.position)
        case .gateDecision(let decision):
            gates.append(decision)
        case .interrupted(let kind, let at):
            interrupts.append((kind, at))
        case .runFinished(let exitCode, let at):
            self.exitCode = exitCode
            self.finishedAt = at
            running.removeAll()
        }
    }

    private func key(_ host: String, _ step: StepRef) -> StepKey {
        StepKey(play: step.play.position, stem: step.fileStem, host: host)
    }

    private func cut(_ tail: [UInt8], failed: Bool, _ truncated: inout Bool) -> [UInt8] {
        guard !failed, tail.count > Self.okTailLimit else { return tail }
        truncated = true
        return Array(tail.suffix(Self.okTailLimit))
    }

    // MARK: - Reading

    /// The outcome of `step` on `host`: as reported, or — for a step no event finished — `skipped`
    /// for a handler of a finished play (not notified), otherwise `not_reached` (with the reason when
    /// the host was unreachable).
    public func outcome(host: String, step: StepRef) -> StepOutcome {
        if let outcome = outcomes[key(host, step)] { return outcome }
        if let unreachable = hosts[host]?.unreachable {
            return StepOutcome(status: .notReached, message: "host unreachable: \(unreachable.cause)")
        }
        if step.isHandler, finishedPlays.contains(step.play.position) {
            return StepOutcome(status: .skipped, message: "handler not notified")
        }
        if startedSteps[key(host, step)] != nil {
            return StepOutcome(status: .notReached, startedAt: startedSteps[key(host, step)],
                               message: "started but never finished (run stopped)")
        }
        if let gate = stoppingGate(host: host, play: step.play.position) {
            return StepOutcome(status: .notReached, message: gate.notReachedReason(for: step))
        }
        return StepOutcome(status: .notReached)
    }

    /// The gate that stopped the run before `host` could finish play `play`: the first stopping
    /// decision in that play or an earlier one, unless the host had already left by failing.
    public func stoppingGate(host: String, play: Int) -> GateDecision? {
        guard !hostsOut.contains(host), hosts[host]?.unreachable == nil else { return nil }
        return gates.first { $0.stopped && $0.play.position <= play }
    }

    /// Whether any event finished `step` on `host`.
    public func hasOutcome(host: String, step: StepRef) -> Bool {
        outcomes[key(host, step)] != nil
    }

    /// When the run started (from its provenance).
    public var startedAt: Date? { provenance?.startedAt }

    /// Every host of the plan, in first-seen order.
    public var allHosts: [String] {
        var seen = Set<String>()
        var ordered: [String] = []
        for play in plan {
            for host in play.hosts where seen.insert(host).inserted { ordered.append(host) }
        }
        for host in hosts.keys.sorted() where seen.insert(host).inserted { ordered.append(host) }
        return ordered
    }

    /// Whether the run was interrupted.
    public var wasInterrupted: Bool { !interrupts.isEmpty }
}

/// What the ledger knows about one host's connection.
public struct HostRecord: Sendable {
    /// Why and when a host was unreachable.
    public struct Unreachable: Sendable {
        public let address: String
        public let port: Int
        public let cause: String
        public let at: Date
    }

    public let name: String
    public var connection: HostConnectionReport?
    public var unreachable: Unreachable?
}
