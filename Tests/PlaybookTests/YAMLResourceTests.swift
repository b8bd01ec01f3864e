import Foundation
import Testing
import Playbook

/// libyaml's parser, its buffers and every event are freed on every path: success, syntax errors
/// at each stage, and diagnostics from the tree builder. Valgrind cannot run Swift's concurrent
/// runtime here, so the check is that thousands of parses leave resident memory where it was
/// (one leaked parser costs libyaml's ~64 KiB of buffers, so a leak would add hundreds of MiB).
@Suite struct YAMLResourceTests {
    private static let inputs = [
        "pbrun: 1\nhosts: all\nsteps:\n  - &a {name: x, run: uptime}\n  - <<: *a\n    name: y\n" + String(repeating: "# pad\n", count: 200),
        "a: \"unclosed\nb: 2\n",
        "a:\n\tb: 1\n",
        "a: \"bad \\q\"\n",
        "a: 1\na: 2\nb: *nope\n",
        "---\na: 1\n---\nb: [1, 2\n",
        "\u{FEFF}x: \u{1F600}\n",
    ]

    private static func residentBytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        return fields.count > 1 ? (Int(fields[1]) ?? 0) * Int(sysconf(Int32(_SC_PAGESIZE))) : 0
    }

    @Test func thousandsOfParsesOnEveryPathDoNotGrowMemory() {
        func churn(_ rounds: Int) {
            for _ in 0..<rounds {
                for input in Self.inputs { _ = YAMLLoader.parse(text: input, file: "t.yml") }
            }
        }
        churn(200)  // let the allocator reach its steady state
        let before = Self.residentBytes()
        churn(2000)
        let grown = Self.residentBytes() - before
        #expect(grown < 32 << 20, "resident memory grew by \(grown >> 20) MiB over 14,000 parses")
    }
}
