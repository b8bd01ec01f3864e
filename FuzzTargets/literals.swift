import Playbook

/// The two literal readers of inventories: the JSON reader (dynamic inventory output, `.json`
/// files) with a write-back, and the Python literals of INI variable values, one input line as the
/// value of a host variable.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLiterals(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = FuzzSupport.text(data, size)
    if let value = try? JSONText.parse(text) { _ = JSONText.write(value) }
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).prefix(20)
    let ini = "[all]\n" + lines.enumerated().map { "h\($0.offset) value=\($0.element)" }.joined(separator: "\n")
    InventoryExercise.run(text: ini, path: FuzzSupport.scratch + "/literals.ini")
    return 0
}
