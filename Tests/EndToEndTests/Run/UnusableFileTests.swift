import Foundation
import Testing
@testable import TestSupport

/// A file the user points pbrun at that cannot be used (the `-F` ssh_config, a known_hosts file) is
/// an error with its path and reason, exit 5 as `pbrun hosts` reports a bad `-F`, and no host is
/// touched: never an empty configuration that quietly connects with other settings.
@Suite struct UnusableFileTests {
    private static let hello = TestFleet.projectRoot.appendingPathComponent("playbooks/hello.yml").path

    /// `pbrun COMMAND` against the fleet with `extra` options (the ones under test).
    private func pbrun(_ command: String, _ fleet: TestFleet, _ extra: [String]) throws -> ProcessResult {
        switch command {
        case "run":
            return try fleet.run(Self.hello, extra)
        case "plan":
            return try PbrunBinary.run(["plan", Self.hello, "-i", fleet.inventory.path] + extra)
        default:
            return try PbrunBinary.run(["exec", "-i", fleet.inventory.path, "h0000"] + extra
                                            + ["--", "echo touched"])
        }
    }

    @Test(arguments: ["run", "plan", "exec"])
    func aMissingSSHConfigNamedWithDashFIsAnError(command: String) throws {
        let fleet = try TestFleet.shared()
        let scratch = try RunScratch()
        let missing = scratch.path("no-such-config")
        let result = try pbrun(command, fleet, ["-F", missing])
        #expect(result.status == 5, "stdout: \(result.stdout) stderr: \(result.stderr)")
        #expect(result.stderr.contains("ssh config file '\(missing)' does not exist"), "stderr: \(result.stderr)")
        #expect(!result.stdout.contains("touched") && !result.stdout.contains("hello from"))
    }

    @Test(arguments: ["run", "plan", "exec"])
    func aMalformedSSHConfigIsAnErrorAtItsLine(command: String) throws {
        let fleet = try TestFleet.shared()
        let scratch = try RunScratch()
        let config = try scratch.write("ssh_config", "Host *\n  = yes\n")
        let result = try pbrun(command, fleet, ["-F", config])
        #expect(result.status == 5, "stdout: \(result.stdout) stderr: \(result.stderr)")
        #expect(result.stderr.contains("\(config):2:3: error: bad ssh config line"), "stderr: \(result.stderr)")
    }

    @Test(arguments: ["run", "exec"])
    func aKnownHostsFileThatCannotBeReadIsAnError(command: String) throws {
        let fleet = try TestFleet.shared()
        let scratch = try RunScratch()
        let directory = scratch.path("known_hosts.d")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let result = try pbrun(command, fleet, ["--known-hosts", directory])
        #expect(result.status == 5, "stdout: \(result.stdout) stderr: \(result.stderr)")
        #expect(result.stderr.contains("cannot use known_hosts file \(directory): is a directory"),
                "stderr: \(result.stderr)")
        #expect(!result.stdout.contains("touched") && !result.stdout.contains("hello from"))
    }

    @Test(arguments: ["run", "exec"])
    func aKnownHostsEntryLibssh2CannotReadIsAnErrorAtItsLine(command: String) throws {
        let fleet = try TestFleet.shared()
        let scratch = try RunScratch()
        let good = try String(contentsOf: fleet.knownHosts, encoding: .utf8)
        let file = try scratch.write("known_hosts", good + "broken-entry-without-a-key\n")
        let line = good.split(separator: "\n", omittingEmptySubsequences: false).count
        let result = try pbrun(command, fleet, ["--known-hosts", file])
        #expect(result.status == 5, "stdout: \(result.stdout) stderr: \(result.stderr)")
        #expect(result.stderr.contains("\(file):\(line): cannot use this known_hosts entry"),
                "stderr: \(result.stderr)")
    }
}
