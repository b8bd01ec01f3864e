import Foundation
import Testing
@testable import TestSupport

/// `parallel_steps` against the real fleet: independent steps of one host overlap on channels of its
/// one session, dependent ones wait, `linear` keeps a barrier between waves, and a failure stops the
/// host's next steps while its running siblings finish. Order is read from the event stream.
@Suite struct ParallelStepsRunTests {
    /// One line of `--events`, reduced to what these tests look at.
    private struct Event {
        let type: String
        let host: String
        let step: String
    }

    private func events(_ scratch: RunScratch) throws -> [Event] {
        let text = try #require(scratch.read("events.jsonl"))
        return try text.split(separator: "\n").compactMap { line in
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            guard let type = object["type"] as? String, type == "step_started" || type == "step_finished",
                  let host = object["host"] as? String, let step = object["step"] as? [String: Any],
                  let id = step["id"] as? String else { return nil }
            return Event(type: type, host: host, step: id)
        }
    }

    private func index(_ events: [Event], _ type: String, _ host: String, _ step: String) throws -> Int {
        try #require(events.firstIndex { $0.type == type && $0.host == host && $0.step == step },
                     "no \(type) of \(step) on \(host)")
    }

    @Test func independentStepsOverlapOnOneSessionAndDependentsWait() throws {
        let fleet = try TestFleet.start(hosts: 2)
        defer { try? fleet.stop() }
        let scratch = try RunScratch()
        let playbook = try scratch.write("free.yml", """
            pbrun: 1
            hosts: all
            strategy: free
            parallel_steps: 3
            steps:
              - {id: a, run: "sleep 1; echo a", needs: []}
              - {id: b, run: "sleep 1; echo b", needs: []}
              - {id: c, run: "sleep 1; echo c >&2", needs: []}
              - {id: after, run: echo after, needs: [a, b, c]}
            """)
        let result = try fleet.run(playbook, ["--output-dir", scratch.path("out"), "--events",
                                              scratch.path("events.jsonl")])
        #expect(result.status == 0, "stdout: \(result.stdout) stderr: \(result.stderr)")
        let events = try events(scratch)
        for host in ["h0000", "h0001"] {
            let firstEnd = try ["a", "b", "c"].map { try index(events, "step_finished", host, $0) }.min() ?? 0
            for step in ["a", "b", "c"] {
                #expect(try index(events, "step_started", host, step) < firstEnd, "\(step) did not overlap on \(host)")
            }
            let lastEnd = try ["a", "b", "c"].map { try index(events, "step_finished", host, $0) }.max() ?? 0
            #expect(try index(events, "step_started", host, "after") > lastEnd)
            #expect(scratch.read("out/\(host)/01-a.stdout") == "a\n")
            #expect(scratch.read("out/\(host)/02-b.stdout") == "b\n")
            #expect(scratch.read("out/\(host)/03-c.stderr") == "c\n")
            #expect(scratch.read("out/\(host)/04-after.stdout") == "after\n")
        }
        let log = try String(contentsOf: fleet.directory.appendingPathComponent("log/sshd_0.log"), encoding: .utf8)
        #expect(log.components(separatedBy: "Accepted publickey").count - 1 == 2, "one login per host")
    }

    @Test func linearKeepsABarrierBetweenWaves() throws {
        let fleet = try TestFleet.shared()
        let scratch = try RunScratch()
        // h0001's first wave is slower: no host may start wave 2 before it finished wave 1.
        let playbook = try scratch.write("linear.yml", """
            pbrun: 1
            hosts: h0000,h0001
            parallel_steps: 2
            steps:
              - {id: one, run: '[ "{{ inventory_hostname }}" = h0000 ] || sleep 1', needs: []}
              - {id: two, run: "true", needs: []}
              - {id: three, run: "true", needs: [one]}
            """)
        let result = try fleet.run(playbook, ["--events", scratch.path("events.jsonl")])
        #expect(result.status == 0, "stdout: \(result.stdout) stderr: \(result.stderr)")
        let events = try events(scratch)
        let waveOneDone = try ["h0000", "h0001"].flatMap { host in
            try ["one", "two"].map { try index(events, "step_finished", host, $0) }
        }.max() ?? 0
        for host in ["h0000", "h0001"] {
            #expect(try index(events, "step_started", host, "three") > waveOneDone)
            #expect(try index(events, "step_started", host, "two") < index(events, "step_finished", host, "one"))
        }
    }

    @Test func aFailureStartsNothingNewButLetsRunningSiblingsFinish() throws {
        let fleet = try TestFleet.shared()
        let scratch = try RunScratch()
        let playbook = try scratch.write("fail.yml", """
            pbrun: 1
            hosts: h0002
            strategy: free
            parallel_steps: 2
            steps:
              - {id: fails, run: exit 3, needs: []}
              - {id: slow, run: "sleep 1; echo finished", needs: []}
              - {id: later, run: echo later, needs: [fails]}
              - {id: other, run: echo other, needs: [slow]}
            """)
        let result = try fleet.run(playbook, ["--output-dir", scratch.path("out")])
        #expect(result.status == 2)
        #expect(scratch.read("out/h0002/02-slow.stdout") == "finished\n")
        #expect(!scratch.exists("out/h0002/03-later.stdout"))
        #expect(!scratch.exists("out/h0002/04-other.stdout"))
    }

    @Test func aRunOnceStepInAWaveRunsOnAHostStillIn() throws {
        let fleet = try TestFleet.shared()
        let scratch = try RunScratch()
        // h0003, the first host, fails in the wave; the run_once step must then run on h0004.
        let playbook = try scratch.write("once.yml", """
            pbrun: 1
            hosts: h0003,h0004
            parallel_steps: 2
            steps:
              - {id: fails, run: '[ "{{ inventory_hostname }}" != h0003 ] || exit 1', needs: []}
              - {id: slow, run: sleep 0.5, needs: []}
              - {id: once, run: echo once, run_once: true, needs: []}
            """)
        let result = try fleet.run(playbook, ["--output-dir", scratch.path("out")])
        #expect(result.status == 2)
        #expect(scratch.read("out/h0004/03-once.stdout") == "once\n", "stdout: \(result.stdout)")
        #expect(!scratch.exists("out/h0003/03-once.stdout"))
    }
}

