import Foundation
@testable import TestSupport
import Testing

/// Each target may import only the modules docs/architecture.md gives it, so the compiler's module
/// boundaries keep matching the design: the transport never learns about playbooks, and reports
/// never learn about SSH. A new import fails here, naming the file and line.
@Suite struct ModuleImportTests {
    /// The modules each target's sources may import (docs/architecture.md, "Targets").
    static let allowed: [String: Set<String>] = [
        "Playbook": ["CYAML", "Foundation", "Glibc", "Synchronization"],
        "SSHClient": ["CLibSSH2", "CEpoll", "Glibc", "Synchronization"],
        "Report": ["Playbook", "Foundation", "Glibc", "Synchronization"],
        "Runner": ["Playbook", "SSHClient", "Report", "Foundation", "Dispatch", "Glibc", "Synchronization"],
        "pbrun": ["Playbook", "Runner", "Report", "Foundation", "Glibc"],
    ]

    @Test(arguments: allowed.keys.sorted())
    func everySourceFileImportsOnlyWhatItsTargetMay(target: String) throws {
        let root = URL(fileURLWithPath: PbrunBinary.repositoryRoot).appendingPathComponent("Sources/\(target)")
        let files = try #require(FileManager.default.enumerator(atPath: root.path)).compactMap { $0 as? String }
            .filter { $0.hasSuffix(".swift") }
        #expect(files.count > 10, "found too few \(target) sources under \(root.path)")
        var offending: [String] = []
        for file in files.sorted() {
            let text = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
            for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                guard let module = Self.importedModule(line) else { continue }
                if !(Self.allowed[target] ?? []).contains(module) { offending.append("\(file):\(index + 1): import \(module)") }
            }
        }
        #expect(offending.isEmpty, "\(target) imports outside its allowed set:\n\(offending.joined(separator: "\n"))")
    }

    @Test func theImportReaderSeesEveryFormOfImport() {
        #expect(Self.importedModule("import Foundation") == "Foundation")
        #expect(Self.importedModule("internal import CYAML") == "CYAML")
        #expect(Self.importedModule("@preconcurrency import Dispatch") == "Dispatch")
        #expect(Self.importedModule("@testable public import Playbook.Value") == "Playbook")
        #expect(Self.importedModule("// import Runner") == nil)
        #expect(Self.importedModule("let important = 1") == nil)
    }

    /// The module a line imports, whatever attributes and access level come first; nil for any other line.
    static func importedModule(_ line: Substring) -> String? {
        let words = line.split(separator: " ").filter { !$0.hasPrefix("@") }
        let levels: Set<Substring> = ["public", "internal", "private", "fileprivate", "package"]
        guard let keyword = words.firstIndex(of: "import"), keyword + 1 < words.count,
              words[..<keyword].allSatisfy({ levels.contains($0) })
        else { return nil }
        return String(words[keyword + 1].split(separator: ".")[0])
    }
}
