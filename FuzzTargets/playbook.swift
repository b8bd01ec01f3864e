import Playbook

/// `pbrun validate PLAYBOOK` and `pbrun validate -i INV PLAYBOOK` on the input: YAML, schema,
/// step graph, then every play's host pattern against the fixed inventory. No host is contacted.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPlaybook(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let check = PlaybookLoader.check(text: FuzzSupport.text(data, size), file: FuzzSupport.scratch + "/playbook.yml")
    let checked = check.checkingHosts(against: FuzzSupport.inventory)
    for diagnostic in checked.diagnostics { _ = diagnostic.rendered }
    return 0
}
