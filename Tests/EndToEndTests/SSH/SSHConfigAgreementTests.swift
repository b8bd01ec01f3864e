import Foundation
import Testing
@testable import TestSupport

/// The ssh_config fixtures of PlaybookTests, read from the source tree.
enum SSHConfigFixtures {
    static let root = TestFleet.projectRoot.appendingPathComponent("Tests/PlaybookTests/Fixtures/ssh_config").path

    /// `user`, `home`, `uid` and `hostname` as generate.py recorded them.
    static let identity: [String: String] = {
        let text = (try? String(contentsOfFile: root + "/identity", encoding: .utf8)) ?? ""
        var values: [String: String] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
            if parts.count == 2 { values[parts[0]] = parts[1] }
        }
        return values
    }()

    static let unavailableReason: String? = {
        guard getuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/bin/unshare") else {
            return "needs root and unshare(1) to run pbrun under the fixtures' host name"
        }
        guard identity["user"] == NSUserName(), identity["home"] == NSHomeDirectory(), identity["uid"] == "0" else {
            return "the fixtures were made as \(identity["user"] ?? "?") with home \(identity["home"] ?? "?")"
        }
        return nil
    }()

    static let cases: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? [])
        .filter { FileManager.default.fileExists(atPath: "\(root)/\($0)/config") }.sorted()
}

/// `pbrun hosts --connection` on the ssh_config fixtures agrees with what OpenSSH made of them
/// (`Tests/PlaybookTests/Fixtures/ssh_config/generate.py` ran `ssh -G` and `ssh -v`): address, port,
/// user, identity files, jump chain or proxy command and known_hosts files of every host. The binary
/// runs in a UTS namespace with the host name the fixtures were made under (`%l`, `%L`, `%C`), so
/// it needs root and the user, home and uid the fixtures were made as.
@Suite(.enabled(if: SSHConfigFixtures.unavailableReason == nil,
                Comment(rawValue: SSHConfigFixtures.unavailableReason ?? "")))
struct SSHConfigAgreementTests {
    @Test(arguments: SSHConfigFixtures.cases)
    func hostsConnectionAgreesWithSSHG(_ name: String) throws {
        let folder = "\(SSHConfigFixtures.root)/\(name)"
        let hosts = try String(contentsOfFile: folder + "/hosts", encoding: .utf8).split(separator: "\n")
        let script = "hostname \(SSHConfigFixtures.identity["hostname"] ?? "") && exec \"$0\" \"$@\""
        let result = try ProcessResult.run("/usr/bin/unshare", [
            "-u", "/bin/sh", "-c", script, PbrunBinary.path(), "hosts", "--connection", "-i", hosts.map(String.init).joined(separator: ",") + ",",
            "-F", folder + "/config",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let expected = try String(contentsOfFile: folder + "/expected.txt", encoding: .utf8)
        let actual = Self.expectedForm(result.stdout)
        #expect(actual == expected, "\(name):\n--- ssh\n\(expected)--- pbrun hosts --connection\n\(actual)")
    }

    /// `pbrun hosts --connection`'s rows in `expected.txt`'s form: the value of each row, without its
    /// origin, with pbrun's ways of writing a default or a list turned into ssh's.
    static func expectedForm(_ output: String) -> String {
        let user = SSHConfigFixtures.identity["user"] ?? ""
        var text = ""
        for line in output.split(separator: "\n").map(String.init) {
            guard line.hasPrefix("  ") else {
                text += "host \(line)\n"
                continue
            }
            let label = line.dropFirst(2).prefix { $0 != " " }
            var value = String(line.dropFirst(20))
            let origins = ["  ssh_config ", "  default", "  inventory ", "  command line"]
            if let cut = origins.compactMap({ value.range(of: $0, options: .backwards)?.lowerBound }).max() {
                value = String(value[..<cut])
            }
            value = value.trimmingCharacters(in: .whitespaces)
            switch label {
            case "user": value = value == "(local user)" ? user : value
            case "keys": value = value == "(ssh-agent only)" ? "(default)" : value.replacingOccurrences(of: ", ", with: " ")
            case "known_hosts": value = value == "~/.ssh/known_hosts" ? "(default)" : value
            case "jump" where value != "(none)":
                value = value.split(separator: ",").map { hop -> String in
                    var hop = String(hop)
                    if !hop.contains("@") { hop = user + "@" + hop }
                    if !(hop.split(separator: "@").last ?? "").contains(":") { hop += ":22" }
                    return hop
                }.joined(separator: ",")
            case "address", "port", "proxy_command", "jump": break
            default: continue
            }
            text += "  \(label) \(value)\n"
        }
        return text
    }
}
