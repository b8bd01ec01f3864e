import Testing
import Playbook

@Suite struct VariableReferenceTests {
    static func template(_ text: String) throws -> Template {
        try Template(TemplateSource(text, at: SourceLocation(file: "play.yml", line: 9, column: 12)))
    }

    static func condition(_ text: String) throws -> Condition {
        try Condition(TemplateSource(text, at: SourceLocation(file: "play.yml", line: 9, column: 12)))
    }

    /// Steps build → test → deploy, with `report` independent; `deploy` is being checked.
    static let check = StepReferenceCheck(stepIDs: ["build", "test", "deploy", "report"], canHaveRun: ["build", "test"],
                                          registeredBy: ["build_out": "build", "report_out": "report"],
                                          ownResultAvailable: false)

    @Test func referencesListPathsWithoutEvaluating() throws {
        let references = try Self.template("{{ a.b[0]['c'] }} {{ x[i].y }} {{ m | default(n) }} {{ z is defined }}")
            .references
        #expect(references.map(\.path) == [["a", "b", "0", "c"], ["x"], ["i"], ["m"], ["n"], ["z"]])
        #expect(references.map(\.isGuarded) == [false, false, false, true, false, true])
        #expect(references[0].offsets == [3, 5, 7, 10])
    }

    @Test func planTimeOrRunTime() throws {
        #expect(Self.check.timing(of: try Self.template("echo {{ host.name }} {{ version }}")) == .planTime)
        #expect(Self.check.timing(of: try Self.template("echo {{ steps.build.stdout }}")) == .runTime)
        #expect(Self.check.timing(of: try Self.template("echo {{ build_out.stdout }}")) == .runTime)
        #expect(Self.check.timing(of: try Self.condition("exit != 0")) == .runTime)
    }

    @Test func earlierStepsAreAccepted() throws {
        #expect(Self.check.diagnostics(for: try Self.template("{{ steps.build.stdout }} {{ steps['test'].exit }}")).isEmpty)
        #expect(Self.check.diagnostics(for: try Self.condition("build_out.changed")).isEmpty)
    }

    @Test func referencesThatCannotBeSatisfiedAreErrorsAtTheirPosition() throws {
        let template = try Self.template(
            "{{ steps.biuld.stdout }} {{ steps.report.exit }} {{ steps.test.stdot }} {{ report_out.stdout }} {{ result }}")
        #expect(Self.check.diagnostics(for: template).map(\.description) == [
            "play.yml:9:21: error: unknown step 'biuld' (did you mean 'build'?)",
            "play.yml:9:46: error: step 'report' cannot have run before this step (list it in 'needs')",
            "play.yml:9:75: error: a step result has no field 'stdot' (did you mean 'stdout'?)",
            "play.yml:9:87: error: 'report_out' is registered by step 'report', which cannot have run before this step "
                + "(list it in 'needs')",
            "play.yml:9:111: error: 'result' is this step's own result, which exists only in its until, failed_when and "
                + "changed_when conditions (use steps.ID.stdout for an earlier step)",
        ])
    }

    @Test func ownResultIsAllowedInOwnConditions() throws {
        let own = StepReferenceCheck(stepIDs: ["deploy"], canHaveRun: [], ownResultAvailable: true)
        #expect(own.diagnostics(for: try Self.condition("exit == 0 and 'ok' in stdout and not result.failed")).isEmpty)
    }
}
