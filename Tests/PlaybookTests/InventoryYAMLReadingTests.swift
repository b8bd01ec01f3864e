import Foundation
import Testing
@testable import Playbook

/// YAML inventories and vars files read as Ansible's loader reads them, where that differs from
/// how pbrun reads playbooks.
struct InventoryYAMLReadingTests {
    /// Ansible warns about a key written twice and keeps the last value; a playbook refuses it.
    @Test func duplicateKeysWarnWithBothPositionsAndTheLastWins() throws {
        let inventory = try Inventory.parse(text: """
            all:
              hosts:
                web1:
                  port: 1
                  port: 2
            """, path: "inv.yml")
        #expect(inventory.variables(of: "web1")["port"] == .int(2))
        #expect(inventory.warnings.map(\.description) == [
            "inv.yml:5:7: warning: duplicate key 'port' (first given at line 4, column 7); this later value is used",
        ])
        #expect(throws: DiagnosticList.self) { try YAMLLoader.load(text: "a: 1\na: 2\n", file: "play.yml") }
    }
}
