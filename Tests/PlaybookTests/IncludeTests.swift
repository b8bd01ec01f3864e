import Foundation
import Playbook
import Testing

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
}
