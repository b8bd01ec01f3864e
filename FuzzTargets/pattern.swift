import Playbook

/// A play's `hosts:` and `--limit` on the fixed inventory, as `pbrun hosts PATTERN -l LIMIT` reads
/// them: the first line of the input is the pattern, each further line one limit pattern.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHostPattern(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let lines = FuzzSupport.text(data, size).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let limit = lines.count > 1 ? HostLimit(patterns: Array(lines.dropFirst())) : nil
    do {
        _ = try FuzzSupport.inventory.hosts(matching: lines[0], limit: limit, at: nil)
    } catch {
        for diagnostic in error.diagnostics { _ = diagnostic.rendered }
    }
    return 0
}
