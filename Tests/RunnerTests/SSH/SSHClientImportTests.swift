import Foundation
import Testing

/// SSHClient may import only its C modules, Glibc and Synchronization (DESIGN.md "Modules"): any
/// other import in any of its source files fails here, naming the file and line.
@Suite struct SSHClientImportTests {
    static let allowed: Set<String> = ["CLibSSH2", "CEpoll", "Glibc", "Synchronization", "_Concurrency"]

    @Test func everySourceFileImportsOnlyAllowedModules() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Sources/SSHClient")
        let files = try #require(FileManager.default.enumerator(atPath: root.path)).compactMap { $0 as? String }
            .filter { $0.hasSuffix(".swift") }
        #expect(files.count > 20, "found too few SSHClient sources under \(root.path)")
        var offending: [String] = []
        for file in files.sorted() {
            let text = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
            for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let words = line.split(separator: " ").filter { !$0.hasPrefix("@") }
                guard let keyword = words.firstIndex(of: "import"), keyword + 1 < words.count,
                      words[..<keyword].allSatisfy({ ["public", "internal", "private", "fileprivate", "package"].contains($0) })
                else { continue }
                let module = String(words[keyword + 1].split(separator: ".")[0])
                if !Self.allowed.contains(module) { offending.append("\(file):\(index + 1): import \(module)") }
            }
        }
        #expect(offending.isEmpty, "SSHClient imports outside its allowed set:\n\(offending.joined(separator: "\n"))")
    }
}
