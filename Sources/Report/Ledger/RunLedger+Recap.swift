import Foundation

/// One recap row: a host's counts over every step of every play, and its time.
public struct HostTally: Sendable, Equatable {
    public let host: String
    public var ok = 0
    public var changed = 0
    public var skipped = 0
    /// Failed and timed-out steps whose failure was not ignored.
    public var failed = 0
    /// Failures that `ignore_errors` let pass.
    public var ignored = 0
    /// 1 when the host was unreachable (at connect or during a step).
    public var unreachable = 0
    /// Steps that never started on this host.
    public var notReached = 0
    /// From the start of its connection (or its first step) to its last step's end, in seconds.
    public var seconds: Double = 0
}

/// A step's slowest run, for the recap's "slowest steps".
public struct SlowStep: Sendable, Equatable {
    public let step: StepRef
    public let host: String
    public let seconds: Double
}

extension RunLedger {
    /// One row per host, failed hosts first (then unreachable, then the rest), by name within each.
    public func tallies() -> [HostTally] {
        allHosts.map(tally(for:)).sorted { lhs, rhs in
            let left = lhs.failed > 0 ? 0 : lhs.unreachable > 0 ? 1 : 2
            let right = rhs.failed > 0 ? 0 : rhs.unreachable > 0 ? 1 : 2
            return left != right ? left < right : lhs.host < rhs.host
        }
    }

    /// The counts and time of one host.
    public func tally(for host: String) -> HostTally {
        var tally = HostTally(host: host)
        var first: Date?
        var last: Date?
        for (play, hosts) in zip(plan, planHostSets) where hosts.contains(host) {
            // A handler that never ran was not notified: it is no part of the host's work.
            for step in play.steps where !step.isHandler || hasOutcome(host: host, step: step) {
                let outcome = outcome(host: host, step: step)
                switch outcome.status {
                case .ok: tally.ok += 1
                case .changed: tally.changed += 1
                case .skipped: tally.skipped += 1
                case .failed, .timedOut: if outcome.ignored { tally.ignored += 1 } else { tally.failed += 1 }
                case .unreachable: tally.unreachable = 1
                case .notReached: tally.notReached += 1
                }
                if let start = outcome.startedAt { first = min(first ?? start, start) }
                if let end = outcome.endedAt { last = max(last ?? end, end) }
            }
        }
        let record = hosts[host]
        if let unreachable = record?.unreachable {
            tally.unreachable = 1
            last = max(last ?? unreachable.at, unreachable.at)
        }
        if let connection = record?.connection {
            let begun = connection.at.addingTimeInterval(
                -(connection.connectSeconds + connection.handshakeSeconds + connection.authSeconds))
            first = min(first ?? begun, begun)
        }
        if let first, let last { tally.seconds = max(0, last.timeIntervalSince(first)) }
        return tally
    }

    /// The `count` hosts that took longest, slowest first.
    public func slowestHosts(_ count: Int) -> [HostTally] {
        let timed = allHosts.map(tally(for:)).filter { $0.seconds > 0 }
        let sorted = timed.sorted { (lhs: HostTally, rhs: HostTally) -> Bool in
            lhs.seconds != rhs.seconds ? lhs.seconds > rhs.seconds : lhs.host < rhs.host
        }
        return Array(sorted.prefix(count))
    }

    /// The `count` steps whose slowest host took longest, slowest first.
    public func slowestSteps(_ count: Int) -> [SlowStep] {
        var slowest: [SlowStep] = []
        for play in plan {
            for step in play.steps {
                var best: SlowStep?
                for host in play.hosts {
                    guard let seconds = outcome(host: host, step: step).duration else { continue }
                    if seconds > (best?.seconds ?? -1) { best = SlowStep(step: step, host: host, seconds: seconds) }
                }
                if let best { slowest.append(best) }
            }
        }
        let sorted = slowest.sorted { (lhs: SlowStep, rhs: SlowStep) -> Bool in
            if lhs.seconds != rhs.seconds { return lhs.seconds > rhs.seconds }
            if lhs.step.play.position != rhs.step.play.position {
                return lhs.step.play.position < rhs.step.play.position
            }
            return lhs.step.position < rhs.step.position
        }
        return Array(sorted.prefix(count))
    }

    /// Totals over all hosts, for the status line and summaries; `seconds` is the run's duration.
    public func totals() -> HostTally {
        allHosts.map(tally(for:)).reduce(into: HostTally(host: "", seconds: duration ?? 0)) { total, row in
            total.ok += row.ok
            total.changed += row.changed
            total.skipped += row.skipped
            total.failed += row.failed
            total.ignored += row.ignored
            total.unreachable += row.unreachable
            total.notReached += row.notReached
        }
    }

    /// Run duration in seconds, when both ends are known.
    public var duration: Double? {
        guard let startedAt, let finishedAt else { return nil }
        return max(0, finishedAt.timeIntervalSince(startedAt))
    }
}
