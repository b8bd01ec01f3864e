import Foundation
import Playbook
import Report
import SSHClient

/// The step actions that move files: `upload`/`template` (skipped as ok when the host already has
/// the same bytes), `script` (uploaded to a private temporary file, run, removed) and `download`.
extension RemoteWork {
    /// Writes `content` to `destination` unless the host's file already has the same sha256. With
    /// `become`, the checksum is read and the file installed as that user, with owner and mode set
    /// in the same atomic step.
    func upload(_ content: [UInt8], to destination: String, mode: Int?, owner: String?, group: String?,
                sink: StepOutputSink) async -> AttemptOutcome {
        let started = Date()
        let wanted = SHA256.hexDigest(of: content)
        let present: String?
        do {
            present = try await session.remoteSHA256(destination, as: become)
        } catch {
            return lost(error)
        }
        if present == wanted {
            return finished(exitCode: 0, changed: false, since: started)
        }
        if let become {
            do {
                try await session.upload(content, to: destination, mode: Int32(mode ?? 0o644), owner: owner,
                                         group: group, as: become)
            } catch {
                await note("upload to \(destination) as \(become.user) failed: \(error.message)\n", into: sink)
                return finished(exitCode: 1, changed: false, since: started)
            }
            return finished(exitCode: 0, changed: true, since: started)
        }
        do {
            try await session.upload(content, to: destination, mode: Int32(mode ?? 0o644))
        } catch {
            await note("upload to \(destination) failed: \(error.message)\n", into: sink)
            return finished(exitCode: 1, changed: false, since: started)
        }
        if owner != nil || group != nil {
            let spec = (owner ?? "") + (group.map { ":" + $0 } ?? "")
            let chown = "chown -- \(ShellQuoting.quote(spec)) \(ShellQuoting.quote(destination))"
            switch await run(chown, sink: sink) {
            case .finished(let result) where result.exitCode == 0: break
            case let other: return other
            }
        }
        return finished(exitCode: 0, changed: true, since: started)
    }

    /// Uploads the local script to a private temporary file on the host, runs it with `arguments`
    /// and removes it, whatever happened.
    func script(_ localPath: String, arguments: String, sink: StepOutputSink) async -> AttemptOutcome {
        guard let data = FileManager.default.contents(atPath: localPath) else {
            return .failedToStart("cannot read the script '\(localPath)'")
        }
        let remote = "/tmp/.pbrun-script-\(UUID().uuidString.lowercased())"
        do {
            try await session.upload(Array(data), to: remote, mode: 0o700)
        } catch {
            return .failedToStart("uploading the script failed: \(error.message)")
        }
        let outcome = await run(ShellQuoting.quote(remote) + (arguments.isEmpty ? "" : " " + arguments), sink: sink)
        _ = try? await session.execute(RemoteCommand("rm -f -- \(ShellQuoting.quote(remote))"), output: DiscardingSink())
        return outcome
    }

    /// Copies `source` from the host to `directory/HOST/<file name>` on the controller, read as the
    /// become user when the step has `become`.
    func download(_ source: String, into directory: String, host: String, sink: StepOutputSink) async -> AttemptOutcome {
        let started = Date()
        let folder = (directory as NSString).appendingPathComponent(host)
        let target = (folder as NSString).appendingPathComponent((source as NSString).lastPathComponent)
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            return .failedToStart("cannot create \(folder): \(error.localizedDescription)")
        }
        do {
            if let become {
                try await session.download(source, to: target, as: become)
            } else {
                try await session.download(source, to: target)
            }
        } catch {
            await note("download of \(source) failed: \(error.message)\n", into: sink)
            return finished(exitCode: 1, changed: false, since: started)
        }
        return finished(exitCode: 0, changed: true, since: started)
    }

    /// The step's become user and password, if it has `become`.
    private var become: RemoteCommand.Become? { work.become(password: becomePassword) }

    private func finished(exitCode: Int32, changed: Bool, since started: Date) -> AttemptOutcome {
        .finished(AttemptOutcome.Finished(exitCode: exitCode, signal: nil, timedOut: false, changed: changed,
                                          timings: StepTimings(exec: Date().timeIntervalSince(started))))
    }

    private func lost(_ error: CommandError) -> AttemptOutcome {
        switch error {
        case .connectionLost(let detail): return .lost("connection lost: \(detail)")
        case .channelRefused(let detail): return .failedToStart("channel refused: \(detail)")
        case .outputFailed(let detail): return .failedToStart("output failed: \(detail)")
        }
    }

    /// Puts pbrun's own explanation in the step's stderr, where the reports show it.
    private func note(_ text: String, into sink: StepOutputSink) async {
        try? await sink.receive(OutputChunk(stream: .stderr, bytes: Array(text.utf8)))
    }
}
