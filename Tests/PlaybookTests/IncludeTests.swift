import Foundation
import Playbook
import Testing
@testable import TestSupport

/// `include:`: an included playbook keeps its own `vars` and `vars_files`, and every file is read
/// once however often it is included.
@Suite struct IncludeTests {
    @Test func anIncludedPlaybookKeepsItsOwnVarsAndVarsFiles() throws {
        let scratch = try PlanScratch()
        defer { scratch.remove() }
        try scratch.write("inventory.ini", "web1\n")
        try scratch.write("sub/child-vars.yml", "who: world\n")
        try scratch.write("sub/child.yml", """
            pbrun: 1
            vars_files: [child-vars.yml]
            vars: {greeting: hello}
            hosts: all
            steps:
              - id: greet
                run: echo {{ greeting }} {{ who }} {{ site }}

            """)
        try scratch.write("playbook.yml", """
            pbrun: 1
            vars: {greeting: overridden, site: main}
            include: [sub/child.yml]

            """)
        let plan = try scratch.plan()
        #expect(plan.command("greet", on: "web1") == "echo hello world main")
    }

    /// Twelve files, each including the one before four times: every file is read once, and the plays
    /// that would multiply past the limit are an error at the `include:` that multiplies them.
    @Test func aFileIncludedManyTimesIsReadOnce() throws {
        let scratch = try PlanScratch()
        defer { scratch.remove() }
        try scratch.write("f0.yml", "pbrun: 1\nhosts: all\nsteps:\n  - run: \"true\"\n")
        for level in 1...12 {
            let previous = "f\(level - 1).yml"
            try scratch.write("f\(level).yml", "pbrun: 1\ninclude: [\(previous), \(previous), \(previous), \(previous)]\n")
        }
        let small = PlaybookLoader.check(contentsOf: scratch.folder + "/f5.yml")
        #expect(small.filesDecoded == 6)
        #expect(!small.hasErrors)
        #expect(small.playbook?.playCount == 1024)
        let large = PlaybookLoader.check(contentsOf: scratch.folder + "/f12.yml")
        #expect(large.filesDecoded == 13)
        #expect(large.diagnostics.map { $0.description.replacingOccurrences(of: scratch.folder + "/", with: "") }
            == ["f7.yml:2:1: error: the includes expand to 16384 plays, more than 10000 (a file included again and "
                + "again runs each time)"])
    }
}
