import Playbook
import Report
import SSHClient

/// A step's rendered work bound to a host's session: its guards and its command.
struct RemoteWork: Sendable {
    let session: SSHSession
    let work: HostWork
    /// The sudo password for the step's `become`, if there is one.
    var becomePassword: String? = nil

    enum GuardVerdict: Sendable {
        case run
        case skip(String)
        case lost(String)
    }

    /// Evaluates `creates`, `removes` and `unless` on the host (read-only by contract).
    func guardVerdict() async -> GuardVerdict {
        if let path = work.creates {
            switch await succeeds("test -e \(ShellQuoting.quote(path))") {
            case .success(true): return .skip("'\(path)' exists (creates)")
            case .success(false): break
            case .failure(let error): return .lost(error.description)
            }
        }
        if let path = work.removes {
            switch await succeeds("test -e \(ShellQuoting.quote(path))") {
            case .success(false): return .skip("'\(path)' does not exist (removes)")
            case .success(true): break
            case .failure(let error): return .lost(error.description)
            }
        }
        if let command = work.unless {
            switch await succeeds(command) {
            case .success(true): return .skip("'unless' command exited 0")
            case .success(false): break
            case .failure(let error): return .lost(error.description)
            }
        }
        return .run
    }

    /// Runs the step's action on `host`, streaming any output into `sink`.
    func execute(on host: String, output sink: StepOutputSink) async -> AttemptOutcome {
        switch work.action {
        case .shell(let command):
            return await run(command, sink: sink)
        case .script(let localPath, let arguments):
            return await script(localPath, arguments: arguments, sink: sink)
        case .upload(let content, let destination, let mode, let owner, let group):
            return await upload(content, to: destination, mode: mode, owner: owner, group: group, sink: sink)
        case .download(let source, let directory):
            return await download(source, into: directory, host: host, sink: sink)
        case .local:
            preconditionFailure("local steps run on the controller, not through a session")
        }
    }

    /// Runs a shell command with the step's environment, directory, become and timeout.
    func run(_ command: String, sink: StepOutputSink) async -> AttemptOutcome {
        do {
            let result = try await session.execute(remoteCommand(command), output: sink)
            return .finished(AttemptOutcome.Finished(
                exitCode: result.exitStatus, signal: result.exitSignal, timedOut: result.timedOut, changed: true,
                timings: StepTimings(channelOpen: result.startSeconds, exec: result.runSeconds,
                                     read: result.closeSeconds)))
        } catch {
            switch error {
            case .connectionLost(let detail): return .lost("connection lost: \(detail)")
            case .channelRefused(let detail): return .failedToStart("channel refused: \(detail)")
            case .outputFailed(let detail): return .failedToStart("output failed: \(detail)")
            }
        }
    }

    private func remoteCommand(_ text: String) -> RemoteCommand {
        work.remoteCommand(text, becomePassword: becomePassword, timeout: work.timeout, stoppable: true)
    }

    /// Whether `command` exits 0 on the host.
    private func succeeds(_ command: String) async -> Result<Bool, CommandError> {
        do {
            let result = try await session.execute(remoteCommand(command), output: DiscardingSink())
            return .success(result.succeeded)
        } catch {
            return .failure(error)
        }
    }
}
