import Foundation

/// The data-driven cases of Tests/PlaybookTests/Fixtures, read from the source tree so that every
/// suite (the library's and the binary's) reads the same files.
enum PlaybookFixtures {
    /// The absolute path of Tests/PlaybookTests/Fixtures/`relative`.
    static func fixture(_ relative: String) -> String {
        PbrunBinary.repositoryRoot + "/Tests/PlaybookTests/Fixtures/" + relative
    }

    /// The absolute path of Fixtures/playbooks/`folder`.
    static func path(_ folder: String) -> String {
        fixture("playbooks/" + folder)
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
