import Foundation
import Testing
@testable import Playbook

/// Host patterns evaluated in Ansible's order, with errors for patterns that match nothing.
struct InventoryPatternTests {
    private let inventory: Inventory

    init() throws {
        inventory = try Inventory.parse(text: """
            lonely
            [web]
            web[1:4]
            [db]
            db1
            db2
            [staging]
            web1
            db1
            [prod:children]
            web
            db
            """, path: "inv.ini")
    }

    private func match(_ pattern: String) throws -> [String] {
        try inventory.hosts(matching: pattern)
    }

    private func failure(_ pattern: String) -> String? {
        do {
            _ = try inventory.hosts(matching: pattern)
            return nil
        } catch {
            return error.description
        }
    }

    /// A group's hosts come level by level (its own, then its children's, …), as
    /// `ansible -i inv.ini all --list-hosts` (ansible-core 2.19) lists them for this inventory.
    @Test func allAndStar() throws {
        let everything = ["lonely", "web1", "db1", "web2", "web3", "web4", "db2"]
        #expect(try match("all") == everything)
        #expect(try match("*") == everything)
    }

    @Test func namesGroupsAndChildren() throws {
        #expect(try match("db2") == ["db2"])
        #expect(try match("db") == ["db1", "db2"])
        #expect(try match("prod") == ["web1", "web2", "web3", "web4", "db1", "db2"])
        #expect(try match("ungrouped") == ["lonely"])
    }

    @Test func wildcardsAndRegex() throws {
        #expect(try match("web*") == ["web1", "web2", "web3", "web4"])
        #expect(try match("*1") == ["web1", "db1"])
        #expect(try match("web[!13]") == ["web2", "web4"])
        #expect(try match("~(web|db)[12]") == ["web1", "web2", "db1", "db2"])
    }

    @Test func unionIntersectionExclusionInAnsibleOrder() throws {
        #expect(try match("db:web") == ["db1", "db2", "web1", "web2", "web3", "web4"])
        #expect(try match("db,web1") == ["db1", "db2", "web1"])
        #expect(try match("prod:&staging") == ["web1", "db1"])
        #expect(try match("prod:!staging") == ["web2", "web3", "web4", "db2"])
        // Exclusions apply last whatever their place; only-exclusion patterns start from all.
        #expect(try match("!staging:db") == ["db2"])
        #expect(try match("!prod") == ["lonely"])
        #expect(try match("&staging") == ["web1", "db1"])
    }

    @Test func slices() throws {
        #expect(try match("web[0]") == ["web1"])
        #expect(try match("web[-1]") == ["web4"])
        #expect(try match("web[1:2]") == ["web2", "web3"])
        #expect(try match("web[2:]") == ["web3", "web4"])
        #expect(try match("prod[0:1]:db[1]") == ["web1", "web2", "db2"])
    }

    @Test func limitNarrowsAndReadsFiles() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("limit-\(UUID().uuidString)")
        try "web2\n\ndb1\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let limit = try Inventory.limitPatterns(from: "@" + file.path)
        #expect(limit.patterns == ["web2", "db1"])
        #expect(try inventory.hosts(matching: "prod", limit: limit, at: nil) == ["web2", "db1"])
    }

    /// Ansible takes each line of a limit file whole: `#` starts no comment and `:` or `,` split
    /// nothing, so such a line names no host; pbrun reports it at its line.
    @Test func limitFileLinesAreWholePatterns() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("limit-\(UUID().uuidString)")
        try "web2\n  # retry of Monday\nweb1:db1\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let limit = try Inventory.limitPatterns(from: "@" + file.path)
        #expect(limit.patterns == ["web2", "# retry of Monday", "web1:db1"])
        do {
            _ = try inventory.hosts(within: limit)
            Issue.record("a limit file line that names no host was accepted")
        } catch {
            #expect(error.diagnostics.map(\.description) == [
                "\(file.path):2:3: error: host pattern '# retry of Monday' matches no group and no host",
                "\(file.path):3:1: error: host pattern 'web1:db1' matches no group and no host",
            ])
        }
    }

    /// `&` and `!` terms of a limit apply to the limit's other terms (each limit is one pattern),
    /// the same for `pbrun hosts` and for a plan.
    @Test func limitModifiersApplyToTheWholeLimit() throws {
        let limit = try Inventory.limitPatterns(from: "web,!web3,&staging")
        #expect(try inventory.hosts(within: limit) == ["web1"])
        #expect(try inventory.hosts(matching: "all", limit: limit, at: nil) == ["web1"])
        #expect(try inventory.hosts(matching: "prod", limit: try Inventory.limitPatterns(from: "!web1"), at: nil)
                == ["web2", "web3", "web4", "db1", "db2"])
    }

    @Test func patternsThatMatchNothingAreErrors() {
        #expect(failure("wbe") == "error: host pattern 'wbe' matches no group and no host (did you mean 'web'?)")
        #expect(failure("web:!stagign") ==
                "error: host pattern 'stagign' matches no group and no host (did you mean 'staging'?)")
        #expect(failure("staging:&lonely") == "error: host pattern 'staging:&lonely' matches no hosts")
        #expect(failure("web[9]") == "error: host pattern 'web[9]' is out of range: 'web' matches 4 host(s)")
        #expect(failure("~(") == "error: host pattern '~(' is not a valid regular expression")
    }
}

import Foundation
