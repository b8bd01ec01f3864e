import Testing
import Playbook

/// `pbrun validate -i`: every play's host pattern must match hosts of the inventory.
@Suite struct ValidateInventoryTests {
    let folder = PlaybookFixtures.path("host-patterns")

    @Test func patternsAreResolvedAgainstTheInventory() throws {
        let result = try PbrunBinary.run(["validate", "-i", "hosts.ini", "playbook.yml"], in: folder)
        #expect(result.status == 4)
        #expect(result.stderr == """
            playbook.yml:8:12: error: host pattern 'wbe' matches no group and no host (did you mean 'web'?)
                hosts: wbe
                       ^

            """)
        #expect(result.stdout == "playbook.yml: 1 error\n")
    }

    @Test func limitNarrowsTheHosts() throws {
        let result = try PbrunBinary.run(["validate", "-i", "hosts.ini", "--limit", "db", "--json", "playbook.yml"],
                                         in: folder)
        #expect(result.status == 4)
        #expect(result.stdout.contains("\"message\": \"host pattern 'web:&prod' matches no hosts within --limit 'db'\""))
    }

    @Test func theLibraryCheckKeepsSourceLines() throws {
        let inventory = try Inventory.load(sources: [folder + "/hosts.ini"])
        let check = PlaybookLoader.check(contentsOf: folder + "/playbook.yml").checkingHosts(against: inventory)
        #expect(check.diagnostics.map(\.sourceLine) == ["    hosts: wbe"])
        #expect(check.diagnostics.first?.location?.line == 8)
    }

    @Test func aMatchingPatternPasses() throws {
        let result = try PbrunBinary.run(["validate", "-i", "hosts.ini", PbrunBinary.repositoryRoot + "/playbooks/hello.yml"],
                                         in: folder)
        #expect(result.status == 0)
    }

    @Test func aBrokenInventoryExitsFour() throws {
        let result = try PbrunBinary.run(["validate", "-i", "missing.ini", "playbook.yml"], in: folder)
        #expect(result.status == 4)
        #expect(result.stderr == "error: inventory source 'missing.ini' does not exist\ninventory: 1 error\n")
    }

    @Test func limitWithoutInventoryIsAUsageError() throws {
        let result = try PbrunBinary.run(["validate", "-l", "db", "playbook.yml"], in: folder)
        #expect(result.status == 5)
    }
}
