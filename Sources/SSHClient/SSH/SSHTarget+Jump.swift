
extension SSHTarget {
    /// How pbrun reaches the last hop of this host's jump chain, or nil when it has none: through the
    /// hops before it (so the pool opens the chain one hop at a time, each over a channel of the
    /// previous one, and shares every hop among the targets behind it). Address, port and user are
    /// the hop's (its `ProxyJump` spec over its ssh_config); with no user, the local user's name, as
    /// `ssh -J` does (not the target's user). Its key files are its own ssh_config `IdentityFile`s,
    /// else the target's; the rest is the target's: known_hosts files and host-key policy (the jump
    /// host's key is checked like the target's), connect timeout, keepalive interval and
    /// `IdentitiesOnly`. Never the target's password or proxy command.
    var jumpConnection: SSHTarget? {
        guard let hop = jumps.last else { return nil }
        return SSHTarget(name: hop.address, address: hop.address, port: hop.port, user: hop.user,
                         keyFiles: hop.keyFiles.isEmpty ? keyFiles : hop.keyFiles, knownHostsFile: knownHostsFile,
                         extraKnownHostsFiles: extraKnownHostsFiles, hostKeyPolicy: hostKeyPolicy,
                         jumps: Array(jumps.dropLast()), connectTimeout: connectTimeout,
                         serverAliveInterval: serverAliveInterval, identitiesOnly: identitiesOnly)
    }

    /// `jump host 10.0.0.1:22` or `proxy command 'nc gw 22'`, as the errors of a target reached
    /// through one name it.
    var routeLabel: String {
        guard jumps.isEmpty, let proxyCommand else { return jumpLabel }
        return "proxy command '\(proxyCommand)'"
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
    func asJumpFailure(for target: SSHTarget) -> ConnectionError {
        ConnectionError(host: target.name, endpoint: target.endpoint, cause: cause,
                        reason: "through \(target.jumpLabel): \(reason)", explanation: explanation)
    }
}
