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
                                        jumps: [JumpHost(address: "gw")]))
        let second = inventory.connection(for: "web2", defaults: none)
        #expect(second == HostConnection(name: "web2", address: "10.0.0.6", port: 2200, user: "ops",
                                         keyFiles: ["/k/other"], knownHostsFile: "/k/known",
                                         hostKeyChecking: .acceptNew,
                                         jumps: [JumpHost(address: "bastion", port: 2022, user: "admin")]))
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
                                      jumps: [JumpHost(address: "gate", port: 2222, user: "jumper")], connectTimeout: 7,
                                      serverAliveInterval: 30)
        expected.identitiesOnly = true
        expected.extraKnownHostsFiles = ["/cfg/other"]
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

    /// ProxyJump and ProxyCommand share one slot, first value wins, as in OpenSSH: a later `Host *`
    /// ProxyJump must not override an earlier ProxyCommand, and `ProxyCommand none` takes the slot.
    @Test func proxyJumpAndProxyCommandShareOneSlot() throws {
        let config = try SSHConfig.parse(text: """
            Host legacy
              ProxyCommand ssh -W %h:%p -p 2200 old-gate
            Host direct
              ProxyCommand none
            Host *
              ProxyJump new-gate
            """, path: "cfg")
        let inventory = try Inventory.parse(text: """
            legacy
            direct
            other
            cli ansible_ssh_common_args='-o ProxyCommand="nc %h %p" -J ignored'
            """, path: "inv.ini")
        func connection(_ host: String) -> HostConnection {
            inventory.resolvedConnection(for: host, defaults: ConnectionDefaults(), sshConfig: config).connection
        }
        #expect(connection("legacy").proxyCommand == "ssh -W legacy:22 -p 2200 old-gate")
        #expect(connection("legacy").jumps == [])
        #expect(connection("direct").proxyCommand == nil)
        #expect(connection("direct").jumps == [])
        #expect(connection("other").jumps == [JumpHost(address: "new-gate")])
        #expect(connection("cli").proxyCommand == "nc cli 22")
        #expect(connection("cli").jumps == [])
    }

    @Test func everyHopOfAJumpChainIsKeptAndLookedUpInSSHConfig() throws {
        let config = try SSHConfig.parse(text: """
            Host target
              ProxyJump a,ops@b:2202,ssh://c
            Host a
              HostName 10.0.0.1
              User edge
              IdentityFile /keys/a
            Host b
              Port 9999
              User overridden
            Host loop
              ProxyJump loop
            """, path: "cfg")
        let inventory = try Inventory.parse(text: "target\nbehind-loop jump=loop\nbad jump=a,,b\n", path: "inv.ini")
        let resolved = inventory.resolvedConnection(for: "target", defaults: ConnectionDefaults(), sshConfig: config)
        #expect(resolved.connection.jumps == [JumpHost(address: "10.0.0.1", user: "edge", keyFiles: ["/keys/a"]),
                                              JumpHost(address: "b", port: 2202, user: "ops"), JumpHost(address: "c")])
        #expect(resolved.warnings == [])
        let loop = inventory.resolvedConnection(for: "behind-loop", defaults: ConnectionDefaults(), sshConfig: config)
        #expect(loop.connection.jumps == [JumpHost(address: "loop")])
        #expect(loop.warnings == ["ProxyJump from ssh_config ProxyJump (cfg:11:3) makes jump host 'loop' its own "
                                  + "jump host; not followed"])
        let bad = inventory.resolvedConnection(for: "bad", defaults: ConnectionDefaults(), sshConfig: config)
        #expect(bad.connection.jumps == [])
        #expect(bad.warnings == ["ProxyJump 'a,,b' from inventory jump (inv.ini:3:5) is not a list of "
                                 + "[user@]host[:port]; connecting directly"])
    }

    /// Each keyword expands the tokens ssh_config(5) gives it and refuses the others, as ssh does.
    @Test func tokensArePerKeyword() throws {
        let identity = LocalIdentity(user: "me", home: "/home/me", uid: 1000, hostName: "ctl.example.org")
        let config = try SSHConfig.parse(text: """
            Host t
              HostName %h.example.net
              User bob
              Port 2022
              IdentityFile ~/k/%r@%h:%p-%n-%u-%i-%L-%l-%k-%d-%%
              IdentityFile /k/%C
              IdentityFile /k/%T
              IdentityFile ${PBRUN_TEST_UNSET_VARIABLE}/k
              UserKnownHostsFile ${HOME}/kh
              ProxyCommand connect %h %p %r %n %%
            Host u
              HostName %h-%p
              ProxyCommand nc %d
            """, path: "cfg")
        let inventory = try Inventory.parse(text: "t\nu\n", path: "inv.ini")
        let t = inventory.resolvedConnection(for: "t", defaults: ConnectionDefaults(), sshConfig: config,
                                             identity: identity)
        let hash = SHA1.hexDigest(of: Array("ctl.example.orgt.example.net2022bob".utf8))
        #expect(t.connection.keyFiles == [
            "/home/me/k/bob@t.example.net:2022-t-me-1000-ctl-ctl.example.org-t-/home/me-%", "/k/\(hash)",
        ])
        #expect(t.connection.knownHostsFile == (ProcessInfo.processInfo.environment["HOME"] ?? "") + "/kh")
        #expect(t.connection.proxyCommand == "connect t.example.net 2022 bob t %")
        #expect(t.warnings == [
            "IdentityFile '/k/%T' from ssh_config IdentityFile (cfg:7:3) is not used: unknown token '%T' "
                + "(allowed here: %% %C %L %d %h %i %k %l %n %p %r %u)",
            "IdentityFile '${PBRUN_TEST_UNSET_VARIABLE}/k' from ssh_config IdentityFile (cfg:8:3) is not used: "
                + "environment variable 'PBRUN_TEST_UNSET_VARIABLE' is not set",
        ])
        let u = inventory.resolvedConnection(for: "u", defaults: ConnectionDefaults(), sshConfig: config,
                                             identity: identity)
        #expect(u.connection.address == "u")
        #expect(u.connection.proxyCommand == nil)
        #expect(u.warnings == [
            "HostName '%h-%p' from ssh_config HostName (cfg:12:3) is not used: unknown token '%p' (allowed here: %% %h)",
            "ProxyCommand 'nc %d' from ssh_config ProxyCommand (cfg:13:3) is not used: unknown token '%d' "
                + "(allowed here: %% %h %n %p %r)",
        ])
    }

    @Test func sha1MatchesTheStandardVectors() {
        #expect(SHA1.hexDigest(of: Array("abc".utf8)) == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(SHA1.hexDigest(of: []) == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
        #expect(SHA1.hexDigest(of: Array(String(repeating: "a", count: 1000).utf8))
                == "291e9a6c66994949b57ba5e650361e98fc36b1ba")
    }

    /// `Match exec` would run a local command for every host while the configuration is read: pbrun
    /// never runs it, never matches it, and says so.
    @Test func matchExecNeverMatchesAndIsWarnedAbout() throws {
        let config = try SSHConfig.parse(text: "Match exec \"true\"\n  User never\n", path: "cfg")
        #expect(config.warnings.map(\.description) == [
            "cfg:1:1: warning: ssh config 'Match exec' is not supported: pbrun runs no command while reading "
                + "ssh_config, so this block never applies",
        ])
        #expect(config.settings(for: "any").values["user"] == nil)
    }
}
