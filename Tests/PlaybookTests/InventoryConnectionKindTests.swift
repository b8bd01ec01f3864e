import Foundation
import Testing
@testable import Playbook

/// `ansible_connection` read into `HostConnection.isLocal`.
struct InventoryConnectionKindTests {
    private let defaults = ConnectionDefaults(sshConfigPath: "none")

    @Test func localSshSmartAndUnsetAreReadAndOthersAreErrorsNamingTheHost() throws {
        let inventory = try Inventory.parse(text: """
            builder ansible_connection=local
            web1 ansible_connection=ssh
            web2 ansible_connection=smart
            web3
            win1 ansible_connection=winrm
            """, path: "inv.ini")
        let isLocal = { (host: String) throws(Diagnostic) in
            try inventory.connection(for: host, defaults: defaults, rendering: { VariableScope() }).isLocal
        }
        #expect(try isLocal("builder"))
        #expect(try !isLocal("web1"))
        #expect(try !isLocal("web2"))
        #expect(try !isLocal("web3"))
        let error = #expect(throws: Diagnostic.self) { try isLocal("win1") }
        #expect(error?.description.contains("inv.ini:5") == true, "\(String(describing: error))")
        #expect(error?.description.contains("host 'win1': ansible_connection 'winrm' is not supported") == true)
    }
}
