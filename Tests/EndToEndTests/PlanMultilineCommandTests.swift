import Foundation
import Testing
@testable import TestSupport

/// `pbrun plan` prints a multi-line command (`run: |`) as a block under its step, every line
/// indented the same and the command's own indentation kept, so nested shell stays readable.
@Suite struct PlanMultilineCommandTests {
    @Test func blockCommandKeepsItsIndentationUnderTheStep() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pbrun-plan-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "web01 ansible_host=10.0.0.11\n".write(to: folder.appendingPathComponent("inventory.ini"),
                                                   atomically: true, encoding: .utf8)
        try """
            pbrun: 1
            hosts: all
            steps:
              - id: migrate
                run: |
                  if [ -f /etc/app ]; then
                    echo "app here"

                    exit 0
                  fi
                timeout: 30s
              - id: one
                run: echo one
            """.write(to: folder.appendingPathComponent("p.yml"), atomically: true, encoding: .utf8)
        let result = try PbrunBinary.run(["plan", "p.yml", "-i", "inventory.ini"], in: folder.path)
        #expect(result.status == 0, "\(result.stderr)")
        let expected = """
                  1. migrate [migrate]
                     run: |
                       if [ -f /etc/app ]; then
                         echo "app here"

                         exit 0
                       fi
                     timeout: 30s
                  2. one [one]
                     run: echo one
                     needs: migrate

            """
        #expect(result.stdout.hasSuffix(expected), "\(result.stdout)")
    }
}
