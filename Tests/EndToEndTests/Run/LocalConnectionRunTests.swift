import Foundation
import Testing
@testable import TestSupport

/// Hosts with `ansible_connection: local`: their steps run on the controller, next to SSH hosts.
@Suite(.serialized) struct LocalConnectionRunTests {
    /// The fleet's inventory with `builder` (connection local) added in a group of its own.
    private func inventory(_ fleet: TestFleet, _ scratch: RunScratch, builderVars: String) throws -> String {
        let fleetText = try String(contentsOf: fleet.inventory, encoding: .utf8)
        let text = fleetText.replacingOccurrences(
            of: "  children:\n",
            with: "  children:\n    controller:\n      hosts:\n        builder:\n\(builderVars)", options: [], range: nil)
        return try scratch.write("inventory.yml", text)
    }

    private func run(_ fleet: TestFleet, _ playbook: String, inventory: String, _ arguments: [String]) throws
        -> ProcessResult {
        try PbrunBinary.run(["run", playbook, "-i", inventory, "--color", "never"] + arguments)
    }

    @Test func aLocalHostRunsItsStepsOnTheControllerBesideAFleetPlay() throws {
        let fleet = try TestFleet.shared()
        let scratch = try RunScratch()
        let inventory = try inventory(fleet, scratch, builderVars: "          ansible_connection: local\n")
        let marker = scratch.path("built-by-builder")
        let playbook = try scratch.write("mixed.yml", """
            pbrun: 1
            plays:
              - hosts: builder
                steps:
                  - name: build
                    run: echo {{ inventory_hostname }} > \(marker) && echo built
              - hosts: h0000
                steps:
                  - name: deploy
                    run: echo deployed
            """)
        let result = try run(fleet, playbook, inventory: inventory,
                             ["--output-dir", scratch.path("out"), "--report", "json=\(scratch.path("report.json"))"])
        #expect(result.status == 0, "stdout: \(result.stdout) stderr: \(result.stderr)")
        #expect(scratch.read("built-by-builder") == "builder\n")
        #expect(scratch.read("out/builder/01-play 1/01-build.stdout") == "built\n")
        #expect(scratch.read("out/h0000/02-play 2/01-deploy.stdout") == "deployed\n")
        let plays = try #require(try scratch.report()["plays"] as? [[String: Any]])
        let statuses = plays.flatMap { $0["results"] as? [[String: Any]] ?? [] }
            .map { "\($0["host"] as? String ?? "?") \($0["status"] as? String ?? "?")" }
        #expect(statuses == ["builder changed", "h0000 changed"])
    }

    @Test func planShowsALocalHostAsLocal() throws {
        let fleet = try TestFleet.shared()
        let scratch = try RunScratch()
        let inventory = try inventory(fleet, scratch, builderVars: "          ansible_connection: local\n")
        let playbook = try scratch.write("plan.yml", """
            pbrun: 1
            hosts: builder,h0000
            steps:
              - name: build
                run: echo built
            """)
        let result = try PbrunBinary.run(["plan", playbook, "-i", inventory])
        #expect(result.status == 0, "stdout: \(result.stdout) stderr: \(result.stderr)")
        #expect(result.stdout.contains("builder (local)"), "stdout: \(result.stdout)")
        #expect(!result.stdout.contains("builder (builder:"), "stdout: \(result.stdout)")
    }

    @Test func checkModeDoesNotConnectToALocalHost() throws {
        let fleet = try TestFleet.shared()
        let scratch = try RunScratch()
        let inventory = try inventory(fleet, scratch, builderVars: "          ansible_connection: local\n")
        let playbook = try scratch.write("check.yml", """
            pbrun: 1
            hosts: builder,h0000
            steps:
              - name: build
                run: echo built
            """)
        let result = try run(fleet, playbook, inventory: inventory, ["--check"])
        #expect(result.status == 0, "stdout: \(result.stdout) stderr: \(result.stderr)")
        #expect(result.stdout.contains("builder | 01-build | changed"), "stdout: \(result.stdout)")
        #expect(!result.stdout.contains("unreachable=1"), "stdout: \(result.stdout)")
    }

    @Test func fileActionsAndBecomeOnALocalHostFailNamingHostAndStep() throws {
        let fleet = try TestFleet.shared()
        let scratch = try RunScratch()
        let inventory = try inventory(fleet, scratch, builderVars: "          ansible_connection: local\n")
        try scratch.write("files/a.txt", "a\n")
        let playbook = try scratch.write("refused.yml", """
            pbrun: 1
            hosts: builder
            steps:
              - name: put
                upload: {src: files/a.txt, dest: \(scratch.path("copied.txt"))}
                ignore_errors: true
              - name: root
                run: id -u
                become: true
            """)
        let result = try run(fleet, playbook, inventory: inventory, ["--output-dir", scratch.path("out")])
        #expect(result.status != 0)
        #expect(!scratch.exists("copied.txt"))
        #expect(result.stdout.contains("step 'put' cannot run on 'builder' (ansible_connection: local): "
                                       + "upload/template needs an SSH connection"), "stdout: \(result.stdout)")
        #expect(result.stdout.contains("become needs an SSH connection"), "stdout: \(result.stdout)")
    }

    @Test func anUnknownConnectionIsAnErrorNamingTheHost() throws {
        let fleet = try TestFleet.shared()
        let scratch = try RunScratch()
        let inventory = try inventory(fleet, scratch, builderVars: "          ansible_connection: winrm\n")
        let playbook = try scratch.write("winrm.yml", """
            pbrun: 1
            hosts: builder
            steps:
              - name: build
                run: echo built
            """)
        let result = try run(fleet, playbook, inventory: inventory, [])
        #expect(result.status == 4, "stdout: \(result.stdout) stderr: \(result.stderr)")
        #expect(result.stderr.contains("host 'builder': ansible_connection 'winrm' is not supported"),
                "stderr: \(result.stderr)")
    }
}
