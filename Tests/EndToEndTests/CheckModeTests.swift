import Foundation
import Testing
@testable import TestSupport

/// `pbrun run --check` end to end: the real binary against the real fleet. It connects to every host,
/// evaluates guards and `check:` probes there, compares uploads by checksum (and shows the exact diff
/// with `--diff`), and leaves no trace on any host. The fleet's hosts share this machine's file system,
/// so each test works in a folder of its own and names files per host.
@Suite(.serialized) struct CheckModeTests {
    /// One host × step of the JSON report.
    struct Result: Equatable, CustomStringConvertible {
        var status: String
        var message: String?
        var stdout: String

        var description: String { "\(status): \(message ?? "-")" + (stdout.isEmpty ? "" : "\n\(stdout)") }
    }

    /// A run's exit status, console output and results by host, then step id.
    struct CheckRun {
        let process: ProcessResult
        let results: [String: [String: Result]]
        let unreachable: [String: String]
    }

    private func workspace() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("pbrun-check-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url.appendingPathComponent("state"),
                                                withIntermediateDirectories: true)
        return url
    }

    private func check(_ playbook: String, in workspace: URL, inventory: URL, fleet: TestFleet,
                       extra: [String] = []) throws -> CheckRun {
        let playbookURL = workspace.appendingPathComponent("playbook.yml")
        try playbook.write(to: playbookURL, atomically: true, encoding: .utf8)
        let report = workspace.appendingPathComponent("report.json")
        let process = try PbrunBinary.run([
            "run", playbookURL.path, "-i", inventory.path, "--check", "--known-hosts", fleet.knownHosts.path,
            "-e", "dir=\(workspace.appendingPathComponent("state").path)", "--report", "json=\(report.path)",
            "--color", "never",
        ] + extra)
        let data = try Data(contentsOf: report)
        let document = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        var results: [String: [String: Result]] = [:]
        for play in document["plays"] as? [[String: Any]] ?? [] {
            for result in play["results"] as? [[String: Any]] ?? [] {
                guard let host = result["host"] as? String, let step = result["step"] as? [String: Any],
                      let id = step["id"] as? String, let status = result["status"] as? String else { continue }
                results[host, default: [:]][id] = Result(status: status, message: result["message"] as? String,
                                                         stdout: result["stdout_tail"] as? String ?? "")
            }
        }
        var unreachable: [String: String] = [:]
        for host in document["hosts"] as? [[String: Any]] ?? [] {
            let cause = (host["unreachable"] as? [String: Any])?["cause"] as? String
            if let name = host["name"] as? String, let cause { unreachable[name] = cause }
        }
        return CheckRun(process: process, results: results, unreachable: unreachable)
    }

    /// Every file under `folder` with its bytes, permissions and modification time.
    private func snapshot(_ folder: URL) throws -> [String: String] {
        var files: [String: String] = [:]
        let manager = FileManager.default
        for case let path as String in manager.enumerator(atPath: folder.path) ?? FileManager.DirectoryEnumerator() {
            let full = folder.appendingPathComponent(path).path
            let attributes = try manager.attributesOfItem(atPath: full)
            let bytes = manager.contents(atPath: full).map { Array($0).description } ?? "directory"
            files[path] = "\(bytes) \(attributes[.posixPermissions] ?? "") \(attributes[.modificationDate] ?? "")"
        }
        return files
    }

    // MARK: - Tests

    @Test func checkLeavesEveryHostUnchanged() throws {
        let fleet = try TestFleet.shared()
        let inventory = try fleet.iniInventory(hosts: 3, name: "check-unchanged.ini")
        let base = try workspace()
        defer { try? FileManager.default.removeItem(at: base) }
        let state = base.appendingPathComponent("state")
        for host in ["h0000", "h0001", "h0002"] {
            try "keep me\n".write(to: state.appendingPathComponent("\(host).keep"), atomically: true, encoding: .utf8)
            try "first\n".write(to: state.appendingPathComponent("\(host).log"), atomically: true, encoding: .utf8)
        }
        try "old config\n".write(to: state.appendingPathComponent("h0000.conf"), atomically: true, encoding: .utf8)
        try "name = {{ inventory_hostname }}\n".write(to: base.appendingPathComponent("app.conf.tmpl"), atomically: true,
                                                    encoding: .utf8)
        try Data([0, 1, 2, 255]).write(to: base.appendingPathComponent("data.bin"))
        try "#!/bin/sh\nrm -rf \"$1\"\n".write(to: base.appendingPathComponent("wipe.sh"), atomically: true,
                                               encoding: .utf8)
        let sleeper = Process()
        sleeper.executableURL = URL(fileURLWithPath: "/bin/sleep")
        sleeper.arguments = ["300"]
        // Its own stdio: a child holding the test runner's output pipes would keep `swift test` waiting.
        sleeper.standardInput = FileHandle.nullDevice
        sleeper.standardOutput = FileHandle.nullDevice
        sleeper.standardError = FileHandle.nullDevice
        try sleeper.run()
        defer {
            kill(sleeper.processIdentifier, SIGKILL)
            sleeper.waitUntilExit()
        }
        try "\(sleeper.processIdentifier)\n".write(to: state.appendingPathComponent("sleeper.pid"), atomically: true,
                                                   encoding: .utf8)
        let before = try snapshot(base)
        let run = try check("""
            pbrun: 1
            name: leaves no trace
            hosts: fleet
            steps:
              - name: create
                run: touch {{ dir }}/{{ inventory_hostname }}.created
              - name: delete
                run: rm -f {{ dir }}/{{ inventory_hostname }}.keep
              - name: append
                run: echo more >> {{ dir }}/{{ inventory_hostname }}.log
              - name: stop process
                run: kill $(cat {{ dir }}/sleeper.pid)
              - name: config
                template:
                  src: app.conf.tmpl
                  dest: "{{ dir }}/{{ inventory_hostname }}.conf"
                notify: restart
              - name: binary
                upload:
                  src: data.bin
                  dest: "{{ dir }}/{{ inventory_hostname }}.bin"
              - name: fetch
                download:
                  src: "{{ dir }}/{{ inventory_hostname }}.log"
                  dest: fetched
              - name: on controller
                local: touch {{ dir }}/local-ran
              - name: wipe
                script:
                  src: wipe.sh
                  args: ["{{ dir }}"]
              - name: after config
                run: rm -rf {{ dir }}
                when: steps.config.changed
            handlers:
              - name: restart
                run: rm -f {{ dir }}/{{ inventory_hostname }}.conf
            """, in: base, inventory: inventory, fleet: fleet, extra: ["--diff"])
        #expect(run.process.status == 0, "\(run.process.stdout)\n\(run.process.stderr)")
        #expect(try snapshot(base).filter { $0.key != "report.json" && $0.key != "playbook.yml" } == before)
        #expect(kill(sleeper.processIdentifier, 0) == 0, "the process was stopped")
        let dir = state.path
        let h0 = run.results["h0000"] ?? [:]
        #expect(h0["create"]?.status == "changed")
        #expect(h0["create"]?.message == "would run: touch \(dir)/h0000.created")
        #expect(h0["delete"]?.message == "would run: rm -f \(dir)/h0000.keep")
        #expect(h0["append"]?.message == "would run: echo more >> \(dir)/h0000.log")
        #expect(h0["stop-process"]?.message == "would run: kill $(cat \(dir)/sleeper.pid)")
        #expect(h0["config"]?.status == "changed")
        #expect(h0["config"]?.message?.hasPrefix("would update \(dir)/h0000.conf: sha256 ") == true)
        let created = run.results["h0001"]?["config"]?.message ?? ""
        #expect(created.hasPrefix("would create \(dir)/h0001.conf (13 bytes, sha256 "), "\(created)")
        #expect(h0["binary"]?.message?.hasPrefix("would create \(dir)/h0000.bin (4 bytes, sha256 ") == true)
        #expect(h0["fetch"]?.message == "would download \(dir)/h0000.log into \(base.path)/fetched/h0000/")
        #expect(h0["on-controller"]?.message == "would run locally: touch \(dir)/local-ran")
        #expect(h0["wipe"]?.message == "would run script: \(base.path)/wipe.sh \(dir)")
        #expect(h0["after-config"]?.status == "skipped")
        #expect(h0["after-config"]?.message == "undecided: when: 'steps.config.changed' reads results of earlier steps")
        #expect(h0["restart"]?.message == "would run: rm -f \(dir)/h0000.conf", "handlers notified by a would-change")
        #expect(run.results.count == 3)
    }

    @Test func guardsAndCheckProbesAreEvaluatedOnTheHost() throws {
        let fleet = try TestFleet.shared()
        let inventory = try fleet.iniInventory(hosts: 2, name: "check-guards.ini")
        let base = try workspace()
        defer { try? FileManager.default.removeItem(at: base) }
        let state = base.appendingPathComponent("state")
        for name in ["h0000.made", "h0000.old", "h0000.installed"] {
            try "".write(to: state.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        try "yes\n".write(to: state.appendingPathComponent("h0000.flag"), atomically: true, encoding: .utf8)
        let run = try check("""
            pbrun: 1
            name: guards
            hosts: fleet
            steps:
              - name: by creates
                run: touch {{ dir }}/{{ inventory_hostname }}.made
                creates: "{{ dir }}/{{ inventory_hostname }}.made"
              - name: by removes
                run: rm {{ dir }}/{{ inventory_hostname }}.old
                removes: "{{ dir }}/{{ inventory_hostname }}.old"
              - name: by unless
                run: echo hi > {{ dir }}/{{ inventory_hostname }}.hi
                unless: grep -q yes {{ dir }}/{{ inventory_hostname }}.flag
              - name: probed
                run: install-thing
                check: test -f {{ dir }}/{{ inventory_hostname }}.installed && test "$(id -un)" = "\(fleet.user)"
            """, in: base, inventory: inventory, fleet: fleet)
        #expect(run.process.status == 0, "\(run.process.stderr)")
        let dir = state.path
        let probe = "test -f \(dir)/HOST.installed && test \"$(id -un)\" = \"\(fleet.user)\""
        #expect(run.results["h0000"] == [
            "by-creates": Result(status: "skipped", message: "'\(dir)/h0000.made' exists (creates)", stdout: ""),
            "by-removes": Result(status: "changed", message: "would run: rm \(dir)/h0000.old", stdout: ""),
            "by-unless": Result(status: "skipped", message: "'unless' command exited 0", stdout: ""),
            "probed": Result(status: "ok", message: "check passed, nothing to do: '\(probe.replacingOccurrences(of: "HOST", with: "h0000"))'",
                             stdout: ""),
        ])
        #expect(run.results["h0001"] == [
            "by-creates": Result(status: "changed", message: "would run: touch \(dir)/h0001.made", stdout: ""),
            "by-removes": Result(status: "skipped", message: "'\(dir)/h0001.old' does not exist (removes)", stdout: ""),
            "by-unless": Result(status: "changed", message: "would run: echo hi > \(dir)/h0001.hi", stdout: ""),
            "probed": Result(status: "changed", message: "would run: install-thing (check '"
                             + probe.replacingOccurrences(of: "HOST", with: "h0001") + "': exit 1)", stdout: ""),
        ])
    }

    @Test func diffShowsExactlyWhatAnUploadWouldChange() throws {
        let fleet = try TestFleet.shared()
        let inventory = try fleet.iniInventory(hosts: 3, name: "check-diff.ini")
        let base = try workspace()
        defer { try? FileManager.default.removeItem(at: base) }
        let state = base.appendingPathComponent("state")
        try "a\nb\nc\nd\ne\nf\ng\nh\n".write(to: state.appendingPathComponent("h0000.conf"), atomically: true, encoding: .utf8)
        try "a\nB h0001\nc\nd\ne\nf\ng\nh\n".write(to: state.appendingPathComponent("h0001.conf"), atomically: true,
                                                   encoding: .utf8)
        try Data([1, 2, 3]).write(to: state.appendingPathComponent("h0000.bin"))
        try "a\nB {{ inventory_hostname }}\nc\nd\ne\nf\ng\nh\n".write(to: base.appendingPathComponent("conf.tmpl"),
                                                                     atomically: true, encoding: .utf8)
        try Data([0, 1, 2, 255]).write(to: base.appendingPathComponent("data.bin"))
        let run = try check("""
            pbrun: 1
            name: diff
            hosts: fleet
            steps:
              - name: conf
                template:
                  src: conf.tmpl
                  dest: "{{ dir }}/{{ inventory_hostname }}.conf"
              - name: bin
                upload:
                  src: data.bin
                  dest: "{{ dir }}/{{ inventory_hostname }}.bin"
            """, in: base, inventory: inventory, fleet: fleet, extra: ["--diff", "-v"])
        #expect(run.process.status == 0, "\(run.process.stderr)")
        let dir = state.path
        let h0 = run.results["h0000"] ?? [:]
        #expect(h0["conf"]?.status == "changed")
        #expect(h0["conf"]?.stdout == """
            --- h0000:\(dir)/h0000.conf
            +++ \(dir)/h0000.conf (new)
            @@ -1,5 +1,5 @@
             a
            -b
            +B h0000
             c
             d
             e

            """)
        #expect(run.results["h0001"]?["conf"]?.status == "ok")
        #expect(run.results["h0001"]?["conf"]?.message?.hasPrefix("up to date: \(dir)/h0001.conf (sha256 ") == true)
        #expect(run.results["h0002"]?["conf"]?.stdout == """
            --- /dev/null
            +++ \(dir)/h0002.conf (new)
            @@ -0,0 +1,8 @@
            +a
            +B h0002
            +c
            +d
            +e
            +f
            +g
            +h

            """)
        let bin = try #require(h0["bin"])
        #expect(bin.status == "changed")
        #expect(bin.stdout.hasPrefix("binary or too large to diff: remote 3 bytes, sha256 "
            + "039058c6f2c0cb492c533b0a4d14ef77cc0f78abccced5287d84a1a2011cfb81; new 4 bytes, sha256 "))
        #expect(run.process.stdout.contains("+B h0000"), "-v shows the diff: \(run.process.stdout)")
    }

    @Test func anUnreachableHostIsCaughtEvenWhenNoStepWouldTouchIt() throws {
        let fleet = try TestFleet.shared()
        let base = try workspace()
        defer { try? FileManager.default.removeItem(at: base) }
        let refused = try TestFleet.freePort()
        let inventory = base.appendingPathComponent("mixed.ini")
        try """
            [fleet]
            h0000 ansible_host=\(fleet.address(0)) ansible_port=\(fleet.port)
            dead ansible_host=127.0.0.1 ansible_port=\(refused)

            [fleet:vars]
            ansible_user=\(fleet.user)
            ansible_ssh_private_key_file=\(fleet.key.path)
            """.write(to: inventory, atomically: true, encoding: .utf8)
        let run = try check("""
            pbrun: 1
            name: reach
            hosts: fleet
            steps:
              - name: only on h0000
                run: echo hi
                when: inventory_hostname == 'h0000'
            """, in: base, inventory: inventory, fleet: fleet, extra: ["--connect-retries", "0"])
        #expect(run.process.status == 3, "\(run.process.stdout)\n\(run.process.stderr)")
        #expect(run.unreachable.keys.sorted() == ["dead"], "\(run.unreachable)")
        #expect(run.results["h0000"]?["only-on-h0000"]?.message == "would run: echo hi")
    }
}
