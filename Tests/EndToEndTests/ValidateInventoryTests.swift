import Testing
import Playbook
@testable import TestSupport

/// `pbrun validate -i`: every play's host pattern must match hosts of the inventory, as in a plan.
@Suite struct ValidateInventoryTests {
    let folder = PlaybookFixtures.path("host-patterns")

    @Test func patternsAreResolvedAgainstTheInventory() throws {
        let result = try PbrunBinary.run(["validate", "-i", "hosts.ini", "playbook.yml"], in: folder)
        #expect(result.status == 4)
        #expect(result.stderr == """
            playbook.yml:8:12: error: host pattern 'wbe' matches no group and no host (did you mean 'web'?)
                hosts: wbe
                       ^
            playbook.yml:12:16: error: undefined variable 'target' (in 'hosts:', which sees -e and the playbook's and play's vars)
                hosts: "{{ target }}"
                           ^

            """)
        #expect(result.stdout == "playbook.yml: 2 errors\n")
    }

    @Test func aTemplatedPatternIsRenderedWithExtraVars() throws {
        let result = try PbrunBinary.run(["validate", "-i", "hosts.ini", "-e", "target=prod", "playbook.yml"],
                                         in: folder)
        #expect(result.status == 4)
        #expect(result.stderr.hasPrefix("playbook.yml:8:12: error: host pattern 'wbe' matches no group and no host"))
        #expect(result.stdout == "playbook.yml: 1 error\n")
        let typo = try PbrunBinary.run(["validate", "-i", "hosts.ini", "-e", "target=dbs", "playbook.yml"], in: folder)
        #expect(typo.stderr.contains("""
            playbook.yml:12:12: error: host pattern 'dbs' matches no group and no host (did you mean 'db'?)
            """))
    }

    /// As in Ansible, a play that --limit leaves without hosts is skipped, not an error; a limit that
    /// matches nothing at all is one.
    @Test func limitNarrowsTheHosts() throws {
        let narrowed = try PbrunBinary.run(["validate", "-i", "hosts.ini", "--limit", "db", "-e", "target=db",
                                            "--json", "playbook.yml"], in: folder)
        #expect(narrowed.status == 4)
        #expect(!narrowed.stdout.contains("web:&prod"))
        #expect(narrowed.stdout.contains("\"message\": \"host pattern 'wbe' matches no group and no host"))
        let nothing = try PbrunBinary.run(["validate", "-i", "hosts.ini", "--limit", "dbb", "playbook.yml"], in: folder)
        #expect(nothing.status == 4)
        #expect(nothing.stderr.contains("'dbb'"))
    }

    @Test func theLibraryCheckKeepsSourceLines() throws {
        let inventory = try Inventory.load(sources: [folder + "/hosts.ini"])
        let check = PlanCheck.planning(PlaybookLoader.check(contentsOf: folder + "/playbook.yml")) { playbook in
            PlanRequest(playbook: playbook, inventory: inventory, connectionDefaults: ConnectionDefaults(sshConfigPath: "none"))
        }.check
        #expect(check.diagnostics.map(\.sourceLine) == ["    hosts: wbe", "    hosts: \"{{ target }}\""])
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
