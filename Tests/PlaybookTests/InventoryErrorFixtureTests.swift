import Foundation
import Testing
@testable import Playbook

/// Every malformed inventory under Fixtures/inventories/invalid must fail to load with exactly the
/// diagnostics in its expected-error.txt (paths relative to the case folder).
struct InventoryErrorFixtureTests {
    static let casesFolder: URL? = Bundle.module.url(forResource: "Fixtures/inventories/invalid", withExtension: nil)

    static var caseNames: [String] {
        guard let folder = casesFolder,
              let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return [] }
        return names.filter { !$0.hasPrefix(".") }.sorted()
    }

    @Test(arguments: caseNames)
    func malformedInventoryGivesExactDiagnostics(_ name: String) throws {
        let folder = try #require(Self.casesFolder).appendingPathComponent(name)
        let expected = try String(contentsOf: folder.appendingPathComponent("expected-error.txt"), encoding: .utf8)
        let sources = InventoryListFixtureTests.sources(of: folder)
        var actual = "(it loaded)"
        do {
            _ = try Inventory.load(sources: sources, scriptTimeout: 1)
        } catch {
            actual = error.description.replacingOccurrences(of: folder.path + "/", with: "") + "\n"
        }
        #expect(actual == expected, "diagnostics for \(name):\n\(actual)")
    }
}
