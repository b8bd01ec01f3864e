import Playbook

/// `pbrun validate PLAYBOOK` and `pbrun validate -i INV PLAYBOOK` on the input: YAML, schema,
/// step graph and the checks that need no host, then the whole plan against the fixed inventory.
/// No host is contacted.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPlaybook(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let check = PlaybookLoader.check(text: FuzzSupport.text(data, size), file: FuzzSupport.scratch + "/playbook.yml")
    for diagnostic in PlanCheck.withoutHosts(check).diagnostics { _ = diagnostic.rendered }
    let planned = PlanCheck.planning(check) { playbook in
        PlanRequest(playbook: playbook, inventory: FuzzSupport.inventory,
                    connectionDefaults: ConnectionDefaults(sshConfigPath: "none"))
    }
    for diagnostic in planned.check.diagnostics { _ = diagnostic.rendered }
    return 0
}
