extension SSHSession {
    /// What an authentication step came to.
    enum AuthStep {
        /// The session is authenticated.
        case authenticated
        /// Nothing worked; go on to the next method.
        case next
        /// Stop here with this error (the connection broke, or a failure that ends authentication).
        case failed(ConnectionError)
    }

    /// Offers the ssh-agent's identities (listed once per run), under `IdentitiesOnly` only those
    /// among `keys`. RSA identities sign with rsa-sha2-512 or -256 as the server allows (libssh2 1.11).
    func authenticateWithAgent(options: ConnectOptions, user: String, keys: [KeyFile], log: inout AuthenticationLog,
                               until deadline: Deadline) async throws(TimedOut) -> AuthStep {
        guard let socketPath = options.agentSocket, !socketPath.isEmpty else { return .next }
        let agent: SSHAgent
        switch await options.credentials.agent(socketPath: socketPath, timeout: options.agentTimeout) {
        case .failure(let problem):
            log.notes.append(problem.reason)
            return .next
        case .success(let listed):
            agent = listed
        }
        let keyBlobs = Set(keys.compactMap(\.publicBlob))
        var offered: [Int] = []
        for (index, identity) in agent.identities.enumerated() {
            if connection.identitiesOnly && !keyBlobs.contains(identity.blob) {
                continue
            } else {
                offered.append(index)
            }
        }
        let count = "\(offered.count) \(offered.count == 1 ? "identity" : "identities")"
        guard !offered.isEmpty else {
            log.tried.append("ssh-agent with no usable identity")
            return .next
        }
        switch try await agent.authenticate(self, user: user, offered: offered, until: deadline) {
        case .authenticated:
            return .authenticated
        case .refused(_, let unsigned):
            log.tried.append("ssh-agent with \(count)")
            for index in offered where !unsigned.contains(index) {
                log.refusedBlobs.insert(agent.identities[index].blob)
            }
            for index in unsigned {
                log.notes.append("ssh-agent at \(socketPath) did not sign with \(agent.identities[index].label)")
            }
            return .next
        case .agentFailed(let tried, let reason):
            if tried > 0 { log.tried.append("ssh-agent with \(count)") }
            log.notes.append(reason)
            options.credentials.agentFailed(reason)
            return .next
        case .transportFailed(let failure):
            return transportFailure(failure).map(AuthStep.failed) ?? .next
        }
    }
}
