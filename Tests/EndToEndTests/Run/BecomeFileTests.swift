import Foundation
import Testing
@testable import TestSupport

/// `upload`, `template` and `download` with `become`: SFTP runs as the login user, so the files go
/// through a private temporary file and the become user's shell, and check mode and `--diff` read
/// what is there as that user. The fleet's hosts share this machine's file system: each test makes
/// a directory only root may enter.
@Suite(.enabled(if: getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/sudo"),
                "a root-only directory and the fleet's sudo rule need the tests to run as root"))
struct BecomeFileTests {
    /// A directory only root may enter, removed when `body` ends.
    private func withRootOnlyDirectory<T>(_ body: (String) throws -> T) throws -> T {
        let path = "/tmp/pbrun-root-only-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false,
                                                attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try body(path)
    }

    /// Results of the JSON report at `path` by step id: status, message and stdout tail.
    private func results(_ path: String) throws -> [String: (status: String, message: String, stdout: String)] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let document = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        var results: [String: (status: String, message: String, stdout: String)] = [:]
        for play in document["plays"] as? [[String: Any]] ?? [] {
            for result in play["results"] as? [[String: Any]] ?? [] {
                guard let id = (result["step"] as? [String: Any])?["id"] as? String else { continue }
                results[id] = (result["status"] as? String ?? "", result["message"] as? String ?? "",
                               result["stdout_tail"] as? String ?? "")
            }
        }
        return results
    }

    @Test func anUploadWithBecomeReachesARootOnlyDirectoryWithItsOwnerAndMode() throws {
        let fleet = try TestFleet.shared()
        let scratch = try RunScratch()
        _ = try scratch.write("app.conf", "listen 8080\n")
        try withRootOnlyDirectory { directory in
            let destination = directory + "/app.conf"
            let playbook = try scratch.write("install.yml", """
                pbrun: 1
                hosts: h0000
                steps:
                  - name: install
                    upload: {src: app.conf, dest: \(destination), mode: "0640", owner: daemon, group: root}
                    become: true
                  - name: again
                    upload: {src: app.conf, dest: \(destination), mode: "0640", owner: daemon, group: root}
                    become: true
                """)
            let report = scratch.path("report.json")
            let result = try fleet.run(playbook, ["--report", "json=\(report)"])
            #expect(result.status == 0, "stdout: \(result.stdout) stderr: \(result.stderr)")
            #expect(FileManager.default.contents(atPath: destination) == Data("listen 8080\n".utf8))
            var info = stat()
            #expect(stat(destination, &info) == 0)
            #expect(info.st_mode & 0o7777 == 0o640)
            #expect(info.st_uid == getpwnam("daemon")?.pointee.pw_uid)
            #expect(info.st_gid == 0)
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["app.conf"])
            let steps = try results(report)
            #expect(steps["install"]?.status == "changed")
            #expect(steps["again"]?.status == "ok")
        }
    }

    @Test func aDownloadWithBecomeReadsARootOnlyFile() throws {
        let fleet = try TestFleet.shared()
        let scratch = try RunScratch()
        try withRootOnlyDirectory { directory in
            let source = directory + "/secret.txt"
            FileManager.default.createFile(atPath: source, contents: Data("root only\n\u{0}\u{FF}".utf8),
                                           attributes: [.posixPermissions: 0o600])
            let playbook = try scratch.write("fetch.yml", """
                pbrun: 1
                hosts: h0000
                steps:
                  - name: fetch
                    download: {src: \(source), dest: \(scratch.path("fetched"))}
                    become: true
                """)
            let result = try fleet.run(playbook)
            #expect(result.status == 0, "stdout: \(result.stdout) stderr: \(result.stderr)")
            #expect(scratch.read("fetched/h0000/secret.txt") == "root only\n\u{0}\u{FF}")
            #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path("fetched/h0000"))
                == ["secret.txt"])
        }
    }

    @Test func checkModeAndDiffCompareWhatTheBecomeUserSees() throws {
        let fleet = try TestFleet.shared()
        let scratch = try RunScratch()
        _ = try scratch.write("same.conf", "same\n")
        _ = try scratch.write("new.conf", "new\n")
        try withRootOnlyDirectory { directory in
            for (name, text) in [("same.conf", "same\n"), ("changed.conf", "old\n")] {
                FileManager.default.createFile(atPath: directory + "/" + name, contents: Data(text.utf8),
                                               attributes: [.posixPermissions: 0o600])
            }
            let playbook = try scratch.write("check.yml", """
                pbrun: 1
                hosts: h0000
                become: true
                steps:
                  - name: same
                    upload: {src: same.conf, dest: \(directory)/same.conf}
                  - name: changed
                    template: {src: new.conf, dest: \(directory)/changed.conf}
                """)
            let report = scratch.path("report.json")
            let result = try fleet.run(playbook, ["--check", "--diff", "--report", "json=\(report)"])
            #expect(result.status == 0, "stdout: \(result.stdout) stderr: \(result.stderr)")
            let steps = try results(report)
            #expect(steps["same"]?.status == "ok")
            #expect(steps["same"]?.message.hasPrefix("up to date: \(directory)/same.conf") == true,
                    "\(String(describing: steps["same"]))")
            #expect(steps["changed"]?.status == "changed")
            #expect(steps["changed"]?.message.hasPrefix("would update \(directory)/changed.conf: sha256 ") == true,
                    "\(String(describing: steps["changed"]))")
            #expect(steps["changed"]?.stdout == """
                --- h0000:\(directory)/changed.conf
                +++ \(directory)/changed.conf (new)
                @@ -1 +1 @@
                -old
                +new

                """)
            #expect(FileManager.default.contents(atPath: directory + "/changed.conf") == Data("old\n".utf8))
        }
    }
}
