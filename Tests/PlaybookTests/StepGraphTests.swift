import Testing
import Playbook

/// The step graph: implicit file order, `needs`, deterministic order, waves, independence and
/// cycles.
@Suite struct StepGraphTests {
    /// A step with the given id and `needs` (nil: the step before it).
    private func step(_ index: Int, _ id: String, needs: [String]? = nil, notify: [String] = []) -> Step {
        let location = SourceLocation(file: "g.yml", line: index * 3 + 4, column: 5)
        return Step(id: Located(id, at: location), name: Located(id, at: location), location: location, index: index,
                    action: .run(Located("true", at: location)),
                    needs: needs.map { $0.map { Located($0, at: SourceLocation(file: "g.yml", line: index * 3 + 5, column: 13)) } },
                    notify: notify.map { Located($0, at: location) })
    }

    private func graph(_ steps: [Step], handlers: [Step] = []) -> (StepGraph, [String]) {
        let (graph, diagnostics) = StepGraph.build(steps: steps, handlers: handlers)
        return (graph, diagnostics.map(\.description))
    }

    @Test func withoutNeedsStepsRunInFileOrder() {
        let (graph, errors) = graph([step(0, "a"), step(1, "b"), step(2, "c")])
        #expect(errors.isEmpty)
        #expect(graph.dependencies == [[], [0], [1]])
        #expect(graph.order == [0, 1, 2])
        #expect(graph.waves == [[0], [1], [2]])
        #expect(!graph.areIndependent(0, 2))
        #expect(graph.dependsOn(2, 0))
    }

    @Test func needsReplacesTheImplicitPredecessor() {
        let (graph, errors) = graph([step(0, "a"), step(1, "b", needs: []), step(2, "c", needs: ["a", "b"]),
                                     step(3, "d")])
        #expect(errors.isEmpty)
        #expect(graph.dependencies == [[], [], [0, 1], [2]])
        #expect(graph.order == [0, 1, 2, 3])
        #expect(graph.waves == [[0, 1], [2], [3]])
        #expect(graph.areIndependent(0, 1))
        #expect(!graph.areIndependent(1, 3))
        #expect(graph.dependents(of: 0) == [2])
    }

    @Test func forwardNeedsReorderDeterministically() {
        let steps = [step(0, "a", needs: ["c"]), step(1, "b", needs: []), step(2, "c", needs: [])]
        let (graph, errors) = graph(steps)
        #expect(errors.isEmpty)
        #expect(graph.order == [1, 2, 0])
        for _ in 0..<5 { #expect(StepGraph.build(steps: steps, handlers: []).graph.order == [1, 2, 0]) }
    }

    @Test func selfDependencyAndUnknownNames() {
        let (_, errors) = graph([step(0, "build", needs: ["build"]), step(1, "test", needs: ["biuld", "deploy"])])
        #expect(errors == ["g.yml:5:13: error: step 'build' needs itself",
                           "g.yml:8:13: error: step 'test' needs 'biuld', which is not a step of this play (did you mean 'build'?)",
                           "g.yml:8:13: error: step 'test' needs 'deploy', which is not a step of this play"])
    }

    @Test func aCycleIsReportedOnceWithEveryMember() {
        let (graph, errors) = graph([step(0, "x"), step(1, "a", needs: ["b"]), step(2, "b", needs: ["a"]),
                                     step(3, "after", needs: ["b"])])
        #expect(errors == ["g.yml:7:5: error: dependency cycle: 'a' → 'b' → 'a'",
                           "g.yml:8:13: note: 'a' needs 'b' here",
                           "g.yml:11:13: note: 'b' needs 'a' here"])
        #expect(graph.order == [0])
    }

    @Test func twoSeparateCyclesAreBothReported() {
        let (_, errors) = graph([step(0, "a", needs: ["b"]), step(1, "b", needs: ["a"]),
                                 step(2, "c", needs: ["d"]), step(3, "d", needs: ["c"])])
        #expect(errors.filter { $0.contains("error:") } == ["g.yml:4:5: error: dependency cycle: 'a' → 'b' → 'a'",
                                                           "g.yml:10:5: error: dependency cycle: 'c' → 'd' → 'c'"])
    }

    @Test func notifyResolvesAgainstHandlers() {
        let handlers = [step(0, "restart"), step(1, "reload")]
        let (graph, errors) = graph([step(0, "conf", notify: ["reload", "restart"])], handlers: handlers)
        #expect(errors.isEmpty)
        #expect(graph.notifications == [[1, 0]])
    }

    @Test func aLargeChainOrdersInLinearTime() {
        let steps = (0..<5000).map { step($0, "s\($0)") }
        let (graph, errors) = graph(steps)
        #expect(errors.isEmpty)
        #expect(graph.order == Array(0..<5000))
    }
}
