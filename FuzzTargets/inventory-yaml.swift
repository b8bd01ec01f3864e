/// `pbrun hosts -i FILE.yml` on the input: YAML (and JSON, which the same parser reads) inventories,
/// reconciliation, listing and connection resolution.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzYAMLInventory(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    InventoryExercise.run(text: FuzzSupport.text(data, size), path: FuzzSupport.scratch + "/inventory.yml")
    return 0
}
