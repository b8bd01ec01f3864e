/// `pbrun hosts -i FILE.ini` on the input: the INI parser (with host ranges and Python-literal
/// variable values), reconciliation, listing and connection resolution.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzINIInventory(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    InventoryExercise.run(text: FuzzSupport.text(data, size), path: FuzzSupport.scratch + "/inventory.ini")
    return 0
}
