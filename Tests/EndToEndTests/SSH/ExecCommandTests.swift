import Foundation
import Playbook
import Testing
@testable import TestSupport

/// `pbrun exec` end to end: the real binary against the real fleet, its output, files and exit code.
@Suite struct ExecCommandTests {
    private func exec(_ arguments: [String]) throws -> ProcessResult {
        try PbrunBinary.run(["exec"] + arguments)
    }

    private func outputDirectory() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("pbrun-exec-\(UUID().uuidString.prefix(8))").path
    }

    /// The summary line without its timing, e.g. "8 hosts: 8 ok, 0 failed, 0 timed out, 0 unreachable".
    private func summary(_ stdout: String) -> String {
        let last = stdout.split(separator: "\n").last.map(String.init) ?? ""
        return last.components(separatedBy: " (").first ?? last
    }

    @Test func runsOnEveryHostAndWritesEachHostsOutputByteForByte() throws {
        let fleet = try TestFleet.shared()
        let inventory = try fleet.iniInventory()
        let directory = outputDirectory()
        let run = try exec(["-i", inventory.path, "fleet", "--known-hosts", fleet.knownHosts.path,
                            "--output-dir", directory, "--", "printf 'a\\377b\\n'; echo oops >&2"])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(summary(run.stdout) == "8 hosts: 8 ok, 0 failed, 0 timed out, 0 unreachable")
        for index in 0..<TestFleet.hostCount {
            let name = String(format: "h%04d", index)
            let out = try Data(contentsOf: URL(fileURLWithPath: "\(directory)/\(name).stdout"))
            let err = try String(contentsOfFile: "\(directory)/\(name).stderr", encoding: .utf8)
            #expect([UInt8](out) == [0x61, 0xFF, 0x62, 0x0A])
            #expect(err == "oops\n")
        }
    }

    @Test func prefixesConsoleLinesWithTheHostAndEscapesUnprintableBytes() throws {
        let fleet = try TestFleet.shared()
        let inventory = try fleet.iniInventory()
        let run = try exec(["-i", inventory.path, "h0002", "--known-hosts", fleet.knownHosts.path, "--",
                            "printf 'one\\ntwo\\377\\033[31m\\n'; echo warn >&2"])
        #expect(run.status == 0)
        #expect(run.stdout.hasPrefix("h0002: one\nh0002: two\\xFF\\x1B[31m\n"), "\(run.stdout)")
        #expect(run.stdout.contains("h0002! warn\n"))
        #expect(summary(run.stdout) == "1 host: 1 ok, 0 failed, 0 timed out, 0 unreachable")
    }

    @Test func groupsEachHostsOutputIntoOneBlock() throws {
        let fleet = try TestFleet.shared()
        let inventory = try fleet.iniInventory()
        let run = try exec(["-i", inventory.path, "h0001,h0003", "--group", "--known-hosts", fleet.knownHosts.path,
                            "--", "echo line1; echo line2"])
        #expect(run.status == 0)
        for name in ["h0001", "h0003"] {
            #expect(run.stdout.contains("----------------\n\(name): exit 0\n----------------\nline1\nline2\n"))
        }
    }

    @Test func exitsTwoWhenACommandFailsOrTimesOut() throws {
        let fleet = try TestFleet.shared()
        let inventory = try fleet.iniInventory()
        let failed = try exec(["-i", inventory.path, "h0000,h0001", "--known-hosts", fleet.knownHosts.path, "--",
                               "test $(hostname -I | wc -c) -lt 0"])
        #expect(failed.status == 2)
        #expect(summary(failed.stdout) == "2 hosts: 0 ok, 2 failed, 0 timed out, 0 unreachable")
        #expect(failed.stderr.contains("h0000: exit 1\n"))

        let slow = try exec(["-i", inventory.path, "h0004", "--timeout", "0.5", "--known-hosts", fleet.knownHosts.path,
                             "--", "sleep 30"])
        #expect(slow.status == 2)
        #expect(summary(slow.stdout) == "1 host: 0 ok, 0 failed, 1 timed out, 0 unreachable")
        #expect(slow.stderr == "h0004: timed out after 0.5 s\n")
    }

    @Test func exitsThreeWhenAHostIsUnreachableAndNoneFailed() throws {
        let fleet = try TestFleet.shared()
        let inventory = fleet.directory.appendingPathComponent("mixed.ini")
        let refusedPort = try TestFleet.freePort()
        try """
            [fleet]
            h0000 ansible_host=127.0.0.2
            down ansible_host=127.0.0.2 ansible_port=\(refusedPort)

            [fleet:vars]
            ansible_port=\(fleet.port)
            ansible_user=\(fleet.user)
            ansible_ssh_private_key_file=\(fleet.key.path)
            """.write(to: inventory, atomically: true, encoding: .utf8)
        let run = try exec(["-i", inventory.path, "all", "--known-hosts", fleet.knownHosts.path, "--connect-retries",
                            "0", "--", "true"])
        #expect(run.status == 3)
        #expect(run.stderr == "down (127.0.0.2:\(refusedPort)): unreachable: connection refused\n")
        #expect(summary(run.stdout) == "2 hosts: 1 ok, 0 failed, 0 timed out, 1 unreachable")
    }

    @Test func aPatternThatMatchesNothingExitsFourBeforeTouchingAnyHost() throws {
        let fleet = try TestFleet.shared()
        let inventory = try fleet.iniInventory()
        let run = try exec(["-i", inventory.path, "nosuch", "--", "true"])
        #expect(run.status == 4)
        #expect(run.stderr == "error: host pattern 'nosuch' matches no group and no host\n"
            + "pbrun exec: 1 error(s); no host was touched\n")
        #expect(run.stdout == "")
    }

    @Test func badOptionsExitFiveWithASuggestion() throws {
        let run = try exec(["-i", "x.ini", "all", "--host-key-checking", "acept-new", "--", "true"])
        #expect(run.status == 5)
        #expect(run.stderr.hasPrefix(
            "pbrun exec: --host-key-checking takes strict, accept-new or off, not 'acept-new' (did you mean 'accept-new'?)"))
        let missing = try exec(["-i", "x.ini", "all"])
        #expect(missing.status == 5)
        #expect(missing.stderr.hasPrefix("pbrun exec: missing the command after '--'"))
    }
}
