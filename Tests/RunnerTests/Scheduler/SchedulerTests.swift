import Foundation
import Playbook
import Report
import Runner
import Synchronization
import Testing
@testable import TestSupport

/// The scheduler against the real local fleet, with plans built directly (the planner's own tests
/// cover how playbooks become plans).
@Suite(.serialized) struct SchedulerTests {
    @Test func linearRunsEveryHostThroughStepOneBeforeStepTwo() async throws {
        let fleet = try TestFleet.shared()
        let hosts = ["h0000", "h0001", "h0002"]
        let commands = ["sleep 0.$(( $$ % 3 )); echo one", "echo two"]
        let (code, events) = try await run(fleet, testPlay(hosts: hosts, steps: 2), commands)
        #expect(code == 0)
        let finished = events.finishedSteps()
        #expect(finished.count == 6)
        // Every step-1 finish comes before any step-2 start.
        let lastStepOne = try #require(events.lastIndex { $0.isFinish(step: 1) })
        let firstStepTwo = try #require(events.firstIndex { $0.isStart(step: 2) })
        #expect(lastStepOne < firstStepTwo)
        #expect(finished.allSatisfy { $0.status == .changed })
    }

    @Test func failedHostLeavesThePlayAndTheRunExitsTwo() async throws {
        let fleet = try TestFleet.shared()
        let hosts = ["h0000", "h0001"]
        let commands = [failOnFirstHost(exit: 7), "echo second"]
        let (code, events) = try await run(fleet, testPlay(hosts: hosts, steps: 2), commands)
        #expect(code == 2)
        let finished = events.finishedSteps()
        #expect(finished.contains { $0.host == "h0000" && $0.position == 1 && $0.status == .failed && $0.exitCode == 7 })
        #expect(!finished.contains { $0.host == "h0000" && $0.position == 2 })
        #expect(finished.contains { $0.host == "h0001" && $0.position == 2 && $0.status == .changed })
    }

    @Test func canaryBatchFailureStopsTheRestByMaxFailPercentage() async throws {
        let fleet = try TestFleet.shared()
        let hosts = ["h0000", "h0001", "h0002", "h0003"]
        var play = testPlay(hosts: hosts, steps: 1)
        play.batches = SerialBatches.split(hosts, sizes: [.count(1), .percent(100)])
        play.gate = FailureGate(maxFailPercentage: 0)
        let (code, events) = try await run(fleet, play, [failOnFirstHost(exit: 1)])
        #expect(code == 2)
        #expect(events.finishedSteps().map(\.host) == ["h0000"])
        let gates = events.compactMap { event -> GateDecision? in
            if case .gateDecision(let decision) = event { return decision }
            return nil
        }
        #expect(gates.count == 1)
        #expect(gates.first?.rule == .maxFailPercentage)
        #expect(gates.first?.batch == 1)
    }

    @Test func oneSessionPerHostServesEveryStep() async throws {
        let fleet = try TestFleet.start(hosts: 2)
        defer { try? fleet.stop() }
        let play = testPlay(hosts: ["h0000", "h0001"], steps: 4)
        let (code, _) = try await run(fleet, play, ["true", "true", "true", "true"])
        #expect(code == 0)
        let log = try String(contentsOf: fleet.directory.appendingPathComponent("log/sshd_0.log"), encoding: .utf8)
        let logins = log.components(separatedBy: "Accepted publickey").count - 1
        #expect(logins == 2, "sshd logged \(logins) logins for 2 hosts × 4 steps")
    }

    @Test func unreachableHostExitsThreeAndOthersFinish() async throws {
        let fleet = try TestFleet.shared()
        var connections = fleetConnections(fleet, ["h0000"])
        connections["dead"] = HostConnection(name: "dead", address: "127.0.0.1", port: try TestFleet.freePort(),
                                             user: fleet.user, keyFiles: [fleet.key.path],
                                             knownHostsFile: fleet.knownHosts.path, connectTimeout: 3)
        let play = testPlay(hosts: ["h0000", "dead"], steps: 1)
        let (code, events) = try await run(fleet, play, ["echo ok"], connections: connections)
        #expect(code == 3)
        #expect(events.finishedSteps().contains { $0.host == "dead" && $0.status == .unreachable })
        #expect(events.finishedSteps().contains { $0.host == "h0000" && $0.status == .changed })
    }

