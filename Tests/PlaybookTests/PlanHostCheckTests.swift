import Foundation
import Playbook
import Testing
@testable import TestSupport

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

/// Plan-time checks whose message must say what really happens.
@Suite struct PlanMessageTests {
    @Test func anUploadOfADeviceIsAnErrorWhenLoading() throws {
        let scratch = try PlanScratch()
        defer { scratch.remove() }
        try scratch.write("playbook.yml", "pbrun: 1\nhosts: all\nsteps:\n  - upload: {src: /dev/zero, dest: /tmp/z}\n")
        let check = PlaybookLoader.check(contentsOf: scratch.folder + "/playbook.yml")
        #expect(check.diagnostics.map { $0.description.replacingOccurrences(of: scratch.folder + "/", with: "") }
            == ["playbook.yml:4:19: error: cannot read local file '/dev/zero': not a regular file (/dev/zero)"])
    }

    @Test func aTemplateFileThatCannotRenderIsAPlanError() throws {
        let scratch = try PlanScratch()
        defer { scratch.remove() }
        try scratch.write("inventory.ini", "web1\n")
        try scratch.write("app.conf.j2", "port={{ nope }}\n")
        try scratch.write("playbook.yml", "pbrun: 1\nhosts: all\nsteps:\n  - template: {src: app.conf.j2, dest: /tmp/a}\n")
        #expect(scratch.planErrors() == [
            "\(scratch.folder)/app.conf.j2:1:9: error: undefined variable 'nope' (on host web1)",
        ])
    }

    @Test func hostvarsReadWholeIsEveryHostsVariables() throws {
        let scratch = try PlanScratch()
        defer { scratch.remove() }
        try scratch.write("inventory.ini", "web1\nweb2\n")
        try scratch.write("playbook.yml", "pbrun: 1\nhosts: all\nsteps:\n  - id: count\n    run: echo {{ hostvars | length }}\n")
        #expect(try scratch.plan().command("count", on: "web1") == "echo 2")
    }

    @Test func anUndefinedNameIsNeverSuggestedAsItself() throws {
        var scope = VariableScope()
        scope.setBuiltins(BuiltinFacts(hostName: "h", hostAddress: "h", hostGroups: [], playName: nil,
                                       shared: BuiltinFacts.Shared(groups: [], runID: "r", runStarted: Date())))
        #expect(throws: Diagnostic(.error, at: SourceLocation(file: "t", line: 1, column: 4),
                                   "undefined variable 'hostvars'")) {
            try Template(TemplateSource("{{ hostvars | length }}", named: "t")).render(in: scope)
        }
    }
}

/// Work that must not grow faster than its input, bounded by counting, not by timing.
@Suite struct PlanWorkBoundTests {
    /// Counts the lookups an evaluation makes in a real scope.
    private final class CountingLookup: VariableLookup, @unchecked Sendable {
        // Used by one test on one thread only.
        let scope: VariableScope
        var lookups = 0
        init(_ scope: VariableScope) { self.scope = scope }
        func binding(of name: String) -> VariableBinding? {
            lookups += 1
            return scope.binding(of: name)
        }
        func bindings(of name: String) -> [VariableBinding] {
            lookups += 1
            return scope.bindings(of: name)
        }
        var definedNames: [String] { scope.definedNames }
        func hostVariables(of host: String) -> Value? { scope.hostVariables(of: host) }
        var hostNames: [String] { scope.hostNames }
    }

    @Test func aVariableNamedTwiceAtEveryLevelIsExpandedOncePerLevel() throws {
        let levels = 20
        var values = Value.OrderedMap()
        values["v0"] = .string("x")
        for level in 1...levels { values["v\(level)"] = .string("{{ v\(level - 1) }}{{ v\(level - 1) }}") }
        let layer = VariableLayer(.play, name: "play", values: values, file: "p.yml")
        let lookup = CountingLookup(VariableScope(layers: [layer]))
        let rendered = try Template(TemplateSource("{{ v\(levels) | length }}", named: "t")).render(in: lookup)
        #expect(rendered == "\(1 << levels)")
        #expect(lookup.lookups <= 4 * levels)
    }

    @Test func ancestorsOfAChainAndADiamond() {
        let chain = StepGraph(dependencies: [[], [0], [1], [2]], notifications: [], handlerNotifications: [],
                              order: [0, 1, 2, 3], ids: ["a", "b", "c", "d"])
        #expect(chain.ancestors == [[], [0], [0, 1], [0, 1, 2]])
        let diamond = StepGraph(dependencies: [[], [0], [0], [1, 2]], notifications: [], handlerNotifications: [],
                                order: [0, 1, 2, 3], ids: ["a", "b", "c", "d"])
        #expect(diamond.ancestors == [[], [0], [0], [0, 1, 2]])
    }
}
