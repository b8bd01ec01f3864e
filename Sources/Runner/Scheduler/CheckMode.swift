import Foundation
import Playbook
import Report
import SSHClient
import Synchronization

/// `pbrun run --check` (DESIGN.md, decision 8): instead of running a step's command, say what it would
/// do, running on the host only read-only probes — the step's `check:` command and the remote checksum
/// (and, with `--diff`, the text) of an upload's destination. Guards (`creates`, `removes`, `unless`) are
/// evaluated by the step runner as in a real run, before this is asked. Steps whose `when` or templates
/// read results of earlier steps cannot be decided without running those, so they are "undecided".
///
/// Every answer is a `StepOutcome`: `ok` (already as wanted), `changed` (would change, with what), or
/// `skipped` (undecided), so every reporter shows a dry run without knowing about it.
struct CheckMode: Sendable {
    let plan: ExecutionPlan
    /// Show a unified diff of each upload's remote text file against the new content.
    let diff: Bool
    /// Sudo passwords for probes of steps with `become`.
    var becomePasswords = BecomePasswords()

    /// Bytes of a remote file fetched for `--diff`; larger files are compared by size and checksum only.
    static let diffLimit = 1 << 20

    /// Why `step` cannot be decided in a dry run, or nil when it can.
    func undecided(play: Int, step: PlannedStep) -> String? {
        plan.runTimeReason(play: play, step: step).map { "undecided: \($0)" }
    }

    /// What a step that runs on the controller would do; nothing is run.
    func localOutcome(_ command: String, step: PlannedStep) -> StepOutcome {
        StepOutcome(status: .changed, endedAt: Date(), message: "would run locally: " + shown(command, step))
    }

    /// What `work` would do on the host behind `session`, found with read-only probes. The diff, if
    /// any, is emitted as the step's output and kept as its stdout tail.
    func outcome(_ work: HostWork, step: PlannedStep, ref: StepRef, host: String, session: SSHSession,
                 events: EventPipe) async -> StepOutcome {
        let started = Date()
        events.emit(.stepStarted(host: host, step: ref, at: started))
        var outcome: StepOutcome
        do throws(CommandError) {
            switch work.action {
            case .shell(let command):
                outcome = try await probe(work, would: "would run: " + shown(command, step), host: host,
                                          session: session)
            case .script(let path, let arguments):
                let text = "would run script: \(path)" + (arguments.isEmpty ? "" : " " + shown(arguments, step))
                outcome = try await probe(work, would: text, host: host, session: session)
            case .upload(let content, let destination, _, _, _):
                outcome = try await compare(content, to: destination, step: step, host: host, session: session,
                                            as: work.become(password: becomePasswords.password(for: host)))
            case .download(let source, let directory):
                outcome = StepOutcome(status: .changed, message: "would download \(source) into \(directory)/\(host)/")
            case .local(let command):
                outcome = localOutcome(command, step: step)
            }
        } catch {
            switch error {
            case .connectionLost(let detail):
                outcome = StepOutcome(status: .unreachable, message: "connection lost: \(detail)")
            case .channelRefused(let detail):
                outcome = StepOutcome(status: .failed, message: "probe could not start: channel refused: \(detail)")
            case .outputFailed(let detail):
                outcome = StepOutcome(status: .failed, message: "probe output failed: \(detail)")
            }
        }
        outcome.startedAt = started
        outcome.endedAt = Date()
        if !outcome.stdoutTail.isEmpty {
            events.emit(.output(host: host, step: ref, stream: .stdout, bytes: outcome.stdoutTail))
        }
        return outcome
    }

    // MARK: - Probes

    /// Runs the step's `check:` probe when it has one: exit 0 means already as wanted.
    private func probe(_ work: HostWork, would text: String, host: String, session: SSHSession)
        async throws(CommandError)
        -> StepOutcome
    {
        guard let check = work.check else { return StepOutcome(status: .changed, message: text) }
        let probe = work.remoteCommand(check, becomePassword: becomePasswords.password(for: host),
                                       timeout: work.timeout, stoppable: false)
        let result = try await session.execute(probe, output: DiscardingSink())
        if result.succeeded {
            return StepOutcome(status: .ok, exitCode: result.exitStatus, attempts: 1,
                               message: "check passed, nothing to do: '\(check)'")
        }
        return StepOutcome(status: .changed, exitCode: result.exitStatus, attempts: 1,
                           message: text + " (check '\(check)': \(result.summary))")
    }

