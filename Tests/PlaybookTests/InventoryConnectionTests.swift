import Foundation
import Testing
@testable import Playbook

/// Inventory variables, ssh_config and defaults turned into `HostConnection`s.
struct InventoryConnectionTests {
    private let none = ConnectionDefaults(sshConfigPath: "none")

    @Test func ansibleVariables() throws {
        let inventory = try Inventory.parse(text: """
            [web]
            web1 ansible_host=10.0.0.5 ansible_port=2222 ansible_user=deploy ansible_ssh_private_key_file=/k/id
            web2 host=10.0.0.6 port=2200 user=ops key=/k/other jump=admin@bastion:2022 known_hosts=/k/known
            [web:vars]
            ansible_ssh_common_args='-o UserKnownHostsFile=/etc/kh -o StrictHostKeyChecking=accept-new -J gw'
            """, path: "inv.ini")
        let first = inventory.connection(for: "web1", defaults: none)
        #expect(first == HostConnection(name: "web1", address: "10.0.0.5", port: 2222, user: "deploy",
                                        keyFiles: ["/k/id"], knownHostsFile: "/etc/kh", hostKeyChecking: .acceptNew,
                                        jump: JumpHost(address: "gw")))
        let second = inventory.connection(for: "web2", defaults: none)
        #expect(second == HostConnection(name: "web2", address: "10.0.0.6", port: 2200, user: "ops",
                                         keyFiles: ["/k/other"], knownHostsFile: "/k/known",
                                         hostKeyChecking: .acceptNew,
                                         jump: JumpHost(address: "bastion", port: 2022, user: "admin")))
    }

    @Test func defaultsFillTheGapsAndCommandLineHostKeyOptionsWin() throws {
        let inventory = try Inventory.parse(text: """
            plain
            strict ansible_ssh_common_args="-o StrictHostKeyChecking=no -o UserKnownHostsFile=/inv/kh"
            """, path: "inv.ini")
        var defaults = ConnectionDefaults(user: "me", keyFiles: ["/d/key"], knownHostsFile: "/d/kh",
                                          hostKeyChecking: .acceptNew, connectTimeout: 3, port: 2022,
                                          sshConfigPath: "none")
        #expect(inventory.connection(for: "plain", defaults: defaults) == HostConnection(
            name: "plain", address: "plain", port: 2022, user: "me", keyFiles: ["/d/key"], knownHostsFile: "/d/kh",
            hostKeyChecking: .acceptNew, connectTimeout: 3))
        #expect(inventory.connection(for: "strict", defaults: defaults).hostKeyChecking == .off)
        defaults.knownHostsFromCommandLine = true
        defaults.hostKeyCheckingFromCommandLine = true
        let forced = inventory.connection(for: "strict", defaults: defaults)
        #expect(forced.hostKeyChecking == .acceptNew)
        #expect(forced.knownHostsFile == "/d/kh")
    }

    @Test func passwordIsHonouredAndWarnedAbout() throws {
        let inventory = try Inventory.parse(text: "h ansible_password=s3cret\n", path: "inv.ini")
        #expect(inventory.connection(for: "h", defaults: none).password == "s3cret")
        #expect(inventory.warnings.map(\.description) == [
            "inv.ini:1:3: warning: 'ansible_password' is stored in the inventory in clear text: anyone who can "
                + "read this file can read the password; prefer an ssh key or PBRUN_PASSWORD",
        ])
    }

    @Test func timesPastAYearOrNotFiniteKeepTheDefault() throws {
        let inventory = try Inventory.parse(text: """
            huge ansible_timeout=1e300
            endless ansible_timeout=inf
            """, path: "inv.ini")
        #expect(inventory.connection(for: "huge", defaults: none).connectTimeout == 10)
        #expect(inventory.connection(for: "endless", defaults: none).connectTimeout == 10)
    }

    @Test func sshConfigBetweenInventoryAndDefaults() throws {
        let config = try SSHConfig.parse(text: """
            Host web* !web9
              HostName %h.example.com
              User cfguser
              Port 2201
              IdentityFile ~/.ssh/id_web
              IdentityFile /keys/second
            Host *
              User fallback
              ProxyJump jumper@gate:2222
              StrictHostKeyChecking accept-new
              UserKnownHostsFile /cfg/known_hosts /cfg/other
              ConnectTimeout 7
              ServerAliveInterval 30
              IdentitiesOnly yes
              ForwardAgent yes
            """, path: "cfg")
        let inventory = try Inventory.parse(text: "web1 ansible_port=2300\nweb9\n", path: "inv.ini")
        let resolved = inventory.resolvedConnection(for: "web1", defaults: ConnectionDefaults(user: "cli"),
                                                    sshConfig: config)
        let home = NSHomeDirectory()
        var expected = HostConnection(name: "web1", address: "web1.example.com", port: 2300, user: "cfguser",
                                      keyFiles: [home + "/.ssh/id_web", "/keys/second"],
                                      knownHostsFile: "/cfg/known_hosts", hostKeyChecking: .acceptNew,
                                      jump: JumpHost(address: "gate", port: 2222, user: "jumper"), connectTimeout: 7,
                                      serverAliveInterval: 30)
        expected.identitiesOnly = true
        #expect(resolved.connection == expected)
        #expect(resolved.origins["port"]?.description == "inventory ansible_port (inv.ini:1:6)")
        #expect(resolved.origins["user"]?.description == "ssh_config User (cfg:3:3)")
        #expect(resolved.origins["address"]?.description == "ssh_config HostName (cfg:2:3)")
        #expect(config.ignored.map(\.description) == ["cfg:15:3: note: ssh config keyword 'ForwardAgent' is not used by pbrun"])
        let negated = inventory.resolvedConnection(for: "web9", defaults: ConnectionDefaults(), sshConfig: config)
        #expect(negated.connection.address == "web9")
        #expect(negated.connection.user == "fallback")
    }

    @Test func matchHostAndInclude() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sshcfg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "Host db*\n  Port 5022\n".write(to: folder.appendingPathComponent("extra.conf"), atomically: true,
                                            encoding: .utf8)
        let main = folder.appendingPathComponent("config")
        try """
            Include \(folder.path)/*.conf
            Host db1
              HostName 10.1.1.1
            Match host 10.1.1.*
              User matched
            """.write(to: main, atomically: true, encoding: .utf8)
        let config = try SSHConfig.load(path: main.path)
        let inventory = try Inventory.parse(text: "db1\n", path: "inv.ini")
        let connection = inventory.resolvedConnection(for: "db1", defaults: ConnectionDefaults(), sshConfig: config)
            .connection
        #expect(connection.address == "10.1.1.1")
        #expect(connection.port == 5022)
        #expect(connection.user == "matched")
    }

    /// OpenSSH bounds only the Include depth (16): a file that includes itself three times at every
    /// level would be read 3^16 times. The load stops at a total number of included files instead.
    @Test(.timeLimit(.minutes(1)))
    func anIncludeLoopEndsWithAnError() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sshcfg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let main = folder.appendingPathComponent("config")
        try "Host *\n  Include \(main.path) \(main.path) \(main.path)\n".write(to: main, atomically: true,
                                                                             encoding: .utf8)
        #expect(throws: DiagnosticList.self) { try SSHConfig.load(path: main.path) }
        do {
            _ = try SSHConfig.load(path: main.path)
        } catch {
            #expect(error.diagnostics.contains { $0.message.contains("Includes more than 1024 files") })
        }
    }

    @Test func becomeVariables() throws {
        let inventory = try Inventory.parse(text: """
            plain
            [db]
            db1 ansible_become=yes ansible_become_user=postgres
            db2
            [db:vars]
            ansible_become_method=su
            """, path: "inv.ini")
        #expect(inventory.become(for: "db1") == BecomeSettings(enabled: true, method: "su", user: "postgres"))
        #expect(inventory.become(for: "db2") == BecomeSettings(enabled: false, method: "su"))
        #expect(inventory.become(for: "plain") == nil)
    }

    @Test func proxyCommandThroughSSHIsAJump() {
        #expect(SSHArguments("-o ProxyCommand=\"ssh -W %h:%p -q ops@bastion -p 2200\"")["proxyjump"]
                == "ops@bastion:2200")
    }
}
