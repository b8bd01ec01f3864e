import Foundation
import Playbook
import Testing
@testable import TestSupport

/// A step's own `vars:`: where it sits in the precedence chain, that only its step sees it, that its
/// templates expand (against the value below when they name themselves) and that conditions read it.
@Suite struct StepVarsTests {
    private static let inventory = "web1 ansible_host=127.0.0.1 tier=inventory\n"

    /// Plans `playbook` (the text after `pbrun: 1`) against a one-host inventory.
    private func withPlan<T>(_ playbook: String, extra: [String] = [],
                             _ body: (ExecutionPlan) throws -> T) throws -> T {
        let scratch = try PlanScratch()
        defer { scratch.remove() }
        try scratch.write("inventory.ini", Self.inventory)
        try scratch.write("playbook.yml", "pbrun: 1\n" + playbook)
        return try body(try scratch.plan(extra: extra))
    }

    private static let twoSteps = """
        hosts: all
        vars:
          tier: play
        steps:
          - id: mine
            vars:
              tier: step
            run: echo {{ tier }}
          - id: other
            run: echo {{ tier }}

        """

    @Test func stepVarsOverridePlayVars() throws {
        try withPlan(Self.twoSteps) { plan in
            #expect(plan.command("mine", on: "web1") == "echo step")
        }
    }

    @Test func stepVarsAreNotSeenByOtherSteps() throws {
        try withPlan(Self.twoSteps) { plan in
            #expect(plan.command("other", on: "web1") == "echo play")
        }
    }

    @Test func extraVarsOverrideStepVars() throws {
        try withPlan(Self.twoSteps, extra: ["tier=extra"]) { plan in
            #expect(plan.command("mine", on: "web1") == "echo extra")
        }
    }

    @Test func registeredResultsOverrideStepVars() throws {
        let playbook = """
            hosts: all
            steps:
              - id: probe
                run: hostname
                register: found
              - id: use
                vars:
                  found: {stdout: from vars}
                run: echo {{ found.stdout }}

            """
        try withPlan(playbook) { plan in
            var registered = RegisteredResults()
            registered.byStepID["probe"] = RegisteredResults.Entry(
                result: AttemptResult(exitCode: 0, stdout: "from the step"), status: "ok", failed: false,
                skipped: false, changed: true)
            #expect(plan.command("use", on: "web1", registered: registered) == "echo from the step")
        }
    }

    @Test func stepVarsHoldTemplatesThatExtendTheValueBelow() throws {
        let playbook = """
            hosts: all
            vars:
              path: /srv
            steps:
              - id: deep
                vars:
                  path: "{{ path }}/app"
                  config: "{{ path }}/{{ inventory_hostname }}.conf"
                run: cat {{ config }}

            """
        try withPlan(playbook) { plan in
            #expect(plan.command("deep", on: "web1") == "cat /srv/app/web1.conf")
        }
    }

    @Test func stepVarsReachWhenAndResultConditions() throws {
        let playbook = """
            hosts: all
            steps:
              - id: skipped
                vars: {enabled: false}
                when: enabled
                run: "true"
              - id: judged
                vars: {limit: 3}
                run: "true"
                failed_when: stdout | int > limit
                changed_when: stdout | int == limit
                until: stdout | int >= limit

            """
        try withPlan(playbook) { plan in
            #expect(plan.command("skipped", on: "web1") == "skip: when: 'enabled' is false")
            let step = try #require(plan.step("judged"))
            let judge = { (output: String) in
                plan.preparer.judge(play: 1, step: step, host: "web1", result: AttemptResult(exitCode: 0, stdout: output),
                                    registered: RegisteredResults())
            }
            #expect(judge("2") == Judgement(failed: false, changed: false, untilMet: false))
            #expect(judge("3") == Judgement(failed: false, changed: true, untilMet: true))
            #expect(judge("4").failed)
        }
    }

    @Test func aStepVarReadingAnEarlierResultMakesTheStepRunTime() throws {
        let playbook = """
            hosts: all
            steps:
              - id: probe
                run: cat /etc/version
              - id: deploy
                vars:
                  version: "{{ steps.probe.stdout | trim }}"
                run: deploy {{ version }}

            """
        try withPlan(playbook) { plan in
            let step = try #require(plan.step("deploy"))
            #expect(plan.runTimeReason(play: 1, step: step) == "'deploy {{ version }}' reads results of earlier steps")
            var registered = RegisteredResults()
            registered.byStepID["probe"] = RegisteredResults.Entry(
                result: AttemptResult(exitCode: 0, stdout: "1.4.2\n"), status: "ok", failed: false, skipped: false,
                changed: true)
            #expect(plan.command("deploy", on: "web1", registered: registered) == "deploy 1.4.2")
        }
    }

    @Test func errorsInStepVarsPointAtTheirDefinition() throws {
        let scratch = try PlanScratch()
        defer { scratch.remove() }
        try scratch.write("inventory.ini", Self.inventory)
        let path = try scratch.write("playbook.yml", """
            pbrun: 1
            hosts: all
            steps:
              - id: broken
                vars:
                  target: "{{ nope }}"
                  later: "{{ steps.after.stdout }}"
                run: echo {{ target }}
              - id: after
                run: "true"

            """)
        #expect(scratch.planErrors() == [
            "\(path):7:24: error: step 'after' cannot have run before this step (list it in 'needs')",
        ])
        try scratch.write("playbook.yml", """
            pbrun: 1
            hosts: all
            steps:
              - id: broken
                vars:
                  target: "{{ nope }}"
                run: echo {{ target }}

            """)
        #expect(scratch.planErrors() == ["\(path):6:19: error: undefined variable 'nope' (on host web1)"])
    }

    @Test func aStepVarThatNamesOnlyItselfIsACycle() throws {
        let scratch = try PlanScratch()
        defer { scratch.remove() }
        try scratch.write("inventory.ini", Self.inventory)
        let path = try scratch.write("playbook.yml", """
            pbrun: 1
            hosts: all
            steps:
              - id: loop
                vars:
                  a: "{{ b }}"
                  b: "{{ a }}"
                run: echo {{ a }}

            """)
        #expect(scratch.planErrors() == ["\(path):7:14: error: variable 'a' refers to itself (a -> b -> a) (on host web1)"])
    }
}
