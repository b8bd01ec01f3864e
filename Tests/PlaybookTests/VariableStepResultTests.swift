import Testing
import Playbook

@Suite struct VariableStepResultTests {
    static let result = StepResult(exit: 3, stdout: "one\ntwo\n", stderr: "warn", changed: true, failed: true,
                                   duration: 1.25)

    static func scope() -> VariableScope {
        var scope = VariableScope()
        scope.setStepResults([("build", result), ("lint", .skippedStep)])
        return scope
    }

    @Test func everyFieldOfAStepResult() throws {
        let template = "{{ steps.build.exit }}|{{ steps.build.stdout | trim }}|{{ steps.build.stderr }}|"
            + "{{ steps.build.stdout_lines }}|{{ steps.build.changed }}|{{ steps.build.skipped }}|"
            + "{{ steps.build.failed }}|{{ steps.build.duration }}"
        #expect(try Template(TemplateSource(template, named: "t")).render(in: Self.scope())
            == #"3|one\#ntwo|warn|["one","two"]|true|false|true|1.25"#)
    }

    @Test func aSkippedStepHasAResultSayingSo() throws {
        #expect(try Condition(TemplateSource("steps.lint.skipped and steps.lint.exit == none", named: "t"))
            .evaluate(in: Self.scope()))
    }

    @Test func ownResultInsideTheStepsConditions() throws {
        let scope = VariableScope().withOwnResult(Self.result)
        #expect(try Condition(TemplateSource("exit == 3 and result.failed and stdout contains 'two' and stderr == 'warn'",
                                             named: "t")).evaluate(in: scope))
    }

    @Test func registeredOutputIsNeverExpandedAsATemplate() throws {
        var scope = VariableScope()
        scope.register("out", StepResult(exit: 0, stdout: "{{ 7 * 6 }}"))
        #expect(try Template(TemplateSource("{{ out.stdout }}", named: "t")).render(in: scope) == "{{ 7 * 6 }}")
    }

    @Test func aHyphenatedStepIDAfterStepsDotIsOneName() throws {
        var scope = VariableScope()
        scope.setStepResults([("fetch-the-build", StepResult(exit: 0, stdout: "built")), ("a", Self.result)])
        let render = { (text: String) in try Template(TemplateSource(text, named: "t")).render(in: scope) }
        #expect(try render("{{ steps.fetch-the-build.stdout }}") == "built")
        #expect(try render("{{ steps['fetch-the-build'].stdout }}") == "built")
        #expect(try render("{{ steps.a.exit - 1 }}|{{ steps.a.exit-1 }}") == "2|2")
        let references = try Template(TemplateSource("{{ steps.fetch-the-build.stdout }}", named: "t")).references
        #expect(references.map(\.path) == [["steps", "fetch-the-build", "stdout"]])
    }
}
