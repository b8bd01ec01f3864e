/// `pbrun hosts -i FILE.toml` on the input: the TOML reader, the toml plugin's mapping onto groups,
/// reconciliation, listing and connection resolution.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTOMLInventory(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    InventoryExercise.run(text: FuzzSupport.text(data, size), path: FuzzSupport.scratch + "/inventory.toml")
    return 0
}
