import Foundation
import Testing
@testable import Playbook

/// `~regex` host patterns use pbrun's linear-time regular expressions, anchored at the start as
/// Python's `re.match`, and one budget for all the names a term is matched against.
struct HostPatternRegexTests {
    private func failure(_ pattern: String, in inventory: Inventory) -> String {
        do {
            return "matched \(try inventory.hosts(matching: pattern))"
        } catch {
            return error.description
        }
    }

    @Test func aCatastrophicPatternAnswersAtOnce() throws {
        let name = String(repeating: "a", count: 40) + "b"
        let inventory = try Inventory.parse(text: "web1\n\(name)\n", path: "inv.ini")
        let started = Date()
        #expect(failure("~(a+)+$", in: inventory) == "error: host pattern '~(a+)+$' matches no group and no host")
        #expect(try inventory.hosts(matching: "~(a+)+b") == [name])
        #expect(try inventory.hosts(matching: "~web") == ["web1"])
        #expect(Date().timeIntervalSince(started) < 2)
    }

    @Test func matchingIsAnchoredAtTheStartOnly() throws {
        let inventory = try Inventory.parse(text: "web1\nweb12\nmyweb\n", path: "inv.ini")
        #expect(try inventory.hosts(matching: "~web1") == ["web1", "web12"])
        #expect(try inventory.hosts(matching: "~web1$") == ["web1"])
        #expect(failure("~eb", in: inventory) == "error: host pattern '~eb' matches no group and no host")
    }

    @Test func aPatternPastItsBudgetIsAnError() throws {
        let names = (1...20).map { "h\($0)" + String(repeating: "a", count: 1000) }
        let inventory = try Inventory.parse(text: names.joined(separator: "\n") + "\n", path: "inv.ini")
        #expect(failure("~h[0-9]+([ab]?[ab]?){1500}c", in: inventory)
            == "error: host pattern '~h[0-9]+([ab]?[ab]?){1500}c' took too long "
            + "(more than 10000000 steps over the inventory's names)")
    }
}
