import Foundation
import Playbook

/// The JSON shapes shared by the run report, the per-step records under `--output-dir` and the events
/// file (schema: docs/report-format.md). Every string that came from a host or a variable is already
/// masked by the ledger or masked here.
public enum ReportJSON {
    /// The report format version; bumped on any incompatible change.
    public static let format = 1

    /// `{"position", "name", "file", "line"}` for a play.
    public static func play(_ play: PlayRef) -> JSONValue {
        .object([("position", .int(play.position)), ("name", .string(play.name))] + location(play.location))
    }

    /// A step reference.
    public static func step(_ step: StepRef) -> JSONValue {
        .object([("play", .int(step.play.position)), ("position", .int(step.position)), ("id", .string(step.id)),
                 ("name", .string(step.name)), ("handler", .bool(step.isHandler)),
                 ("file_stem", .string(step.fileStem))]
                + location(step.location))
    }

    /// One host × step result.
    public static func result(host: String, step: StepRef, outcome: StepOutcome) -> JSONValue {
        .object([
            ("host", .string(host)),
            ("step", self.step(step)),
            ("status", .string(outcome.status.rawValue)),
            ("ignored", .bool(outcome.ignored)),
            ("exit_code", .optional(outcome.exitCode)),
            ("signal", .optional(outcome.signal)),
            ("attempts", .int(outcome.attempts)),
            ("started_at", .optional(outcome.startedAt)),
            ("ended_at", .optional(outcome.endedAt)),
            ("duration", .optional(outcome.duration)),
            ("timings", .object([("channel_open", .optional(outcome.timings.channelOpen)),
                                 ("exec", .optional(outcome.timings.exec)),
                                 ("read", .optional(outcome.timings.read))])),
            ("stdout_tail", .string(TextEscaping.lossy(outcome.stdoutTail))),
            ("stdout_truncated", .bool(outcome.stdoutTruncated)),
            ("stderr_tail", .string(TextEscaping.lossy(outcome.stderrTail))),
            ("stderr_truncated", .bool(outcome.stderrTruncated)),
            ("message", .optional(outcome.message)),
        ])
    }

    /// The run's provenance, secrets masked.
    public static func provenance(_ provenance: RunProvenance, masking: Masking) -> JSONValue {
        .object([
            ("run_id", .string(provenance.runID)),
            ("pbrun_version", .string(provenance.pbrunVersion)),
            ("playbook", .object([("path", .string(provenance.playbookPath)),
                                  ("sha256", .string(provenance.playbookSHA256))])),
            ("git", provenance.gitCommit.map { .object([("commit", .string($0)),
                                                        ("dirty", provenance.gitDirty.map(JSONValue.bool) ?? .null)]) }
                ?? .null),
            ("inventories", .array(provenance.inventories.map {
                .object([("path", .string($0.path)), ("sha256", .string($0.sha256))])
            })),
            ("extra_vars", .object(provenance.extraVars.map { ($0.key, value($0.value, masking: masking)) })),
            ("command_line", .array(provenance.commandLine.map { .string(masking.text($0)) })),
            ("check_mode", .bool(provenance.checkMode)),
            ("started_at", .optional(provenance.startedAt)),
        ])
    }

    /// A variable's value as JSON of the same type, every string in it masked. Extra vars come from
    /// the JSON and YAML readers, whose depth limits bound this recursion.
    public static func value(_ value: Value, masking: Masking) -> JSONValue {
        switch value {
        case .null: .null
        case .bool(let flag): .bool(flag)
        case .int(let number): .int(number)
        case .double(let number): .number(number)
        case .string(let text): .string(masking.text(text))
        case .list(let items): .array(items.map { self.value($0, masking: masking) })
        case .map(let map): .object(map.pairs.map { ($0.key, self.value($0.value, masking: masking)) })
        }
    }

    /// A gate decision.
    public static func gate(_ gate: GateDecision) -> JSONValue {
        .object([("rule", .string(gate.rule.rawValue)), ("play", .int(gate.play.position)), ("batch", .int(gate.batch)),
                 ("failed_hosts", .int(gate.failedHosts)), ("batch_hosts", .int(gate.batchHosts)),
                 ("failed_percent", .number(gate.failedPercent)), ("threshold_percent", .number(gate.thresholdPercent)),
                 ("stopped", .bool(gate.stopped)), ("at", .optional(gate.at))])
    }

    /// A host's connection timings.
    public static func connection(_ report: HostConnectionReport) -> JSONValue {
        .object([("address", .string(report.address)), ("port", .int(report.port)),
                 ("connect", .number(report.connectSeconds)), ("handshake", .number(report.handshakeSeconds)),
                 ("auth", .number(report.authSeconds)), ("at", .optional(report.at))])
    }

    /// A recap row.
    public static func tally(_ tally: HostTally) -> JSONValue {
        .object([("ok", .int(tally.ok)), ("changed", .int(tally.changed)), ("skipped", .int(tally.skipped)),
                 ("failed", .int(tally.failed)), ("ignored", .int(tally.ignored)),
                 ("unreachable", .int(tally.unreachable)),
                 ("not_reached", .int(tally.notReached)), ("seconds", .number(tally.seconds))])
    }

    private static func location(_ location: SourceLocation?) -> [(String, JSONValue)] {
        guard let location else { return [("file", .null), ("line", .null)] }
        return [("file", .string(location.file)), ("line", .int(location.line))]
    }
}