    /// Compares the new content with the destination's sha256 on the host (and its text, for `--diff`),
    /// both read as the step's become user when it has one.
    private func compare(_ content: [UInt8], to destination: String, step: PlannedStep, host: String,
                         session: SSHSession, as become: RemoteCommand.Become?) async throws(CommandError)
        -> StepOutcome
    {
        let newDigest = SHA256.hexDigest(of: content)
        guard let remoteDigest = try await session.remoteSHA256(destination, as: become) else {
            let text = "would create \(destination) (\(content.count) bytes, sha256 \(newDigest))"
            var outcome = StepOutcome(status: .changed, message: text)
            if diff, !step.secret, let text = Self.text(content) {
                let unified = CheckDiff.unified(old: "", new: text, oldLabel: "/dev/null",
                                                newLabel: "\(destination) (new)") ?? ""
                outcome.stdoutTail = Array(unified.utf8)
            }
            return outcome
        }
        if remoteDigest == newDigest {
            return StepOutcome(status: .ok, message: "up to date: \(destination) (sha256 \(newDigest))")
        }
        var outcome = StepOutcome(
            status: .changed, message: "would update \(destination): sha256 \(remoteDigest) -> \(newDigest)")
        guard diff, !step.secret else { return outcome }
        let remote = try await fetch(destination, session: session, as: become)
        let remoteSize = remote.truncated ? "more than \(Self.diffLimit)" : "\(remote.bytes.count)"
        if !remote.truncated, let old = Self.text(remote.bytes), let new = Self.text(content),
           let unified = CheckDiff.unified(old: old, new: new, oldLabel: "\(host):\(destination)",
                                           newLabel: "\(destination) (new)") {
            outcome.stdoutTail = Array(unified.utf8)
        } else {
            let note = "binary or too large to diff: remote \(remoteSize) bytes, sha256 \(remoteDigest); "
                + "new \(content.count) bytes, sha256 \(newDigest)\n"
            outcome.stdoutTail = Array(note.utf8)
        }
        return outcome
    }

    /// The first `diffLimit` bytes of a remote file (read-only `head -c`).
    private func fetch(_ path: String, session: SSHSession, as become: RemoteCommand.Become?)
        async throws(CommandError) -> (bytes: [UInt8], truncated: Bool)
    {
        let sink = CapturingSink(limit: Self.diffLimit + 1)
        _ = try await session.execute(
            RemoteCommand("head -c \(Self.diffLimit + 1) -- \(ShellQuoting.quote(path))", become: become),
            output: sink)
        let bytes = sink.bytes
        return bytes.count > Self.diffLimit ? (Array(bytes.prefix(Self.diffLimit)), true) : (bytes, false)
    }

    /// A command as a dry run reports it: a secret step's command is not shown at all.
    private func shown(_ command: String, _ step: PlannedStep) -> String {
        step.secret ? "(secret command)" : command
    }

    /// `bytes` as text when they are UTF-8 without NUL bytes (what `diff` would call a text file).
    static func text(_ bytes: [UInt8]) -> String? {
        guard !bytes.contains(0) else { return nil }
        return String(validating: bytes, as: UTF8.self)
    }
}

/// Keeps the first `limit` bytes of stdout, for reading a remote file.
private final class CapturingSink: OutputSink {
    private let limit: Int
    private let stored = Mutex<[UInt8]>([])

    init(limit: Int) {
        self.limit = limit
    }

    func receive(_ chunk: OutputChunk) async throws {
        guard chunk.stream == .stdout else { return }
        stored.withLock { bytes in
            if bytes.count < limit { bytes += chunk.bytes.prefix(limit - bytes.count) }
        }
    }

    var bytes: [UInt8] { stored.withLock { $0 } }
}
