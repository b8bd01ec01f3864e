import Foundation
import Glibc
import Testing
@testable import TestSupport

/// `pbrun exec` logging in with a password (`PBRUN_PASSWORD`) and with an encrypted key
/// (`PBRUN_KEY_PASSPHRASE`, or a prompt on the terminal asked once per run), end to end.
@Suite struct AuthenticationCommandTests {
    /// A private folder for one test: an inventory with no key unless one is given, and a home folder
    /// with no keys, so nothing from the machine's own ~/.ssh or agent takes part.
    private struct Scratch {
        let directory: URL
        let fleet: TestFleet

        init(_ fleet: TestFleet) throws {
            self.fleet = fleet
            directory = FileManager.default.temporaryDirectory
                .appendingPathComponent("pbrun-auth-\(UUID().uuidString.prefix(8))")
            try FileManager.default.createDirectory(at: directory.appendingPathComponent("home"),
                                                    withIntermediateDirectories: true)
        }

        /// An INI inventory of the first `hosts` fleet hosts, with `key` as their key file.
        func inventory(hosts: Int = 1, key: URL? = nil) throws -> String {
            var text = "[fleet]\n"
            for index in 0..<hosts {
                text += String(format: "h%04d", index) + " ansible_host=\(fleet.address(index))\n"
            }
            text += "\n[fleet:vars]\nansible_port=\(fleet.port)\nansible_user=\(fleet.user)\n"
            if let key { text += "ansible_ssh_private_key_file=\(key.path)\n" }
            let url = directory.appendingPathComponent("inventory.ini")
            try text.write(to: url, atomically: true, encoding: .utf8)
            return url.path
        }

        /// A copy of the fleet's key (and its .pub) encrypted with `passphrase`.
        func encryptedKey(passphrase: String) throws -> URL {
            let key = directory.appendingPathComponent("id_encrypted")
            try FileManager.default.copyItem(at: fleet.key, to: key)
            try FileManager.default.copyItem(at: fleet.key.appendingPathExtension("pub"),
                                             to: key.appendingPathExtension("pub"))
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: key.path)
            let result = try ProcessResult.run("/usr/bin/ssh-keygen", ["-q", "-p", "-P", "", "-N", passphrase,
                                                                       "-f", key.path])
            guard result.status == 0 else { throw TestFleetError(message: "ssh-keygen -p: \(result.stderr)") }
            return key
        }

        /// The environment pbrun runs with: only what it needs, plus `extra`.
        func environment(_ extra: [String: String] = [:]) -> [String: String] {
            ["PATH": "/usr/bin:/bin", "HOME": directory.appendingPathComponent("home").path].merging(extra) { $1 }
        }

        /// `pbrun exec` on `pattern` with this scratch folder's environment, without a terminal.
        func exec(_ inventory: String, _ pattern: String = "h0000", _ extra: [String: String] = [:],
                  arguments: [String] = []) throws -> ProcessResult {
            try PbrunBinary.run(["exec", "-i", inventory, pattern, "--known-hosts",
                                                fleet.knownHosts.path, "--connect-retries", "0"]
                + arguments + ["--", "echo logged-in"], environment: environment(extra))
        }

