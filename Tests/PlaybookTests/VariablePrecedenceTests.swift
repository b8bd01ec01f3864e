import Foundation
import Testing
import Playbook

@Suite struct VariablePrecedenceTests {
    /// A layer at `level` that sets `winner` to the level's label and `only_<level>` to true.
    static func layer(_ level: VariablePrecedence, setsWinner: Bool = true) -> VariableLayer {
        var values = Value.OrderedMap([("only_\(level.rawValue)", .bool(true))])
        if setsWinner { values["winner"] = .string(level.label) }
        return VariableLayer(level, name: level.label, values: values, file: "\(level.rawValue).yml")
    }

    /// Every level defines `winner`, but only up to `top`; layers are added highest first to show
    /// that precedence, not insertion order, decides.
    static func winner(upTo top: VariablePrecedence) throws -> String {
        var scope = VariableScope()
        for level in VariablePrecedence.allCases.reversed() { scope.add(layer(level, setsWinner: level <= top)) }
        return try Template(TemplateSource("{{ winner }}", named: "test")).render(in: scope)
    }

    @Test func inventoryAllIsTheLowest() throws {
        #expect(try Self.winner(upTo: .inventoryAll) == "inventory all")
    }

    @Test func groupVarsOverrideAll() throws {
        #expect(try Self.winner(upTo: .inventoryGroup) == "inventory group")
    }

    @Test func hostVarsOverrideGroupVars() throws {
        #expect(try Self.winner(upTo: .inventoryHost) == "inventory host")
    }

    @Test func playbookVarsOverrideHostVars() throws {
        #expect(try Self.winner(upTo: .playbook) == "playbook vars")
    }

    @Test func playVarsOverridePlaybookVars() throws {
        #expect(try Self.winner(upTo: .play) == "play vars")
    }

    @Test func stepVarsOverridePlayVars() throws {
        #expect(try Self.winner(upTo: .step) == "step vars")
    }

