/// The rules that stop a whole run because too many hosts failed (DESIGN.md, decision 7).
/// Unreachable hosts count as failed for every rule. Besides the two a play sets, a batch whose every
/// host failed always stops the run, as it does in Ansible: a failed canary must not let the rest go on.
public struct FailureGate: Hashable, Sendable {
    /// `any_errors_fatal`: one failed host stops the run after the current step.
    public var anyErrorsFatal: Bool
    /// `max_fail_percentage`: the run stops when the share of failed hosts in the current batch
    /// exceeds this (strictly more than, as in Ansible: 50 tolerates exactly half).
    public var maxFailPercentage: Double?

    public init(anyErrorsFatal: Bool = false, maxFailPercentage: Double? = nil) {
        self.anyErrorsFatal = anyErrorsFatal
        self.maxFailPercentage = maxFailPercentage
    }

    /// Which rule, if any, stops the run when `failed` of a batch of `batchSize` hosts failed.
    public func decision(failed: Int, batchSize: Int) -> GateVerdict? {
        guard failed > 0, batchSize > 0 else { return nil }
        let share = Double(failed) * 100 / Double(batchSize)
        if anyErrorsFatal {
            return GateVerdict(rule: .anyErrorsFatal, failed: failed, batchSize: batchSize, sharePercent: share,
                                thresholdPercent: 0)
        }
        if let maxFailPercentage, share > maxFailPercentage {
            return GateVerdict(rule: .maxFailPercentage, failed: failed, batchSize: batchSize,
                                sharePercent: share, thresholdPercent: maxFailPercentage)
        }
        return nil
    }

    /// The rule checked when a batch is done: every host of it failed, and hosts or plays remain.
    public func batchDecision(failed: Int, batchSize: Int) -> GateVerdict? {
        guard batchSize > 0, failed == batchSize else { return nil }
        return GateVerdict(rule: .wholeBatchFailed, failed: failed, batchSize: batchSize, sharePercent: 100,
                           thresholdPercent: 100)
    }
}

/// Why a run stopped early: the rule, and the share of the batch it saw.
public struct GateVerdict: Hashable, Sendable, CustomStringConvertible {
    public enum Rule: String, Sendable {
        case anyErrorsFatal = "any_errors_fatal"
        case maxFailPercentage = "max_fail_percentage"
        case wholeBatchFailed = "whole_batch_failed"
    }

    public let rule: Rule
    public let failed: Int
    public let batchSize: Int
    public let sharePercent: Double
    public let thresholdPercent: Double

    public var description: String {
        let share = sharePercent.formatted(maxFractionDigits: 1)
        switch rule {
        case .anyErrorsFatal:
            return "any_errors_fatal: \(failed) of \(batchSize) host(s) in the batch failed; stopping the run"
        case .maxFailPercentage:
            return "max_fail_percentage: \(failed) of \(batchSize) host(s) in the batch failed (\(share)% > "
                + "\(thresholdPercent.formatted(maxFractionDigits: 1))%); stopping the run"
        case .wholeBatchFailed:
            return "every host of the batch failed (\(failed) of \(batchSize)); stopping the run"
        }
    }
}

extension Double {
    /// "50", "33.3": no trailing ".0", at most `maxFractionDigits` decimals.
    func formatted(maxFractionDigits: Int) -> String {
        var scale = 1.0
        for _ in 0..<maxFractionDigits { scale *= 10 }
        let rounded = (self * scale).rounded() / scale
        if rounded == rounded.rounded() { return String(Int(rounded)) }
        return String(rounded)
    }
}
