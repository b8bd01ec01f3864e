import Foundation
import Testing
@testable import TestSupport

/// Ansible's implicit localhost through every command: a pattern naming `localhost` that the
/// fleet's inventory lacks is the controller, so its commands run here, with pbrun's own
/// environment (an SSH command would not see `PBRUN_TEST_MARK`), beside the SSH hosts of the fleet.
@Suite struct ImplicitLocalhostRunTests {
    private func pbrun(_ arguments: [String], mark: String = "") throws -> ProcessResult {
        var environment = ProcessInfo.processInfo.environment
        environment["PBRUN_TEST_MARK"] = mark
        return try PbrunBinary.run(arguments, environment: environment)
    }

    @Test func execOnLocalhostRunsTheCommandHereBesideAnSSHHost() throws {
        let fleet = try TestFleet.shared()
        let exec = try pbrun(["exec", "-i", fleet.inventory.path, "localhost,h0000", "--known-hosts", fleet.knownHosts.path,
                              "--", "echo \"mark=$PBRUN_TEST_MARK\""], mark: "controller")
        #expect(exec.status == 0, "\(exec.stderr)")
        #expect(exec.stdout.contains("localhost: mark=controller\n"), "\(exec.stdout)")
        #expect(exec.stdout.contains("h0000: mark=\n"), "\(exec.stdout)")
    }

    @Test func aPlayOnLocalhostMixesTemplatesWhenHandlersAndReportsWithAFleetPlay() throws {
        let fleet = try TestFleet.shared()
        let scratch = try RunScratch()
        let built = scratch.path("built.txt")
        let playbook = try scratch.write("release.yml", """
            pbrun: 1
            vars:
              version: "1.4.{{ 1 + 1 }}"
            plays:
              - name: build on the controller
                hosts: localhost
                steps:
                  - name: build
                    run: echo "{{ version }} on {{ inventory_hostname }} mark=$PBRUN_TEST_MARK" > \(built)
                    notify: announce
                  - name: skipped elsewhere
                    when: inventory_hostname != 'localhost'
                    run: echo never > \(scratch.path("never"))
                handlers:
                  - name: announce
                    run: echo announced {{ version }}
              - name: deploy
                hosts: h0000,h0001
                serial: 1
                steps:
                  - name: deploy
                    run: echo deployed {{ version }}
            """)
        let run = try pbrun(["run", playbook, "-i", fleet.inventory.path, "--known-hosts", fleet.knownHosts.path,
                             "--color", "never", "--report", "json=\(scratch.path("report.json"))",
                             "--report", "junit=\(scratch.path("junit.xml"))"], mark: "controller")
        #expect(run.status == 0, "stdout: \(run.stdout) stderr: \(run.stderr)")
        #expect(scratch.read("built.txt") == "1.4.2 on localhost mark=controller\n")
        #expect(!FileManager.default.fileExists(atPath: scratch.path("never")))
        let plays = try #require(try scratch.report()["plays"] as? [[String: Any]])
        let statuses = plays.flatMap { $0["results"] as? [[String: Any]] ?? [] }
            .map { "\($0["host"] as? String ?? "?") \(($0["step"] as? [String: Any])?["name"] as? String ?? "?") \($0["status"] as? String ?? "?")" }
        #expect(statuses.contains("localhost announce changed"), "\(statuses)")
        #expect(statuses.contains("localhost skipped elsewhere skipped"), "\(statuses)")
        #expect(statuses.filter { $0.hasSuffix("deploy changed") }.count == 2, "\(statuses)")
        let junit = try String(contentsOfFile: scratch.path("junit.xml"), encoding: .utf8)
        #expect(junit.contains("localhost"), "\(junit)")

        // A dry run does not run the local command either, and says so.
        try? FileManager.default.removeItem(atPath: built)
        let check = try pbrun(["run", playbook, "-i", fleet.inventory.path, "--known-hosts", fleet.knownHosts.path,
                               "--color", "never", "--check"])
        #expect(check.status == 0, "stdout: \(check.stdout) stderr: \(check.stderr)")
        #expect(!FileManager.default.fileExists(atPath: built))
    }

    @Test func hostsShowsTheImplicitLocalhostsVariablesAndConnection() throws {
        let fleet = try TestFleet.shared()
        let host = try pbrun(["hosts", "-i", fleet.inventory.path, "--host", "localhost"])
        #expect(host.status == 0, "\(host.stderr)")
        #expect(host.stdout.contains("\"ansible_connection\": \"local\""), "\(host.stdout)")
        let connection = try pbrun(["hosts", "-i", fleet.inventory.path, "--connection", "localhost"])
        #expect(connection.status == 0, "\(connection.stderr)")
        #expect(connection.stdout.hasPrefix("localhost\n  connection        local (commands run on this machine, no SSH)"),
                "\(connection.stdout)")
        #expect(connection.stdout.contains("implicit localhost"), "\(connection.stdout)")
        // `all` never picks it.
        let all = try pbrun(["hosts", "-i", fleet.inventory.path, "all"])
        #expect(!all.stdout.split(separator: "\n").contains("localhost"), "\(all.stdout)")
    }
}
