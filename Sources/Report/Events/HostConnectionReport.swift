import Foundation

/// A host's session came up: where it connected and how long each phase took (seconds).
public struct HostConnectionReport: Sendable, Hashable {
    /// Inventory name.
    public let host: String
    /// The address actually dialled (after `ansible_host`, ssh_config, jump hosts).
    public let address: String
    public let port: Int
    /// TCP connect (through jump hosts, when any).
    public let connectSeconds: Double
    /// SSH handshake and host-key check.
    public let handshakeSeconds: Double
    /// User authentication.
    public let authSeconds: Double
    /// When the session was ready.
    public let at: Date

    public init(host: String, address: String, port: Int, connectSeconds: Double, handshakeSeconds: Double,
                authSeconds: Double, at: Date) {
        self.host = host
        self.address = address
        self.port = port
        self.connectSeconds = connectSeconds
        self.handshakeSeconds = handshakeSeconds
        self.authSeconds = authSeconds
        self.at = at
    }
}

/// A failure rule evaluated at the end of a step or batch: which rule, what share it saw, and whether
/// it stopped the run. Unreachable hosts count as failed for both rules.
public struct GateDecision: Sendable, Hashable {
    /// The rule that was evaluated.
    public enum Rule: String, Sendable, Hashable {
        case anyErrorsFatal = "any_errors_fatal"
        case maxFailPercentage = "max_fail_percentage"
        /// Every host of a batch failed: nothing is left to go on with, as in Ansible.
        case wholeBatchFailed = "whole_batch_failed"
    }

    public let rule: Rule
    public let play: PlayRef
    /// 1-based batch index.
    public let batch: Int
    /// Failed (or unreachable) hosts of the batch, and the batch's size.
    public let failedHosts: Int
    public let batchHosts: Int
    /// The threshold in percent (`max_fail_percentage`); 0 for `any_errors_fatal`.
    public let thresholdPercent: Double
    /// Whether the rule stopped the run.
    public let stopped: Bool
    public let at: Date

    public init(rule: Rule, play: PlayRef, batch: Int, failedHosts: Int, batchHosts: Int,
                thresholdPercent: Double, stopped: Bool, at: Date) {
        self.rule = rule
        self.play = play
        self.batch = batch
        self.failedHosts = failedHosts
        self.batchHosts = batchHosts
        self.thresholdPercent = thresholdPercent
        self.stopped = stopped
        self.at = at
    }

    /// The failed share of the batch in percent.
    public var failedPercent: Double {
        batchHosts == 0 ? 0 : Double(failedHosts) * 100 / Double(batchHosts)
    }

    /// One line for the console and the recap.
    public var summary: String {
        let share = "\(failedHosts)/\(batchHosts) hosts failed (\(Self.percent(failedPercent)))"
        let verdict = stopped ? "run stopped" : "run continues"
        switch rule {
        case .anyErrorsFatal:
            return "any_errors_fatal in play '\(play.name)' batch \(batch): \(share): \(verdict)"
        case .maxFailPercentage:
            return "max_fail_percentage \(Self.percent(thresholdPercent)) in play '\(play.name)' batch \(batch): "
                + "\(share): \(verdict)"
        case .wholeBatchFailed:
            return "every host failed in play '\(play.name)' batch \(batch): \(share): \(verdict)"
        }
    }

    /// Why a step the rule stopped never ran, for `step`'s not-reached entry in the reports:
    /// `max_fail_percentage 20% exceeded in batch 2 (3 of 10 hosts failed)`.
    public func notReachedReason(for step: StepRef) -> String {
        let batch = step.play.position == play.position ? "batch \(batch)" : "play '\(play.name)' batch \(batch)"
        let share = "(\(failedHosts) of \(batchHosts) host\(batchHosts == 1 ? "" : "s") failed)"
        switch rule {
        case .anyErrorsFatal: return "any_errors_fatal: a host failed in \(batch) \(share)"
        case .maxFailPercentage:
            return "max_fail_percentage \(Self.percent(thresholdPercent)) exceeded in \(batch) \(share)"
        case .wholeBatchFailed: return "every host failed in \(batch) \(share)"
        }
    }

    static func percent(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value))%" : String(format: "%.1f%%", value)
    }
}