    // MARK: - Helpers

    /// A command that exits `code` on the fleet's first host (127.0.0.2) and 0 elsewhere.
    private func failOnFirstHost(exit code: Int) -> String {
        "set -- $SSH_CONNECTION; [ \"$3\" != 127.0.0.2 ] || exit \(code)"
    }

    private func testPlay(hosts: [String], steps count: Int) -> PlannedPlay {
        let steps = (1...count).map { position in
            PlannedStep(position: position, id: "step-\(position)", name: "step \(position)", location: nil)
        }
        return PlannedPlay(position: 1, name: "test", location: nil, strategy: .linear, forks: nil,
                           gate: FailureGate(), batches: [hosts], steps: steps, handlers: [])
    }

    private func fleetConnections(_ fleet: TestFleet, _ hosts: [String]) -> [String: HostConnection] {
        Dictionary(uniqueKeysWithValues: hosts.map { host in
            let index = Int(host.dropFirst()) ?? 0
            return (host, HostConnection(name: host, address: fleet.address(index), port: fleet.port, user: fleet.user,
                                         keyFiles: [fleet.key.path], knownHostsFile: fleet.knownHosts.path))
        })
    }

    /// Runs `play`, whose step N runs `commands[N-1]` on every host.
    private func run(_ fleet: TestFleet, _ play: PlannedPlay, _ commands: [String],
                     connections: [String: HostConnection]? = nil) async throws -> (Int32, [RunEvent])
    {
        let recorder = RecordingReporter()
        let events = EventPipe(reporter: recorder)
        let hosts = play.batches.flatMap { $0 }
        let plan = ExecutionPlan(plays: [play], connections: connections ?? fleetConnections(fleet, hosts),
                                 preparer: ShellPreparer(commands: commands))
        let code = await Scheduler(plan: plan, options: RunOptions(), events: events).run().rawValue
        try await events.finish()
        return (code, recorder.events)
    }
}

/// Prepares step N as the N-th shell command on every host; judges by `ok_exit`.
private struct ShellPreparer: StepPreparer {
    let commands: [String]

    func prepare(play: Int, step: PlannedStep, host: String, registered: RegisteredResults) -> Preparation {
        .work(HostWork(action: .shell(commands[step.position - 1])))
    }

    func judge(play: Int, step: PlannedStep, host: String, result: AttemptResult,
               registered: RegisteredResults) -> Judgement {
        let failed = result.exitCode.map { !step.okExit.contains(Int($0)) } ?? true
        return Judgement(failed: failed, changed: true)
    }
}

/// Keeps every event, in order.
final class RecordingReporter: Reporter {
    private let recorded = Mutex<[RunEvent]>([])
    func handle(_ event: RunEvent) async { recorded.withLock { $0.append(event) } }
    func finish() async throws {}
    var events: [RunEvent] { recorded.withLock { $0 } }
}

struct FinishedStep {
    let host: String
    let position: Int
    let status: StepStatus
    let exitCode: Int32?
}

extension Array where Element == RunEvent {
    func finishedSteps() -> [FinishedStep] {
        compactMap { event in
            if case .stepFinished(let host, let step, let outcome) = event {
                return FinishedStep(host: host, position: step.position, status: outcome.status,
                                    exitCode: outcome.exitCode)
            }
            return nil
        }
    }
}

extension RunEvent {
    func isFinish(step position: Int) -> Bool {
        if case .stepFinished(_, let step, _) = self { return step.position == position }
        return false
    }

    func isStart(step position: Int) -> Bool {
        if case .stepStarted(_, let step, _) = self { return step.position == position }
        return false
    }
}

