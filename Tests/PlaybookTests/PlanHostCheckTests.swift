import Foundation
import Playbook
import Testing

/// What `plan` checks on every host before the run: `when` guards a step's templates, every error
/// names the hosts it happens on, and one plan reports every error.
@Suite struct PlanHostCheckTests {
    private static let inventory = """
        [web]
        web01 ansible_host=10.0.0.1 http_port=80
        [db]
        db01 ansible_host=10.0.0.2
        db02 ansible_host=10.0.0.3

        """

    @Test func aFalseWhenGuardsTheStepsTemplates() throws {
        let scratch = try PlanScratch()
        defer { scratch.remove() }
        try scratch.write("inventory.ini", Self.inventory)
        try scratch.write("playbook.yml", """
            pbrun: 1
            hosts: all
            steps:
              - name: listen
                when: "'web' in group_names"
                run: echo {{ http_port }}

            """)
        let plan = try scratch.plan()
        #expect(plan.command("listen", on: "web01") == "echo 80")
        #expect(plan.command("listen", on: "db01").hasPrefix("skip: "))
    }

    @Test func aPerHostErrorNamesTheHosts() throws {
        let scratch = try PlanScratch()
        defer { scratch.remove() }
        try scratch.write("inventory.ini", Self.inventory)
        try scratch.write("playbook.yml", """
            pbrun: 1
            hosts: all
            steps:
              - name: listen
                run: echo {{ http_port }}

            """)
        #expect(scratch.planErrors() == [
            "\(scratch.folder)/playbook.yml:5:18: error: undefined variable 'http_port' (on hosts db01, db02)",
        ])
    }
}
