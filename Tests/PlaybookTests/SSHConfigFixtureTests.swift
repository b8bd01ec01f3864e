import Foundation
import Testing
@testable import Playbook

/// ssh_config files from OpenSSH's manual and public dotfiles, with what OpenSSH makes of each host
/// (`Fixtures/ssh_config/generate.py` ran `ssh -G` and `ssh -v` to write `expected.txt`): pbrun
/// resolves every host as ssh does, as the user and on the host name the script ran with.
struct SSHConfigFixtureTests {
    static let root: String = {
        guard let url = Bundle.module.resourceURL?.appendingPathComponent("Fixtures/ssh_config") else {
            preconditionFailure("the PlaybookTests bundle has no Fixtures folder")
        }
        return url.path
    }()

    static let cases: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? [])
        .filter { FileManager.default.fileExists(atPath: "\(root)/\($0)/config") }.sorted()

    /// The user, home, uid and host name `generate.py` ran with.
    static func identity() throws -> LocalIdentity {
        let text = try String(contentsOfFile: root + "/identity", encoding: .utf8)
        var values: [String: String] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
            if parts.count == 2 { values[parts[0]] = parts[1] }
        }
        return LocalIdentity(user: values["user"] ?? "", home: values["home"] ?? "",
                             uid: UInt32(values["uid"] ?? "") ?? 0, hostName: values["hostname"] ?? "")
    }

    /// One host in `expected.txt`'s form; `identity.user` stands for a user nobody named.
    static func describe(_ host: String, _ connection: HostConnection, identity: LocalIdentity) -> String {
        let route = connection.proxyCommand.map { "proxy_command \($0)" }
            ?? (connection.jumps.isEmpty ? "jump (none)"
                : "jump " + connection.jumps.map { "\($0.user ?? identity.user)@\($0.address):\($0.port)" }
                    .joined(separator: ","))
        let knownHosts = connection.knownHostsFile.map { ([$0] + connection.extraKnownHostsFiles).joined(separator: " ") }
        return """
            host \(host)
              address \(connection.address)
              port \(connection.port)
              user \(connection.user ?? identity.user)
              keys \(connection.keyFiles.isEmpty ? "(default)" : connection.keyFiles.joined(separator: " "))
              \(route)
              known_hosts \(knownHosts ?? "(default)")

            """
    }

    @Test(arguments: cases)
    func everyHostResolvesAsOpenSSHResolvesIt(_ name: String) throws {
        let folder = "\(Self.root)/\(name)"
        let config = try SSHConfig.load(path: folder + "/config")
        let hosts = try String(contentsOfFile: folder + "/hosts", encoding: .utf8).split(separator: "\n").map(String.init)
        let inventory = try Inventory.parse(text: hosts.joined(separator: "\n") + "\n", path: "hosts.ini")
        let identity = try Self.identity()
        var actual = ""
        for host in hosts {
            let resolved = inventory.resolvedConnection(for: host, defaults: ConnectionDefaults(), sshConfig: config,
                                                        identity: identity)
            actual += Self.describe(host, resolved.connection, identity: identity)
        }
        let expected = try String(contentsOfFile: folder + "/expected.txt", encoding: .utf8)
        #expect(actual == expected, "\(name):\n--- expected\n\(expected)--- pbrun\n\(actual)")
    }
}
