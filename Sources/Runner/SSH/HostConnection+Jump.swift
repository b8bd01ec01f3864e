import Playbook

extension HostConnection {
    /// How pbrun reaches this host's jump host, or nil when it has none. Address, port and user are
    /// the `ProxyJump` spec's; with no user there, the local user's name, as `ssh -J` does (not the
    /// target's user). The rest is the target's: its key files (else the default ones), known_hosts
    /// file and host-key policy (the jump host's key is checked like the target's), connect timeout,
    /// keepalive interval and `IdentitiesOnly`. Never the target's password. Every target whose
    /// jump settings are equal shares one session to the jump host (`SessionPool`).
    var jumpConnection: HostConnection? {
        guard let jump else { return nil }
        var connection = HostConnection(name: jump.address, address: jump.address, port: jump.port, user: jump.user,
                                        keyFiles: keyFiles, knownHostsFile: knownHostsFile,
                                        hostKeyChecking: hostKeyChecking, jump: nil, connectTimeout: connectTimeout,
                                        serverAliveInterval: serverAliveInterval)
        connection.identitiesOnly = identitiesOnly
        return connection
    }

    /// `jump host 10.0.0.1:22`, as the errors of a target behind it name it.
    var jumpLabel: String {
        guard let jumpConnection else { return "no jump host" }
        return "jump host \(jumpConnection.endpoint)"
    }
}

extension ConnectionError {
    /// This error of the jump host, as the error of `target` behind it: the target is unreachable
    /// for the jump host's reason, which the text says.
    func asJumpFailure(for target: HostConnection) -> ConnectionError {
        ConnectionError(host: target.name, endpoint: target.endpoint, cause: cause,
                        reason: "through \(target.jumpLabel): \(reason)", explanation: explanation)
    }
}