        func remove() { try? FileManager.default.removeItem(at: directory) }
    }

    private func unreachable(_ fleet: TestFleet, _ index: Int = 0) -> String {
        String(format: "h%04d", index) + " (\(fleet.address(index)):\(fleet.port)): unreachable: "
    }

    // MARK: - Passwords

    @Test(.enabled(if: getuid() == 0, "the fleet gives its user a password only when started as root"))
    func theRightPasswordFromTheEnvironmentLogsIn() throws {
        let fleet = try TestFleet.shared()
        let scratch = try Scratch(fleet)
        defer { scratch.remove() }
        let password = try #require(fleet.password)
        let run = try scratch.exec(try scratch.inventory(), "h0000", ["PBRUN_PASSWORD": password])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("h0000: logged-in\n"))
        #expect(!run.stdout.contains(password) && !run.stderr.contains(password))
    }

    @Test(.enabled(if: getuid() == 0, "the fleet gives its user a password only when started as root"))
    func aWrongPasswordExitsThreeNamingWhatWasTriedAndWhatTheServerAccepts() throws {
        let fleet = try TestFleet.shared()
        let scratch = try Scratch(fleet)
        defer { scratch.remove() }
        let run = try scratch.exec(try scratch.inventory(), "h0000", ["PBRUN_PASSWORD": "not-the-password"])
        #expect(run.status == 3)
        #expect(run.stderr == unreachable(fleet) + """
            authentication failed for user \(fleet.user)
              Tried: password from PBRUN_PASSWORD; the server accepts: publickey,password.

            """)
        #expect(!run.stderr.contains("not-the-password"))
    }

    @Test(.enabled(if: getuid() == 0, "the fleet gives its user a password only when started as root"))
    func pbrunRunLogsInWithThePasswordFromTheEnvironmentToo() throws {
        let fleet = try TestFleet.shared()
        let scratch = try Scratch(fleet)
        defer { scratch.remove() }
        let password = try #require(fleet.password)
        let playbook = scratch.directory.appendingPathComponent("p.yml")
        try "pbrun: 1\nhosts: all\nsteps:\n  - run: echo logged-in\n"
            .write(to: playbook, atomically: true, encoding: .utf8)
        let arguments = ["run", playbook.path, "-i", try scratch.inventory(hosts: 2), "--known-hosts",
                         fleet.knownHosts.path, "--color", "never", "--connect-retries", "0"]
        let run = try PbrunBinary.run(arguments,
                                        environment: scratch.environment(["PBRUN_PASSWORD": password]))
        #expect(run.status == 0, "stdout: \(run.stdout) stderr: \(run.stderr)")
        let wrong = try PbrunBinary.run(arguments,
                                          environment: scratch.environment(["PBRUN_PASSWORD": "x"]))
        #expect(wrong.status == 3)
        #expect((wrong.stdout + wrong.stderr).contains("Tried: password from PBRUN_PASSWORD; the server accepts: "
            + "publickey,password."), "stdout: \(wrong.stdout) stderr: \(wrong.stderr)")
    }

    @Test func pbrunExecUsesTheAgentFromSSHAuthSock() throws {
        let fleet = try TestFleet.shared()
        let scratch = try Scratch(fleet)
        defer { scratch.remove() }
        let agent = try TestAgent()
        defer { agent.stop() }
        try agent.add(fleet.key)
        let run = try scratch.exec(try scratch.inventory(hosts: 3), "fleet", ["SSH_AUTH_SOCK": agent.socket])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.components(separatedBy: ": logged-in\n").count == 4)
        #expect(agent.listings == 1 && agent.signatures == 3)
    }

    @Test func askPassWithoutATerminalIsABadOption() throws {
        let fleet = try TestFleet.shared()
        let scratch = try Scratch(fleet)
        defer { scratch.remove() }
        let run = try scratch.exec(try scratch.inventory(), arguments: ["--ask-pass"])
        #expect(run.status == 5)
        #expect(run.stderr.hasPrefix("pbrun exec: --ask-pass needs a terminal to ask on; set PBRUN_PASSWORD instead"),
                "\(run.stderr)")
    }

    // MARK: - Encrypted keys

    @Test func anEncryptedKeyOpensWithThePassphraseFromTheEnvironment() throws {
        let fleet = try TestFleet.shared()
        let scratch = try Scratch(fleet)
        defer { scratch.remove() }
        let key = try scratch.encryptedKey(passphrase: "correct horse")
        let run = try scratch.exec(try scratch.inventory(hosts: 3, key: key), "fleet",
                                   ["PBRUN_KEY_PASSPHRASE": "correct horse"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.components(separatedBy: ": logged-in\n").count == 4)
    }

    @Test func aWrongPassphraseSaysTheKeyCouldNotBeDecrypted() throws {
        let fleet = try TestFleet.shared()
        let scratch = try Scratch(fleet)
        defer { scratch.remove() }
        let key = try scratch.encryptedKey(passphrase: "correct horse")
        let run = try scratch.exec(try scratch.inventory(key: key), "h0000", ["PBRUN_KEY_PASSPHRASE": "battery staple"])
        #expect(run.status == 3)
        #expect(run.stderr == unreachable(fleet) + """
            authentication failed for user \(fleet.user)
              Tried: publickey \(key.path); the server accepts: \(fleet.offeredMethods).
              key \(key.path) could not be decrypted with the passphrase from PBRUN_KEY_PASSPHRASE (wrong passphrase?)

            """)
    }

    @Test func aMissingPassphraseWithoutATerminalSaysToSetTheVariable() throws {
        let fleet = try TestFleet.shared()
        let scratch = try Scratch(fleet)
        defer { scratch.remove() }
        let key = try scratch.encryptedKey(passphrase: "correct horse")
        let run = try scratch.exec(try scratch.inventory(key: key))
        #expect(run.status == 3)
        #expect(run.stderr == unreachable(fleet) + """
            authentication failed for user \(fleet.user)
              Tried: nothing (no usable key file); the server accepts: \(fleet.offeredMethods).
              key \(key.path) is encrypted: set PBRUN_KEY_PASSPHRASE (there is no terminal to ask for its passphrase on)

            """)
    }

    // MARK: - Prompts on a terminal

    @Test func onATerminalThePassphraseIsAskedOncePerRunWithEchoOff() throws {
        let fleet = try TestFleet.shared()
        let scratch = try Scratch(fleet)
        defer { scratch.remove() }
        let key = try scratch.encryptedKey(passphrase: "correct horse")
        let inventory = try scratch.inventory(hosts: 4, key: key)
        let terminal = try TerminalSession([PbrunBinary.path(), "exec", "-i", inventory, "fleet", "--known-hosts",
                                            fleet.knownHosts.path, "--", "echo logged-in"],
                                           environment: scratch.environment())
        let prompt = "Enter passphrase for key \(key.path): "
        #expect(terminal.waitFor(prompt))
        terminal.type("correct horse\n")
        let status = terminal.finish()
        #expect(status == 0, "\(terminal.text)")
        #expect(terminal.text.components(separatedBy: prompt).count == 2, "\(terminal.text)")
        #expect(terminal.text.components(separatedBy: ": logged-in").count == 5, "\(terminal.text)")
        #expect(!terminal.text.contains("correct horse"))
    }

    @Test func aWrongPassphraseTypedAtThePromptIsNotAskedAgain() throws {
        let fleet = try TestFleet.shared()
        let scratch = try Scratch(fleet)
        defer { scratch.remove() }
        let key = try scratch.encryptedKey(passphrase: "correct horse")
        let terminal = try TerminalSession([PbrunBinary.path(), "exec", "-i", try scratch.inventory(hosts: 3, key: key),
                                            "fleet", "--known-hosts", fleet.knownHosts.path, "--", "echo logged-in"],
                                           environment: scratch.environment())
        let prompt = "Enter passphrase for key \(key.path): "
        #expect(terminal.waitFor(prompt))
        terminal.type("battery staple\n")
        if fleet.password != nil {
            // No key worked and the server accepts passwords: pbrun asks for one, as ssh does; Ctrl-D
            // gives none.
            #expect(terminal.waitFor("SSH password: "))
            terminal.type("\u{04}")
        }
        #expect(terminal.finish() == 3, "\(terminal.text)")
        #expect(terminal.text.components(separatedBy: prompt).count == 2, "\(terminal.text)")
        #expect(terminal.text.contains("key \(key.path) could not be decrypted with the passphrase typed at the "
            + "prompt (wrong passphrase?)"), "\(terminal.text)")
        #expect(!terminal.text.contains("battery staple"))
    }

    @Test(.enabled(if: getuid() == 0, "the fleet gives its user a password only when started as root"))
    func onATerminalThePasswordIsAskedOnceWhenNoKeyWorks() throws {
        let fleet = try TestFleet.shared()
        let scratch = try Scratch(fleet)
        defer { scratch.remove() }
        let password = try #require(fleet.password)
        let terminal = try TerminalSession([PbrunBinary.path(), "exec", "-i", try scratch.inventory(hosts: 3), "fleet",
                                            "--known-hosts", fleet.knownHosts.path, "--", "echo logged-in"],
                                           environment: scratch.environment())
        #expect(terminal.waitFor("SSH password: "))
        terminal.type(password + "\n")
        let status = terminal.finish()
        #expect(status == 0, "\(terminal.text)")
        #expect(terminal.text.components(separatedBy: "SSH password: ").count == 2, "\(terminal.text)")
        #expect(terminal.text.components(separatedBy: ": logged-in").count == 4, "\(terminal.text)")
        #expect(!terminal.text.contains(password))
    }

    @Test(.enabled(if: getuid() == 0, "the fleet gives its user a password only when started as root"))
    func askPassAsksBeforeConnecting() throws {
        let fleet = try TestFleet.shared()
        let scratch = try Scratch(fleet)
        defer { scratch.remove() }
        let password = try #require(fleet.password)
        let terminal = try TerminalSession([PbrunBinary.path(), "exec", "-i", try scratch.inventory(hosts: 2), "fleet",
                                            "--ask-pass", "--known-hosts", fleet.knownHosts.path, "--",
                                            "echo logged-in"], environment: scratch.environment())
        #expect(terminal.waitFor("SSH password: "))
        terminal.type(password + "\n")
        #expect(terminal.finish() == 0, "\(terminal.text)")
        #expect(terminal.text.components(separatedBy: ": logged-in").count == 3, "\(terminal.text)")
    }
}
