import Playbook

/// An ssh_config file as `-F FILE` gives it: parsed, then looked up for the hosts of the fixed
/// inventory as `pbrun hosts` resolves their connections.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSSHConfig(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let config: SSHConfig
    do {
        config = try SSHConfig.parse(text: FuzzSupport.text(data, size), path: FuzzSupport.scratch + "/ssh_config")
    } catch {
        for diagnostic in error.diagnostics { _ = diagnostic.rendered }
        return 0
    }
    for host in ["web01.example.com", "db-a", "lb1", "10.0.0.5"] {
        _ = config.settings(for: host, user: "deploy")
        _ = FuzzSupport.inventory.resolvedConnection(for: host == "10.0.0.5" ? "db-a" : host,
                                                     defaults: ConnectionDefaults(), sshConfig: config)
    }
    return 0
}
