import Foundation
import Testing
@testable import TestSupport

/// A batch in which every host failed stops the run when more would follow, with no rule set in the
/// play (as ansible-playbook does), and reports it as a gate decision; a batch with a survivor goes on.
@Suite struct WholeBatchFailureTests {
    @Test func aFailedCanaryStopsTheRestWithoutAnyRuleSet() throws {
        let fleet = try TestFleet.shared()
        let scratch = try RunScratch()
        let playbook = try scratch.write("canary.yml", """
            pbrun: 1
            plays:
              - hosts: h0000,h0001,h0002
                serial: [1, "100%"]
                steps:
                  - name: deploy
                    run: '[ "{{ inventory_hostname }}" != h0000 ] || exit 1'
              - hosts: h0003
                steps:
                  - name: later play
                    run: echo later
            """)
        let result = try fleet.run(playbook, ["--output-dir", scratch.path("out"), "--report",
                                              "json=\(scratch.path("report.json"))"])
        #expect(result.status == 2, "stdout: \(result.stdout)")
        #expect(scratch.exists("out/h0000/01-play 1/01-deploy.stdout"))
        for host in ["h0001", "h0002"] { #expect(!scratch.exists("out/\(host)/01-play 1/01-deploy.stdout")) }
        #expect(!scratch.exists("out/h0003/02-play 2/01-later-play.stdout"), "the later play must not run")
        #expect(result.stdout.contains("every host failed in play"), "stdout: \(result.stdout)")
        let gates = try #require(try scratch.report()["gates"] as? [[String: Any]])
        #expect(gates.count == 1)
        #expect(gates.first?["rule"] as? String == "whole_batch_failed")
        #expect(gates.first?["batch"] as? Int == 1)
    }

    @Test func aBatchWithASurvivorGoesOn() throws {
        let fleet = try TestFleet.shared()
        let scratch = try RunScratch()
        let playbook = try scratch.write("survivor.yml", """
            pbrun: 1
            hosts: h0000,h0001,h0002,h0003
            serial: 2
            steps:
              - name: deploy
                run: '[ "{{ inventory_hostname }}" != h0000 ] || exit 1'
            """)
        let result = try fleet.run(playbook, ["--output-dir", scratch.path("out"), "--report",
                                              "json=\(scratch.path("report.json"))"])
        #expect(result.status == 2)
        for host in ["h0001", "h0002", "h0003"] {
            #expect(scratch.read("out/\(host)/01-deploy.stdout") == "", "\(host) must have run")
        }
        #expect((try scratch.report()["gates"] as? [Any])?.isEmpty == true)
    }

    @Test func theLastBatchFailingWhollyStopsNothingAndAddsNoDecision() throws {
        let fleet = try TestFleet.shared()
        let scratch = try RunScratch()
        let playbook = try scratch.write("last.yml", """
            pbrun: 1
            hosts: h0000,h0001
            steps:
              - {name: fail, run: exit 1}
            """)
        let result = try fleet.run(playbook, ["--report", "json=\(scratch.path("report.json"))"])
        #expect(result.status == 2)
        #expect((try scratch.report()["gates"] as? [Any])?.isEmpty == true)
    }

    @Test func aHostThatFailedInAnEarlierPlayDoesNotCountAgainstALaterBatch() throws {
        let fleet = try TestFleet.shared()
        let scratch = try RunScratch()
        // h0001 fails play 1; play 2's first batch is h0001 alone: it runs nothing and must not stop h0002.
        let playbook = try scratch.write("earlier.yml", """
            pbrun: 1
            plays:
              - hosts: h0001,h0002
                steps:
                  - name: first
                    run: '[ "{{ inventory_hostname }}" != h0001 ] || exit 1'
              - hosts: h0001,h0002
                serial: 1
                max_fail_percentage: 0
                steps:
                  - name: second
                    run: echo second
            """)
        let result = try fleet.run(playbook, ["--output-dir", scratch.path("out"), "--report",
                                              "json=\(scratch.path("report.json"))"])
        #expect(result.status == 2, "stdout: \(result.stdout)")
        #expect(scratch.read("out/h0002/02-play 2/01-second.stdout") == "second\n")
        #expect((try scratch.report()["gates"] as? [Any])?.isEmpty == true)
    }
}
