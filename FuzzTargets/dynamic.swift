import Foundation
import Playbook

/// `pbrun hosts -i SCRIPT` where the script prints the input for `--list` (and `{}` for `--host`):
/// the real dynamic inventory path, a child process per input, with its time limit.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDynamicInventory(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let output = FuzzSupport.scratch + "/list.json"
    guard FileManager.default.createFile(atPath: output, contents: Data(bytes: data, count: size)) else {
        preconditionFailure("cannot write \(output)")
    }
    do {
        let inventory = try Inventory.load(sources: [DynamicScript.path], scriptTimeout: 5)
        _ = JSONText.write(inventory.listing())
    } catch {
        for diagnostic in error.diagnostics { _ = diagnostic.rendered }
    }
    return 0
}

/// The script, written once into the scratch folder.
enum DynamicScript {
    static let path: String = {
        let path = FuzzSupport.scratch + "/inventory.sh"
        let script = """
            #!/bin/sh
            if [ "$1" = --list ]; then exec cat "$(dirname "$0")/list.json"; fi
            echo '{}'

            """
        guard FileManager.default.createFile(atPath: path, contents: Data(script.utf8),
                                             attributes: [.posixPermissions: 0o755]) else {
            preconditionFailure("cannot write \(path)")
        }
        return path
    }()
}