    @Test func registeredResultsOverrideStepVars() throws {
        var scope = VariableScope(layers: VariablePrecedence.allCases.filter { $0 < .registered }.map { Self.layer($0) })
        scope.add(VariableLayer(.step, name: "step", values: Value.OrderedMap([("probe", .string("from vars"))]),
                                file: "s.yml"))
        scope.register("probe", StepResult(exit: 0, stdout: "from the step\n"))
        #expect(try Template(TemplateSource("{{ probe.stdout | trim }}", named: "t")).render(in: scope)
            == "from the step")
        #expect(scope.origin(of: "probe")?.precedence == .registered)
    }

    @Test func extraVarsOverrideStepVars() throws {
        let scope = VariableScope(layers: [
            VariableLayer(.extra, name: "extra", values: Value.OrderedMap([("tier", .string("extra"))]), file: "e"),
            VariableLayer(.step, name: "step", values: Value.OrderedMap([("tier", .string("step"))]), file: "s"),
        ])
        #expect(try Template(TemplateSource("{{ tier }}", named: "t")).render(in: scope) == "extra")
        #expect(scope.origin(of: "tier")?.precedence == .extra)
    }

    @Test func aTemplateNamingItsOwnVariableReadsTheDefinitionBelow() throws {
        let scope = VariableScope(layers: [
            VariableLayer(.play, name: "play", values: Value.OrderedMap([("path", .string("/srv"))]), file: "p.yml"),
            VariableLayer(.step, name: "step", values: Value.OrderedMap([("path", .string("{{ path }}/app"))]),
                          file: "s.yml"),
            VariableLayer(.extra, name: "extra", values: Value.OrderedMap([("path", .string("{{ path }}/v2"))]),
                          file: "e.yml"),
        ])
        #expect(try Template(TemplateSource("{{ path }}", named: "t")).render(in: scope) == "/srv/app/v2")
    }

    @Test func extraVarsOverrideEverything() throws {
        #expect(try Self.winner(upTo: .extra) == "extra vars")
    }

    @Test func groupsRunParentBeforeChildThenByName() throws {
        let groups: [(name: String, depth: Int)] = [("web_eu", 2), ("zeta", 1), ("web", 1), ("app", 1)]
        let ordered = VariableScope.orderGroups(groups, depth: \.depth, name: \.name).map(\.name)
        #expect(ordered == ["app", "web", "zeta", "web_eu"])
        var scope = VariableScope()
        for group in ordered {
            scope.add(VariableLayer(.inventoryGroup, name: "group '\(group)'",
                                    values: Value.OrderedMap([("tier", .string(group))]), file: "\(group).yml"))
        }
        #expect(scope.binding(of: "tier")?.value == .string("web_eu"))
        #expect(scope.origin(of: "tier")?.name == "group 'web_eu'")
    }

    @Test func mapsAreReplacedWholeNotMerged() throws {
        let low = VariableLayer(.play, name: "play", values: Value.OrderedMap([
            ("db", .map(Value.OrderedMap([("host", .string("a")), ("port", .int(1))]))),
        ]), file: "p.yml")
        let high = VariableLayer(.extra, name: "extra", values: Value.OrderedMap([
            ("db", .map(Value.OrderedMap([("host", .string("b"))]))),
        ]), file: "e.yml")
        let scope = VariableScope(layers: [low, high])
        #expect(try Template(TemplateSource("{{ db.port | default('gone') }}", named: "t")).render(in: scope) == "gone")
    }

    @Test func mergedShowsEachWinningValue() {
        let scope = VariableScope(layers: [
            VariableLayer(.inventoryAll, name: "all", values: Value.OrderedMap([("a", .int(1)), ("b", .int(1))]),
                          file: "i"),
            VariableLayer(.play, name: "play", values: Value.OrderedMap([("b", .int(2)), ("c", .int(2))]), file: "p"),
        ])
        #expect(scope.merged() == Value.OrderedMap([("a", .int(1)), ("b", .int(2)), ("c", .int(2))]))
    }

    @Test func builtinsAreDefinedAndCannotBeOverridden() throws {
        var scope = VariableScope(layers: [
            VariableLayer(.extra, name: "extra", values: Value.OrderedMap([("inventory_hostname", .string("fake"))]),
                          file: "e"),
        ])
        scope.setBuiltins(BuiltinFacts(
            hostName: "web1", hostAddress: "127.0.0.2", hostGroups: ["web", "eu"],
            groups: [("all", ["web1", "db1"]), ("web", ["web1"]), ("eu", ["web1", "db1"])],
            playName: "Deploy", runID: "r-42", runStarted: Date(timeIntervalSince1970: 1_700_000_000)))
        let template = "{{ host.name }} {{ host.address }} {{ host.groups | join(',') }} {{ play.name }} {{ run.id }} "
            + "{{ run.started }} {{ inventory_hostname }} {{ group_names }} {{ groups.eu | join(',') }}"
        #expect(try Template(TemplateSource(template, named: "t")).render(in: scope)
            == #"web1 127.0.0.2 web,eu Deploy r-42 2023-11-14T22:13:20Z web1 ["web","eu"] web1,db1"#)
    }

    @Test func hostvarsReadOtherHostsLazily() throws {
        var scope = VariableScope()
        scope.setHostVariables(hosts: ["web1", "db1"]) { host in
            host == "db1" ? .map(Value.OrderedMap([("port", .int(5432))])) : nil
        }
        #expect(try Template(TemplateSource("{{ hostvars['db1'].port }} {{ hostvars.db1.port }}", named: "t"))
            .render(in: scope) == "5432 5432")
        #expect(throws: Diagnostic(.error, at: SourceLocation(file: "t", line: 1, column: 13),
                                   "no host 'db2' in hostvars (did you mean 'db1'?)")) {
            try Template(TemplateSource("{{ hostvars['db2'].port }}", named: "t")).render(in: scope)
        }
    }
}
