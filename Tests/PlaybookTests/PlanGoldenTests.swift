import Foundation
import Playbook
import Testing
@testable import TestSupport

/// `pbrun plan`'s three forms (text, JSON format 1, DOT/Mermaid) compared with golden files under
/// Fixtures/plans/, for the example playbooks in playbooks/ and a fixture that uses every rule a plan
/// shows. Run id and start time are fixed, paths are printed relative to the playbook's root, so the
/// output is the same on every machine. `PBRUN_UPDATE_GOLDEN=1 swift test --filter PlanGoldenTests`
/// rewrites the golden files after an intended change (then review the diff).
@Suite struct PlanGoldenTests {
    /// The fixed inventory every golden plan is made against.
    private var inventoryPath: String { PlaybookFixtures.plansPath("inventory.ini") }

    private func plan(_ playbookPath: String, secrets: Set<String> = []) throws -> ExecutionPlan {
        let playbook = try PlaybookLoader.load(contentsOf: playbookPath)
        let inventory = try Inventory.load(sources: [inventoryPath])
        var plan = try Planner.plan(PlanRequest(
            playbook: playbook, inventory: inventory, connectionDefaults: ConnectionDefaults(sshConfigPath: "none"),
            runID: "00000000-0000-0000-0000-000000000000", started: Date(timeIntervalSince1970: 1_800_000_000)))
        plan.secretValues.formUnion(secrets)
        return plan
    }

    @Test func helloPlaybookJSON() throws {
        let path = PlaybookFixtures.projectRoot.appendingPathComponent("playbooks/hello.yml").path
        let printer = PlanPrinter(plan: try plan(path), baseDirectory: PlaybookFixtures.projectRoot.path)
        try expectGolden(printer.json(), "hello.expected.json")
    }

    @Test func deployFixtureJSON() throws {
        let printer = PlanPrinter(plan: try plan(PlaybookFixtures.plansPath("deploy.yml"), secrets: ["s3cr3t-t0ken"]),
                                  baseDirectory: PlaybookFixtures.plansPath(""))
        let json = printer.json()
        try expectGolden(json, "deploy.expected.json")
        #expect(!json.contains("s3cr3t-t0ken"))
        #expect(json.hasPrefix("{\n  \"format\": 1,\n"))
    }

    @Test func deployFixtureText() throws {
        let printer = PlanPrinter(plan: try plan(PlaybookFixtures.plansPath("deploy.yml"), secrets: ["s3cr3t-t0ken"]),
                                  baseDirectory: PlaybookFixtures.plansPath(""))
        let text = printer.text()
        try expectGolden(text, "deploy.expected.txt")
        #expect(!text.contains("s3cr3t-t0ken"))
        #expect(text.contains("5. migrate [migrate] — decided at run time: when: 'unpacked.changed' reads results of earlier steps\n"))
        #expect(text.contains("2. only on web [only-on-web] — skipped: when: ''web' in group_names' is false\n"))
    }

    @Test func deployFixtureGraph() throws {
        let printer = PlanPrinter(plan: try plan(PlaybookFixtures.plansPath("deploy.yml")))
        try expectGolden(printer.dot() + "\n" + printer.mermaid(), "deploy.expected.graph")
    }

    @Test func everyHostGetsItsOwnRenderedTemplate() throws {
        let plan = try plan(PlaybookFixtures.plansPath("deploy.yml"))
        let play = try #require(plan.plays.first)
        let configure = try #require(play.steps.first { $0.id == "configure" })
        var contents: [String: String] = [:]
        for host in ["web01", "web02"] {
            guard case .runs(let work) = plan.decision(play: 1, step: configure, host: host),
                  case .upload(let content, let destination, let mode, _, _) = work.action else {
                Issue.record("configure does not upload on \(host)")
                continue
            }
            #expect(destination == "/etc/app.conf")
            #expect(mode == 0o640)
            contents[host] = String(decoding: content, as: UTF8.self)
        }
        #expect(contents["web01"] == "# app.conf for web01\nlisten = 10.0.0.11:8080\nversion = 1.4.2\n")
        #expect(contents["web02"] == "# app.conf for web02\nlisten = 10.0.0.12:8080\nversion = 1.4.2\n")
    }

    /// Compares `actual` with the golden file `name` and prints both on a mismatch.
    private func expectGolden(_ actual: String, _ name: String,
                              sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        if ProcessInfo.processInfo.environment["PBRUN_UPDATE_GOLDEN"] == "1" {
            let source = PlaybookFixtures.sourceRoot.appendingPathComponent("Fixtures/plans/\(name)")
            try actual.write(to: source, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOfFile: PlaybookFixtures.plansPath(name), encoding: .utf8)
        #expect(actual == expected, "golden \(name) differs.\n--- expected\n\(expected)\n--- actual\n\(actual)",
                sourceLocation: sourceLocation)
    }
}

extension PlaybookFixtures {
    /// The absolute path of Fixtures/plans/`name` in the test bundle.
    static func plansPath(_ name: String) -> String {
        guard let root = Bundle.module.resourceURL?.appendingPathComponent("Fixtures/plans") else {
            preconditionFailure("the PlaybookTests bundle has no Fixtures folder")
        }
        return name.isEmpty ? root.path : root.appendingPathComponent(name).path
    }

    /// Tests/PlaybookTests in the source tree (where golden files are rewritten).
    static let sourceRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()

    /// The project's root folder (where playbooks/ lives).
    static let projectRoot = sourceRoot.deletingLastPathComponent().deletingLastPathComponent()
}
