import Foundation
import Testing
@testable import TestSupport

/// The property `pbrun validate -i` exists for: over every playbook fixture of the repository that
/// comes with an inventory, and over the example playbooks with each shared test inventory,
/// `validate -i INV PLAYBOOK` and `plan -i INV PLAYBOOK` exit alike and print the same diagnostics
/// (message, position, source line), `plan` adding only its count line.
@Suite struct ValidatePlanPropertyTests {
    /// One playbook with the inventory sources it is checked against, run in `folder`.
    struct Case: CustomTestStringConvertible, Sendable {
        let folder: String
        let playbook: String
        let inventories: [String]

        var testDescription: String {
            let root = PbrunBinary.repositoryRoot + "/"
            let where_ = folder.hasPrefix(root) ? String(folder.dropFirst(root.count)) : folder
            return "\(where_)/\(playbook) with \(inventories.map { ($0 as NSString).lastPathComponent })"
        }
    }

    static let root = PbrunBinary.repositoryRoot

    /// Folders holding a playbook.yml beside an inventory (the run corpus, the plan and host-pattern
    /// fixtures).
    static var pairedCases: [Case] {
        var cases: [Case] = []
        let corpus = root + "/Tests/EndToEndTests/Fixtures/corpus"
        for name in entries(corpus) {
            let folder = corpus + "/" + name
            guard let inventory = entries(folder).first(where: { $0.hasPrefix("inventory") }) else { continue }
            cases.append(Case(folder: folder, playbook: "playbook.yml", inventories: [folder + "/" + inventory]))
        }
        let fixtures = root + "/Tests/PlaybookTests/Fixtures"
        cases.append(Case(folder: fixtures + "/plans", playbook: "deploy.yml",
                          inventories: [fixtures + "/plans/inventory.ini"]))
        cases.append(Case(folder: fixtures + "/playbooks/host-patterns", playbook: "playbook.yml",
                          inventories: [fixtures + "/playbooks/host-patterns/hosts.ini"]))
        return cases
    }

    /// The example playbooks and the valid playbook fixture, each with every shared test inventory
    /// (Fixtures/inventories/valid).
    static var sharedInventoryCases: [Case] {
        let playbooks = entries(root + "/playbooks").filter { $0.hasSuffix(".yml") }.map { (root + "/playbooks", $0) }
            + [(root + "/Tests/PlaybookTests/Fixtures/playbooks/valid/every-field", "playbook.yml")]
        // inventories/local.yml is left out: it is the test fleet's, written while fleet tests run.
        var inventories: [[String]] = []
        let valid = root + "/Tests/PlaybookTests/Fixtures/inventories/valid"
        for name in entries(valid) {
            let folder = valid + "/" + name
            if let listed = try? String(contentsOfFile: folder + "/sources", encoding: .utf8) {
                // A source with a comma is a host list, not a path.
                inventories.append(listed.split(separator: "\n").map(String.init).filter { !$0.isEmpty }
                    .map { $0.contains(",") ? $0 : folder + "/" + $0 })
            } else if let file = entries(folder).first(where: { $0.hasPrefix("inventory") }) {
                inventories.append([folder + "/" + file])
            }
        }
        return playbooks.flatMap { folder, playbook in
            inventories.map { Case(folder: folder, playbook: playbook, inventories: $0) }
        }
    }

    private static func entries(_ folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
    }

    @Test func thereAreCasesOfEveryKind() {
        #expect(Self.pairedCases.count > 30)
        #expect(Self.sharedInventoryCases.count > 100)
    }

    @Test(arguments: pairedCases + sharedInventoryCases)
    func validateAndPlanAgree(_ testCase: Case) throws {
        let sources = testCase.inventories.flatMap { ["-i", $0] }
        let validate = try PbrunBinary.run(["validate"] + sources + [testCase.playbook], in: testCase.folder)
        let plan = try PbrunBinary.run(["plan"] + sources + [testCase.playbook], in: testCase.folder)
        #expect(validate.status == plan.status, "validate: \(validate.stderr)\nplan: \(plan.stderr)")
        #expect([0, 4].contains(plan.status), "\(plan.stderr)")
        // Only the count lines differ: plan's "pbrun plan: N error(s)", validate's "inventory: N errors"
        // when the inventory itself cannot be loaded.
        let planDiagnostics = plan.stderr.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("pbrun plan: ") }
        let validateDiagnostics = validate.stderr.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !($0.hasPrefix("inventory: ") && ($0.hasSuffix(" error") || $0.hasSuffix(" errors"))) }
        #expect(planDiagnostics == validateDiagnostics)
    }
}
