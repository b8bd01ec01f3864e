import Foundation

/// The playbook fixture folders shipped with the tests (Fixtures/playbooks/…).
enum PlaybookFixtures {
    /// The absolute path of Fixtures/playbooks/`folder`.
    static func path(_ folder: String) -> String {
        guard let root = Bundle.module.resourceURL?.appendingPathComponent("Fixtures/playbooks") else {
            preconditionFailure("the PlaybookTests bundle has no Fixtures folder")
        }
        return root.appendingPathComponent(folder).path
    }

    /// The case folders under Fixtures/playbooks/`group`, sorted.
    static func cases(_ group: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path(group))) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted()
    }

    /// The text of a fixture file.
    static func text(_ relativePath: String) -> String {
        (try? String(contentsOfFile: path(relativePath), encoding: .utf8)) ?? ""
    }
}
