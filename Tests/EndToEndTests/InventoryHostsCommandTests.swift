import Foundation
import Testing
@testable import TestSupport

/// `pbrun hosts` end to end: the real binary on fixture inventories, exact output and exit codes.
struct InventoryHostsCommandTests {
    /// Runs the built pbrun in `directory`.
    private func pbrun(_ arguments: [String], in directory: URL,
                       sourceLocation: SourceLocation = #_sourceLocation) throws -> ProcessResult {
        try PbrunBinary.run(arguments, in: directory.path, sourceLocation: sourceLocation)
    }

    private func valid(_ name: String) throws -> URL {
        URL(fileURLWithPath: PlaybookFixtures.fixture("inventories/valid/" + name))
    }

    /// Expected output copied from `ansible-inventory -i inventory.ini --graph` (ansible-core 2.19).
    @Test func graphMatchesAnsibleInventory() throws {
        let run = try pbrun(["hosts", "-i", "inventory.ini", "--graph"], in: valid("ini-late-children"))
        #expect(run.status == 0)
        #expect(run.stdout == """
            @all:
              |--@ungrouped:
              |--@everything:
              |  |--@europe:
              |  |  |--@paris:
              |  |  |  |--par1
              |  |  |  |--par2
              |  |  |--@berlin:
              |  |  |  |--ber1
              |  |--@america:
              |  |  |--nyc1

            """)
    }

    @Test func listAndHostPrintAnsibleJSON() throws {
        let folder = try valid("group-vars-files")
        let list = try pbrun(["hosts", "-i", "inventory.ini", "--list"], in: folder)
        #expect(list.status == 0)
        let expected = try String(contentsOf: folder.appendingPathComponent("expected-list.json"), encoding: .utf8)
        #expect(list.stdout == expected, "pbrun hosts --list is byte-for-byte what ansible-inventory --list printed")
        let host = try pbrun(["hosts", "-i", "inventory.ini", "--host", "web1"], in: folder)
        #expect(host.stdout == """
            {
                "http_port": 8080,
                "local": "from-host-vars",
                "ntp": "ntp.example.com",
                "packages": [
                    "nginx",
                    "certbot"
                ]
            }

            """)
    }

    @Test func patternsListHostsOneALine() throws {
        let run = try pbrun(["hosts", "-i", "inventory.ini", "europe:!ber1", "--limit", "par*"],
                            in: valid("ini-late-children"))
        #expect(run.status == 0)
        #expect(run.stdout == "par1\npar2\n")
        #expect(run.stderr == "")
    }

    @Test func problemsExitFourWithDiagnostics() throws {
        let miss = try pbrun(["hosts", "-i", "inventory.ini", "paris:berln"], in: valid("ini-late-children"))
        #expect(miss.status == 4)
        #expect(miss.stderr == "error: host pattern 'berln' matches no group and no host (did you mean 'berlin'?)\n")
        let invalid = URL(fileURLWithPath: PlaybookFixtures.fixture("inventories/invalid/ini-unknown-child"))
        let bad = try pbrun(["hosts", "-i", "inventory.ini"], in: invalid)
        #expect(bad.status == 4)
        #expect(bad.stderr == """
            inventory.ini:7:1: error: section [prod:children] includes undefined group 'dbs' (did you mean 'db'?)
            dbs
            ^

            """)
        let option = try pbrun(["hosts", "-i", "inventory.ini", "--host-key-checking", "strikt"], in: invalid)
        #expect(option.status == 5)
    }

    @Test func connectionShowsEveryValueAndItsOrigin() throws {
        let run = try pbrun(["hosts", "-i", "inventory.yml", "--connection", "-F", "none", "--user", "cli",
                             "h0001"], in: valid("yaml-fleet"))
        #expect(run.status == 0)
        #expect(run.stdout == """
            h0001
              address           127.0.0.3                     inventory ansible_host (inventory.yml:9:11)
              port              22022                         inventory ansible_port (inventory.yml:13:9)
              user              pbrunfleet                    inventory ansible_user (inventory.yml:14:9)
              keys              /work/.fleet/id_ed25519       inventory ansible_ssh_private_key_file (inventory.yml:15:9)
              jump              (none)                        default
              known_hosts       /work/.fleet/known_hosts      inventory ansible_ssh_common_args (UserKnownHostsFile) (inventory.yml:16:9)
              host_key_checking strict                        inventory ansible_ssh_common_args (StrictHostKeyChecking) (inventory.yml:16:9)
              connect_timeout   10.0                          default
              keepalive         15.0                          default

            """)
    }

    /// Passwords stored in an inventory are honoured but never printed: not in `--list`, not for
    /// `--host`, not in the source line an error quotes.
    @Test func storedPasswordsAreMaskedInListingsAndErrors() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pbrun-pw-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try """
            [web]
            w1 ansible_host=127.0.0.2 ansible_password=hunter2secret
            [web:vars]
            ansible_become_pass='s3cr3t pass'
            """.write(to: folder.appendingPathComponent("good.ini"), atomically: true, encoding: .utf8)
        try "[db]\nd1 ansible_ssh_pass=\"s3cr3t pass\" bad\n".write(to: folder.appendingPathComponent("bad.ini"),
                                                                       atomically: true, encoding: .utf8)
        for arguments in [["--list"], ["--host", "w1"]] {
            let run = try pbrun(["hosts", "-i", "good.ini"] + arguments, in: folder)
            #expect(run.status == 0)
            #expect(run.stdout.contains("\"ansible_password\": \"********\""), "\(run.stdout)")
            #expect(!run.stdout.contains("hunter2") && !run.stdout.contains("s3cr3t"), "\(run.stdout)")
        }
        let bad = try pbrun(["hosts", "-i", "bad.ini", "--list"], in: folder)
        #expect(bad.status == 4)
        #expect(bad.stderr.hasPrefix("""
            bad.ini:2:35: error: expected key=value host variable, got 'bad'
            d1 ansible_ssh_pass=******** bad
            """), "\(bad.stderr)")
        #expect(!bad.stderr.contains("s3cr3t"))
    }

    @Test func anUnknownGroupNamesTheInventory() throws {
        let run = try pbrun(["hosts", "-i", "inventory.ini", "--graph", "wbe"], in: valid("ini-late-children"))
        #expect(run.status == 4)
        #expect(run.stderr.hasPrefix("pbrun hosts: no group 'wbe' in the inventory (inventory.ini)"), "\(run.stderr)")
    }
}
