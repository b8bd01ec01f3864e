import Foundation
import Testing
@testable import TestSupport

/// A three-hop `ProxyJump` chain and `ProxyCommand`s, end to end through the real binary, against
/// targets only reachable through the network namespace of a `JumpLab`.
@Suite(.serialized, .enabled(if: JumpLab.unavailableReason == nil, Comment(rawValue: JumpLab.unavailableReason ?? "")))
struct ProxyRouteTests {
    /// A two-step playbook that prints the address each target saw the connection come from.
    private func playbook(_ lab: JumpLab) throws -> URL {
        let url = lab.directory.appendingPathComponent("two-steps.yml")
        try """
            pbrun: 1
            hosts: targets
            steps:
              - name: first
                run: echo from $(echo $SSH_CONNECTION | cut -d' ' -f1) to $(echo $SSH_CONNECTION | cut -d' ' -f3)
              - name: second
                run: echo second
            """.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    private func checkOutputs(_ lab: JumpLab, _ output: String, from source: String,
                              sourceLocation: SourceLocation = #_sourceLocation) {
        for (index, address) in lab.targetAddresses.enumerated() {
            let first = try? String(contentsOfFile: "\(output)/t\(index + 1)/01-first.stdout", encoding: .utf8)
            let second = try? String(contentsOfFile: "\(output)/t\(index + 1)/02-second.stdout", encoding: .utf8)
            #expect(first == "from \(source) to \(address)\n", sourceLocation: sourceLocation)
            #expect(second == "second\n", sourceLocation: sourceLocation)
        }
    }

    @Test func aThreeHopChainLogsInOncePerHopPerRun() throws {
        let fleet = try TestFleet.shared()
        let lab = try JumpLab.start(fleet: fleet, chain: true)
        defer { lab.stop() }
        let user = fleet.user
        let chain = "\(user)@\(lab.jumpAddress):\(lab.jumpPort),\(user)@\(lab.chainHops[0]),\(user)@\(lab.chainHops[1])"
        let inventory = try lab.inventory(fleet: fleet, route: "-J \(chain)", name: "chain")

        let hosts = try PbrunBinary.run(["hosts", "--connection", "-i", inventory.path, "-F", "none", "t1"])
        #expect(hosts.stdout.contains("  jump              \(chain)"), "\(hosts.stdout)")

        let output = lab.directory.appendingPathComponent("out").path
        let run = try PbrunBinary.run(["run", try playbook(lab).path, "-i", inventory.path, "-F", "none",
                                                      "--color", "never", "-o", output])
        #expect(run.status == 0, "stdout: \(run.stdout)\nstderr: \(run.stderr)")
        // Each target sees the connection come from the namespace's own loopback (the last hop).
        checkOutputs(lab, output, from: "127.0.0.1")
        for hop in ["jump", "hop2", "hop3"] {
            #expect(lab.logins(hop, expected: 1) == 1, "\(hop): one login for all three targets and both steps")
        }
        #expect(lab.logins("targets", expected: 3) == 3, "one login per target")
    }

    @Test func aProxyCommandCarriesTheSessionAndEndsWithIt() throws {
        let fleet = try TestFleet.shared()
        let lab = try JumpLab.start(fleet: fleet)
        defer { lab.stop() }
        // OpenSSH's own client as the proxy, in the common `ssh -W %h:%p bastion` form; the marker
        // option tells its processes apart from any other ssh on the machine.
        let marker = "SetEnv=PBRUN_PROXY_TEST=\(UUID().uuidString)"
        let proxy = "ssh -F /dev/null -o BatchMode=yes -o \(marker) -o UserKnownHostsFile=\(lab.knownHosts.path) "
            + "-i \(fleet.key.path) -p \(lab.jumpPort) -W %h:%p \(fleet.user)@\(lab.jumpAddress)"
        let inventory = try lab.inventory(fleet: fleet, route: "-o \"ProxyCommand=\(proxy)\"", name: "proxy")

        let output = lab.directory.appendingPathComponent("out").path
        let run = try PbrunBinary.run(["run", try playbook(lab).path, "-i", inventory.path, "-F", "none",
                                                      "--color", "never", "-o", output])
        #expect(run.status == 0, "stdout: \(run.stdout)\nstderr: \(run.stderr)")
        checkOutputs(lab, output, from: "127.0.0.1")
        #expect(lab.logins("jump", expected: 3) == 3, "one proxy (one ssh -W login) per target, not per step")
        #expect(lab.logins("targets", expected: 3) == 3, "one session per target for both steps")
        #expect(Self.liveProcesses(containing: marker) == 0, "every proxy command ended with its session")
    }

    @Test func aFailingProxyCommandsStderrIsTheReason() throws {
        let fleet = try TestFleet.shared()
        let lab = try JumpLab.start(fleet: fleet)
        defer { lab.stop() }
        let script = lab.directory.appendingPathComponent("refuse.sh")
        try "#!/bin/sh\necho \"no route to $1:$2\" >&2\nexit 7\n".write(to: script, atomically: true, encoding: .utf8)
        chmod(script.path, 0o755)
        let inventory = try lab.inventory(fleet: fleet, route: "-o \"ProxyCommand=\(script.path) %h %p\"", name: "failing")
        let exec = try PbrunBinary.run(["exec", "-i", inventory.path, "-F", "none", "t2", "--", "true"])
        #expect(exec.status == 3, "stderr: \(exec.stderr)")
        #expect(exec.stderr.contains("t2 (127.0.0.2:\(lab.targetPort)): unreachable: through proxy command "
            + "'\(script.path) 127.0.0.2 \(lab.targetPort)': the proxy command exited with status 7: "
            + "no route to 127.0.0.2:\(lab.targetPort)"), "\(exec.stderr)")
    }

    @Test func aProxyCommandThatNeverAnswersTimesOutAndIsKilled() throws {
        let fleet = try TestFleet.shared()
        let lab = try JumpLab.start(fleet: fleet)
        defer { lab.stop() }
        let marker = "31.\(Int.random(in: 100000...999999))"
        // A child of the command in the same group, which must go too.
        let inventory = try lab.inventory(fleet: fleet, route: "-o \"ProxyCommand=sleep \(marker) & sleep \(marker)\"",
                                      name: "silent")
        let started = Date()
        let exec = try PbrunBinary.run(["exec", "-i", inventory.path, "-F", "none", "t1",
                                                       "--connect-timeout", "1", "--", "true"])
        #expect(exec.status == 3, "stderr: \(exec.stderr)")
        #expect(exec.stderr.contains("unreachable: through proxy command 'sleep \(marker) & sleep \(marker)': "
                                     + "banner, handshake and authentication timed out after 1 s"), "\(exec.stderr)")
        #expect(Date().timeIntervalSince(started) < 6)
        #expect(Self.liveProcesses(containing: "sleep \(marker)") == 0, "the proxy command's group was killed")
    }

    /// Processes (not zombies) whose command line contains `text`.
    static func liveProcesses(containing text: String) -> Int {
        guard let result = try? ProcessResult.run("/bin/ps", ["-eo", "stat=,args="]) else { return -1 }
        return result.stdout.split(separator: "\n").filter { line in
            let trimmed = line.drop { $0 == " " }
            return !trimmed.hasPrefix("Z") && trimmed.contains(text) && !trimmed.contains("/bin/ps")
        }.count
    }
}
