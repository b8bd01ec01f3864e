import Foundation
import Testing
@testable import Playbook
@testable import TestSupport

/// `group_vars/` and `host_vars/` beside the playbook (Fixtures/playbook-folder-vars: an inventory
/// folder and a playbook folder, both with vars): read as ansible-playbook reads them, each kind just
/// above the inventory's, so the merged variables are what `ansible-inventory --playbook-dir --list`
/// printed (expected-list.json, from its regenerate.sh); and `hosts`, `plan` and `validate` use them.
@Suite struct PlaybookFolderVarsTests {
    static let folder: URL? = URL(fileURLWithPath: PlaybookFixtures.fixture("playbook-folder-vars"))

    private func paths() throws -> (folder: String, inventory: String, playbooks: String) {
        let folder = try #require(Self.folder).path
        return (folder, folder + "/inventory/hosts.ini", folder + "/playbooks")
    }

    private func expectedListing() throws -> String {
        let text = try String(contentsOfFile: try paths().folder + "/expected-list.json", encoding: .utf8)
        return JSONText.write(AnsibleListing.withoutTrustMarkers(try JSONText.parse(text)))
    }

    @Test func theMergedVariablesAreAnsiblePlaybooks() throws {
        let (_, inventory, playbooks) = try paths()
        let loaded = try Inventory.load(sources: [inventory]).addingPlaybookFolder(playbooks)
        let actual = JSONText.write(loaded.listing())
        #expect(actual == (try expectedListing()), "pbrun's --list with the playbook's folder differs:\n\(actual)")
        // The playbook folder's duplicate key is warned about at both places, as the inventory's are.
        #expect(loaded.warnings.contains { $0.rendered.contains("group_vars/web/dup.yml:2:1") })
    }

    @Test func withoutThePlaybookFolderTheInventoryValuesStay() throws {
        let loaded = try Inventory.load(sources: [try paths().inventory])
        #expect(loaded.variables(of: "web1")["from_web"] == .string("inventory"))
        #expect(loaded.variables(of: "web1")["from_host"] == .string("inventory"))
    }

    @Test func theInventoryFolderAsPlaybookFolderChangesNothing() throws {
        let (folder, inventory, _) = try paths()
        let loaded = try Inventory.load(sources: [inventory])
        let again = try loaded.addingPlaybookFolder(folder + "/inventory/.")
        #expect(JSONText.write(again.listing()) == JSONText.write(loaded.listing()))
        #expect(again.warnings.count == loaded.warnings.count)
    }

    @Test func hostsWithPlaybookDirPrintsAnsibleInventorysList() throws {
        let (folder, _, _) = try paths()
        let result = try PbrunBinary.run(["hosts", "-i", "inventory/hosts.ini", "--playbook-dir", "playbooks", "--list"],
                                         in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(JSONText.write(try JSONText.parse(result.stdout)) == (try expectedListing()))
        #expect(result.stderr.contains("duplicate"), "\(result.stderr)")
    }

    @Test func hostsWithPlaybookShowsThePlaybookFolderLayer() throws {
        let (folder, _, _) = try paths()
        let result = try PbrunBinary.run(["hosts", "-i", "inventory/hosts.ini", "--host", "web1",
                                          "--playbook", "playbooks/site.yml"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("  from_host = \"playbook\"    [inventory host: playbook host_vars 'web1']"),
                "\(result.stdout)")
        #expect(result.stdout.contains("  prod_vs_inv_web = \"playbook-prod\"    [inventory group: playbook group_vars 'prod']"),
                "\(result.stdout)")
    }

    @Test func planRendersThePlaybookFolderValues() throws {
        let (folder, _, _) = try paths()
        let result = try PbrunBinary.run(["plan", "playbooks/site.yml", "-i", "inventory/hosts.ini", "-F", "none"],
                                         in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("echo playbook web1-playbook-host"), "\(result.stdout)")
        #expect(!result.stdout.contains("inventory-host"), "\(result.stdout)")
    }

    @Test func aBadVarsFileBesideThePlaybookFailsThePlanAtItsLine() throws {
        let scratch = try PlanScratch()
        defer { scratch.remove() }
        try scratch.write("hosts.ini", "[web]\nweb1\n")
        try scratch.write("site/playbook.yml", "pbrun: 1\nhosts: web\nsteps:\n  - run: echo {{ x }}\n")
        try scratch.write("site/group_vars/web.yml", "x: [unclosed\n")
        let result = try PbrunBinary.run(["plan", "site/playbook.yml", "-i", "hosts.ini", "-F", "none"],
                                         in: scratch.folder)
        #expect(result.status == 4, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains("site/group_vars/web.yml:2:1: error:"), "\(result.stderr)")
        let validated = try PbrunBinary.run(["validate", "site/playbook.yml", "-i", "hosts.ini"], in: scratch.folder)
        #expect(validated.status == 4, "\(validated.stdout)\(validated.stderr)")
        #expect(validated.stderr.contains("site/group_vars/web.yml:2:1: error:"), "\(validated.stderr)")
    }

    /// A variable only the playbook folder defines is defined for validate too, as for plan.
    @Test func validateSeesThePlaybookFolderVariables() throws {
        let scratch = try PlanScratch()
        defer { scratch.remove() }
        try scratch.write("hosts.ini", "[web]\nweb1\n")
        try scratch.write("site/playbook.yml", "pbrun: 1\nhosts: web\nsteps:\n  - run: echo {{ only_here }}\n")
        try scratch.write("site/host_vars/web1.yml", "only_here: yes\n")
        let result = try PbrunBinary.run(["validate", "site/playbook.yml", "-i", "hosts.ini"], in: scratch.folder)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    }
}
