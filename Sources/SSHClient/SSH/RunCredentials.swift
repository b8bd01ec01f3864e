import Synchronization

/// What a run learns once and every connection then shares: the ssh-agent's identities, each
/// encrypted key's passphrase and the login password typed at a prompt. However many hosts connect
/// at once, the agent is listed once and each question is asked once: the first connection that
/// needs an answer starts the work, the others await the same task.
public final class RunCredentials: Sendable {
    private struct State {
        var agent: Task<Result<SSHAgent, AgentUnavailable>, Never>?
        /// Set when the agent stopped answering mid-run: later hosts skip it.
        var agentFailure: String?
        var passphrases: [String: Task<String?, Never>] = [:]
        /// Keys whose prompted passphrase turned out wrong: not offered again this run.
        var wrongPassphrases: Set<String> = []
        var password: Task<String?, Never>?
    }

    private let state = Mutex(State())

    public init() {}

    /// The agent at `socketPath`, listed on first use; the same answer for the rest of the run.
    func agent(socketPath: String, timeout: Double) async -> Result<SSHAgent, AgentUnavailable> {
        let task = state.withLock { state in
            if let task = state.agent { return task }
            let task = Task { await SSHAgent.list(socketPath: socketPath, timeout: timeout) }
            state.agent = task
            return task
        }
        if let failure = state.withLock({ $0.agentFailure }) { return .failure(AgentUnavailable(reason: failure)) }
        return await task.value
    }

    /// Records that the agent stopped answering, so the rest of the run does not wait for it again.
    func agentFailed(_ reason: String) {
        state.withLock { $0.agentFailure = $0.agentFailure ?? reason }
    }

    /// The passphrase for the key at `path`, asked for at `prompt` on first use.
    func passphrase(for path: String, prompt: any SecretPrompt) async -> String? {
        let task = state.withLock { state in
            if let task = state.passphrases[path] { return task }
            let task = Task { await prompt.readSecret("Enter passphrase for key \(path): ") }
            state.passphrases[path] = task
            return task
        }
        return await task.value
    }

    /// Records that the passphrase typed for `path` does not unlock it.
    func passphraseWasWrong(for path: String) {
        _ = state.withLock { $0.wrongPassphrases.insert(path) }
    }

    /// Whether the passphrase typed for `path` already failed this run.
    func passphraseIsKnownWrong(for path: String) -> Bool {
        state.withLock { $0.wrongPassphrases.contains(path) }
    }

    /// Records the login password asked for before the run (`--ask-pass`), so no host asks again.
    public func setTypedPassword(_ password: String) {
        state.withLock { $0.password = Task { password } }
    }

    /// The login password typed for this run: the one `setTypedPassword` recorded, else asked for at
    /// `prompt` on first use; nil when there is neither.
    func typedPassword(prompt: (any SecretPrompt)?) async -> String? {
        let task: Task<String?, Never>? = state.withLock { state in
            if let task = state.password { return task }
            guard let prompt else { return nil }
            let task = Task { await prompt.readSecret("SSH password: ") }
            state.password = task
            return task
        }
        return await task?.value
    }
}
