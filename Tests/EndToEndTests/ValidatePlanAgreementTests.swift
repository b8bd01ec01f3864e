import Foundation
import Testing
@testable import TestSupport

/// `pbrun validate -i` passes exactly what `pbrun plan -i` passes: each case here is one that
/// `validate` once let through while `plan` refused it. Without an inventory, `validate` runs the
/// checks that need no hosts.
@Suite struct ValidatePlanAgreementTests {
    static let inventory = """
        [web]
        web01
        web02

        [db]
        db01

        """

    /// Writes `playbook` and the inventory into a scratch folder and runs `pbrun ARGS…` there.
    private func run(_ arguments: [String], playbook: String) throws -> ProcessResult {
        let scratch = try PlanScratch()
        defer { scratch.remove() }
        try scratch.write("playbook.yml", playbook)
        try scratch.write("inventory.ini", Self.inventory)
        return try PbrunBinary.run(arguments, in: scratch.folder)
    }

    /// What `validate -i` and `plan -i` print on standard error, checked to be the same diagnostics.
    private func bothRefuse(_ playbook: String, extra: [String] = [],
                            sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let validate = try run(["validate", "-i", "inventory.ini"] + extra + ["playbook.yml"], playbook: playbook)
        let plan = try run(["plan", "-i", "inventory.ini", "-F", "none"] + extra + ["playbook.yml"], playbook: playbook)
        #expect(validate.status == 4, "validate: \(validate.stdout)\(validate.stderr)", sourceLocation: sourceLocation)
        #expect(plan.status == 4, "plan: \(plan.stdout)\(plan.stderr)", sourceLocation: sourceLocation)
        #expect(plan.stderr == validate.stderr + "pbrun plan: \(validate.stdout.split(separator: " ")[1]) "
                    + "error(s)\n", sourceLocation: sourceLocation)
        return validate.stderr
    }

    @Test func anUndefinedVariableFailsBoth() throws {
        let stderr = try bothRefuse("""
            pbrun: 1
            hosts: all
            steps:
              - run: echo {{ release }}
            """)
        #expect(stderr == """
            playbook.yml:4:18: error: undefined variable 'release' (on hosts db01, web01, web02)
              - run: echo {{ release }}
                             ^

            """)
    }

    @Test func anUnknownFilterFailsBothAndValidateWithoutInventory() throws {
        let playbook = """
            pbrun: 1
            hosts: all
            steps:
              - run: echo {{ 'x' | uper }}
            """
        let expected = """
            playbook.yml:4:24: error: unknown filter 'uper' (did you mean 'upper'?)
              - run: echo {{ 'x' | uper }}
                                   ^

            """
        #expect(try bothRefuse(playbook) == expected)
        let alone = try run(["validate", "playbook.yml"], playbook: playbook)
        #expect(alone.status == 4)
        #expect(alone.stderr == expected)
        #expect(alone.stdout == "playbook.yml: 1 error\n")
    }

    @Test func bracesInsideWhenFailBothAndValidateWithoutInventory() throws {
        let playbook = """
            pbrun: 1
            hosts: all
            steps:
              - run: uptime
                when: "{{ 'web' in group_names }}"
            """
        let expected = """
            playbook.yml:5:12: error: a condition is already an expression: write it without '{{ }}'
                when: "{{ 'web' in group_names }}"
                       ^

            """
        #expect(try bothRefuse(playbook) == expected)
        let alone = try run(["validate", "playbook.yml"], playbook: playbook)
        #expect(alone.status == 4)
        #expect(alone.stderr == expected)
    }

    @Test func aReferenceToAnUnknownHyphenatedStepFailsBothAndValidateWithoutInventory() throws {
        let playbook = """
            pbrun: 1
            hosts: all
            steps:
              - name: fetch the build
                run: echo build-1
              - run: echo {{ steps.fetch-teh-build.stdout }}
            """
        let expected = """
            playbook.yml:6:24: error: unknown step 'fetch-teh-build' (did you mean 'fetch-the-build'?)
              - run: echo {{ steps.fetch-teh-build.stdout }}
                                   ^

            """
        #expect(try bothRefuse(playbook) == expected)
        let alone = try run(["validate", "playbook.yml"], playbook: playbook)
        #expect(alone.status == 4)
        #expect(alone.stderr == expected)
    }

    @Test func withoutInventoryAnUndefinedVariableIsLeftToTheInventory() throws {
        let alone = try run(["validate", "playbook.yml"], playbook: """
            pbrun: 1
            hosts: all
            steps:
              - run: echo {{ release }}
            """)
        #expect(alone.status == 0)
        #expect(alone.stderr == "")
    }

    @Test func errorsOfDifferentKindsInOneStepAreReportedInOnePass() throws {
        let stderr = try bothRefuse("""
            pbrun: 1
            hosts: all
            steps:
              - run: echo {{ release }} {{ 'x' | uper }}
                when: "{{ 'web' in group_names }}"
              - run: echo {{ version }}
                when: stage == 'prod'
            """)
        #expect(stderr == """
            playbook.yml:4:18: error: undefined variable 'release' (on hosts web01, web02)
              - run: echo {{ release }} {{ 'x' | uper }}
                             ^
            playbook.yml:4:38: error: unknown filter 'uper' (did you mean 'upper'?)
              - run: echo {{ release }} {{ 'x' | uper }}
                                                 ^
            playbook.yml:5:12: error: a condition is already an expression: write it without '{{ }}'
                when: "{{ 'web' in group_names }}"
                       ^
            playbook.yml:6:18: error: undefined variable 'version' (on hosts db01, web01, web02)
              - run: echo {{ version }}
                             ^
            playbook.yml:7:11: error: undefined variable 'stage' (on hosts db01, web01, web02)
                when: stage == 'prod'
                      ^

            """)
    }

    // MARK: - Templated host patterns

    static let templatedHosts = """
        pbrun: 1
        hosts: "{{ target }}"
        steps:
          - run: uptime
        """

    @Test func aTemplatedHostPatternTakesExtraVars() throws {
        let plan = try run(["plan", "-i", "inventory.ini", "-F", "none", "-e", "target=db", "playbook.yml"],
                           playbook: Self.templatedHosts)
        #expect(plan.status == 0, "\(plan.stderr)")
        #expect(plan.stdout.contains("db01"))
        #expect(!plan.stdout.contains("web01"))
        let validate = try run(["validate", "-i", "inventory.ini", "-e", "target=db", "playbook.yml"],
                               playbook: Self.templatedHosts)
        #expect(validate.status == 0, "\(validate.stderr)")
    }

    @Test func aTemplatedHostPatternTakesPlayVars() throws {
        let plan = try run(["plan", "-i", "inventory.ini", "-F", "none", "playbook.yml"], playbook: """
            pbrun: 1
            hosts: "{{ target }}"
            vars:
              target: web
            steps:
              - run: uptime
            """)
        #expect(plan.status == 0, "\(plan.stderr)")
        #expect(plan.stdout.contains("web01"))
        #expect(!plan.stdout.contains("db01"))
    }

    @Test func anUndefinedVariableInAHostPatternIsAClearError() throws {
        let stderr = try bothRefuse(Self.templatedHosts)
        #expect(stderr == """
            playbook.yml:2:12: error: undefined variable 'target' (in 'hosts:', which sees -e and the playbook's and play's vars)
            hosts: "{{ target }}"
                       ^

            """)
    }
}
