import Playbook
import SSHClient

extension HostConnection {
    /// What the SSH layer needs to reach this host: the same address, user, keys, known_hosts files,
    /// route and timeouts, as a plain value that names no inventory.
    public var sshTarget: SSHTarget {
        SSHTarget(name: name, address: address, port: port, user: user, keyFiles: keyFiles,
                  knownHostsFile: knownHostsFile, extraKnownHostsFiles: extraKnownHostsFiles,
                  hostKeyPolicy: hostKeyChecking.policy,
                  jumps: jumps.map { SSHTarget.Hop(address: $0.address, port: $0.port, user: $0.user, keyFiles: $0.keyFiles) },
                  proxyCommand: proxyCommand, connectTimeout: connectTimeout,
                  serverAliveInterval: serverAliveInterval, password: password, identitiesOnly: identitiesOnly)
    }
}

extension HostKeyChecking {
    /// The SSH layer's name for this policy.
    var policy: HostKeyPolicy {
        switch self {
        case .strict: return .strict
        case .acceptNew: return .acceptNew
        case .off: return .off
        }
    }
}
