import Foundation
@testable import Runner
import Testing
@testable import TestSupport

/// The unified diff `run --check --diff` shows: exact text for known cases, and the same hunks as the
/// system's `diff -u` for generated ones (the headers differ: ours name the host and the new file).
@Suite struct CheckDiffTests {
    @Test func equalTextsHaveNoDiff() {
        #expect(CheckDiff.unified(old: "a\nb\n", new: "a\nb\n", oldLabel: "old", newLabel: "new") == "")
        #expect(CheckDiff.unified(old: "", new: "", oldLabel: "old", newLabel: "new") == "")
    }

    @Test func oneChangedLineWithContext() {
        let old = (1...10).map { "line \($0)\n" }.joined()
        let new = old.replacingOccurrences(of: "line 5\n", with: "line five\n")
        #expect(CheckDiff.unified(old: old, new: new, oldLabel: "h1:/etc/x", newLabel: "/etc/x (new)") == """
            --- h1:/etc/x
            +++ /etc/x (new)
            @@ -2,7 +2,7 @@
             line 2
             line 3
             line 4
            -line 5
            +line five
             line 6
             line 7
             line 8

            """)
    }

    @Test func newFileAndMissingFinalNewline() {
        #expect(CheckDiff.unified(old: "", new: "a\nb", oldLabel: "/dev/null", newLabel: "f") == """
            --- /dev/null
            +++ f
            @@ -0,0 +1,2 @@
            +a
            +b
            \\ No newline at end of file

            """)
        #expect(CheckDiff.unified(old: "a\n", new: "a", oldLabel: "o", newLabel: "n") == """
            --- o
            +++ n
            @@ -1 +1 @@
            -a
            +a
            \\ No newline at end of file

            """)
    }

    @Test func distantChangesMakeSeparateHunks() {
        let old = (1...20).map { "\($0)\n" }.joined()
        let new = old.replacingOccurrences(of: "\n2\n", with: "\n2b\n").replacingOccurrences(of: "\n19\n", with: "\n")
        #expect(CheckDiff.unified(old: old, new: new, oldLabel: "o", newLabel: "n") == """
            --- o
            +++ n
            @@ -1,5 +1,5 @@
             1
            -2
            +2b
             3
             4
             5
            @@ -16,5 +16,4 @@
             16
             17
             18
            -19
             20

            """)
    }

    @Test func hunksMatchTheSystemDiffOnGeneratedTexts() throws {
        var generator = SystemRandomNumberGenerator()
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("pbrun-diff-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for _ in 0..<40 {
            let old = (0..<Int.random(in: 0...30, using: &generator)).map { _ in
                "\(Int.random(in: 0...5, using: &generator))\n"
            }
            var new = old
            for _ in 0..<Int.random(in: 1...6, using: &generator) {
                let index = Int.random(in: 0...new.count, using: &generator)
                if Bool.random(using: &generator), index < new.count {
                    new.remove(at: index)
                } else {
                    new.insert("\(Int.random(in: 0...9, using: &generator))\n", at: index)
                }
            }
            let oldText = old.joined(), newText = new.joined()
            let ours = try #require(CheckDiff.unified(old: oldText, new: newText, oldLabel: "a", newLabel: "b"))
            try oldText.write(to: directory.appendingPathComponent("a"), atomically: true, encoding: .utf8)
            try newText.write(to: directory.appendingPathComponent("b"), atomically: true, encoding: .utf8)
            let system = try ProcessResult.run("/usr/bin/diff", ["-u", directory.appendingPathComponent("a").path,
                                                                 directory.appendingPathComponent("b").path])
            // Both are shortest edit scripts, so they change the same number of lines; where several
            // shortest scripts exist the two may choose differently, so compare the counts and check
            // that ours turns old into new.
            #expect(changedLines(ours) == changedLines(system.stdout),
                    "old: \(old) new: \(new)\n\(ours)\n\(system.stdout)")
            #expect(apply(ours, to: oldText) == newText, "\(ours)")
        }
    }

    /// How many lines the diff removes and adds.
    private func changedLines(_ diff: String) -> [Int] {
        let lines = diff.split(separator: "\n", omittingEmptySubsequences: false)
        let removed = lines.filter { $0.hasPrefix("-") && !$0.hasPrefix("---") }.count
        let added = lines.filter { $0.hasPrefix("+") && !$0.hasPrefix("+++") }.count
        return [removed, added]
    }

    /// Applies a unified diff (of texts whose lines all end in a newline) to `old`.
    private func apply(_ diff: String, to old: String) -> String {
        var source = CheckDiff.lines(old).map(String.init)
        var offset = 0
        var position = 0
        for line in diff.split(separator: "\n").dropFirst(2) {
            if line.hasPrefix("@@") {
                let oldPart = line.split(separator: " ")[1].dropFirst()
                let start = Int(oldPart.split(separator: ",")[0]) ?? 0
                let count = oldPart.contains(",") ? Int(oldPart.split(separator: ",")[1]) ?? 0 : 1
                position = (count == 0 ? start : start - 1) + offset
            } else if line.hasPrefix("-") {
                source.remove(at: position)
                offset -= 1
            } else if line.hasPrefix("+") {
                source.insert(String(line.dropFirst()) + "\n", at: position)
                position += 1
                offset += 1
            } else {
                position += 1
            }
        }
        return source.joined()
    }
}
