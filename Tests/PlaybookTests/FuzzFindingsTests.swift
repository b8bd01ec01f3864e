import Foundation
import Testing
@testable import Playbook

/// Every input a fuzz target found (Fixtures/fuzz-findings/TARGET/, docs/fuzzing.md), replayed
/// through the API that target calls: each must now end within seconds with a result or a diagnostic.
struct FuzzFindingsTests {
    static let folder: URL? = Bundle.module.url(forResource: "Fixtures/fuzz-findings", withExtension: nil)

    /// Every finding as (target, file name).
    static let findings: [(String, String)] = {
        guard let folder else { return [] }
        let manager = FileManager.default
        let targets = (try? manager.contentsOfDirectory(atPath: folder.path)) ?? []
        return targets.sorted().flatMap { target in
            let files = (try? manager.contentsOfDirectory(atPath: folder.appendingPathComponent(target).path)) ?? []
            return files.sorted().map { (target, $0) }
        }
    }()

    /// The shape of the fuzz targets' fixed inventory: groups with children, a range, ports, variables.
    static let inventory: Inventory? = try? Inventory.parse(text: """
        [web]
        web[01:12].example.com
        [db]
        db-a ansible_host=10.0.0.5 ansible_port=2222
        db-b
        [canary]
        web01.example.com
        [prod:children]
        web
        db
        """, path: "fuzz-inventory.ini")

    @Test func theFindingsAreThere() {
        #expect(Self.findings.count >= 5)
        #expect(Self.inventory != nil)
    }

    @Test(arguments: findings) func replaysCleanly(target: String, file: String) throws {
        let folder = try #require(Self.folder)
        let data = try Data(contentsOf: folder.appendingPathComponent(target).appendingPathComponent(file))
        let text = String(decoding: data, as: UTF8.self)
        let inventory = try #require(Self.inventory)
        let started = Date()
        switch target {
        case "playbook":
            let check = PlaybookLoader.check(text: text, file: "/nonexistent/playbook.yml")
            _ = PlanCheck.withoutHosts(check)
            _ = PlanCheck.planning(check) { playbook in
                PlanRequest(playbook: playbook, inventory: inventory,
                            connectionDefaults: ConnectionDefaults(sshConfigPath: "none"))
            }
        case "inventory-ini", "inventory-yaml":
            let extension_ = target == "inventory-ini" ? "ini" : "yml"
            if let parsed = try? Inventory.parse(text: text, path: "inventory.\(extension_)") {
                _ = parsed.graphText()
            }
        case "pattern":
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let limit = lines.count > 1 ? HostLimit(patterns: Array(lines.dropFirst())) : nil
            _ = try? inventory.hosts(matching: lines[0], limit: limit, at: nil)
        case "template":
            let parts = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            let scope = TemplateTestSupport.scope()
            _ = try? Template(TemplateTestSupport.source(parts[0])).render(in: scope)
            if parts.count > 1 { _ = try? Condition(TemplateTestSupport.source(parts[1])).evaluate(in: scope) }
        default:
            Issue.record("no replay for target '\(target)' (\(file))")
        }
        // Generous for a debug build: the findings took minutes or forever before their fixes.
        #expect(Date().timeIntervalSince(started) < 15, "\(target)/\(file)")
    }
}
