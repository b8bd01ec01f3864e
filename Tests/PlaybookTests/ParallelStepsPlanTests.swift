import Foundation
import Playbook
import Testing

/// `parallel_steps`: decoded with its range checked, carried into the plan, and every planned step
/// knows which selected steps it waits for (through steps a tag left out, too).
@Suite struct ParallelStepsPlanTests {
    private static let playbook = """
        name: collect
        hosts: all
        parallel_steps: 3
        steps:
          - {id: disk, run: df -h, needs: [], tags: [probe]}
          - {id: mem, run: free -m, needs: [], tags: [probe]}
          - {id: middle, run: "true", needs: [disk]}
          - {id: report, run: echo done, needs: [middle, mem], tags: [probe]}
        """

    private func plan(_ text: String, selection: StepSelection = StepSelection()) throws -> ExecutionPlan {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pbrun-parallel-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let playbookPath = folder.appendingPathComponent("play.yml").path
        let inventoryPath = folder.appendingPathComponent("hosts.ini").path
        try ("pbrun: 1\n" + text).write(toFile: playbookPath, atomically: true, encoding: .utf8)
        try "web1\nweb2\n".write(toFile: inventoryPath, atomically: true, encoding: .utf8)
        return try Planner.plan(PlanRequest(
            playbook: try PlaybookLoader.load(contentsOf: playbookPath),
            inventory: try Inventory.load(sources: [inventoryPath]), selection: selection,
            connectionDefaults: ConnectionDefaults(sshConfigPath: "none")))
    }

    @Test func theCountAndEachStepsWaitsReachThePlan() throws {
        let play = try #require(try plan(Self.playbook).plays.first)
        #expect(play.parallelSteps == 3)
        #expect(play.steps.map(\.id) == ["disk", "mem", "middle", "report"])
        #expect(play.steps.map(\.waitsFor) == [[], [], [1], [1, 2, 3]])
    }

    @Test func aStepLeftOutByATagStillOrdersTheRest() throws {
        let play = try #require(try plan(Self.playbook, selection: StepSelection(tags: ["probe"])).plays.first)
        #expect(play.steps.map(\.id) == ["disk", "mem", "report"])
        // report needed middle, which needed disk: it still waits for disk.
        #expect(play.steps.map(\.waitsFor) == [[], [], [1, 2]])
    }

    @Test func withoutTheKeyAPlayRunsOneStepAtATime() throws {
        let play = try #require(try plan("hosts: all\nsteps:\n  - run: a\n  - run: b\n").plays.first)
        #expect(play.parallelSteps == 1)
        #expect(play.steps.map(\.waitsFor) == [[], [1]])
    }

    @Test func aCountBelowOneIsAnErrorAtItsPosition() throws {
        do {
            _ = try plan("hosts: all\nparallel_steps: 0\nsteps:\n  - run: a\n")
            Issue.record("a plan was made")
        } catch let error as DiagnosticList {
            let text = error.diagnostics.map(\.description).joined(separator: "\n")
            #expect(text.contains("/play.yml:3:17: error: 'parallel_steps' must be at least 1, found 0"), "\(text)")
        }
    }
}
