import Foundation
import Testing
@testable import TestSupport

/// `pbrun run` end to end: the real binary against the real fleet, its exit code, console, output
/// files and reports.
@Suite struct RunCommandTests {
    @Test func helloPlaybookRunsOnEveryHostAndWritesOutputFiles() throws {
        let fleet = try TestFleet.shared()
        let scratch = try RunScratch()
        let playbook = TestFleet.projectRoot.appendingPathComponent("playbooks/hello.yml").path
        let result = try fleet.run(playbook, ["--output-dir", scratch.path("out"), "--limit", "h0000,h0001"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(scratch.read("out/h0000/01-say-hello.stdout") == "hello from h0000 (127.0.0.2) as \(fleet.user)\n")
        #expect(scratch.read("out/h0001/01-say-hello.stdout") == "hello from h0001 (127.0.0.3) as \(fleet.user)\n")
        #expect(scratch.read("out/h0001/01-say-hello.stderr") == "")
        #expect(scratch.exists("out/h0000/02-show-uptime.stdout"))
        #expect(!scratch.exists("out/h0002"))
        #expect(result.stdout.contains("RECAP"))
    }

    @Test func invalidPlaybookExitsFourAndTouchesNoHost() throws {
        let fleet = try TestFleet.shared()
        let scratch = try RunScratch()
        let playbook = try scratch.write("bad.yml", """
            pbrun: 1
            hosts: all
            steps:
              - name: one
                run: echo {{ not_defined_anywhere }}
            """)
        let result = try fleet.run(playbook, ["--output-dir", scratch.path("out")])
        #expect(result.status == 4)
        #expect(result.stderr.contains("\(playbook):5:"), "stderr: \(result.stderr)")
        #expect(result.stderr.contains("not_defined_anywhere"))
        #expect(!scratch.exists("out"))
    }

    @Test func failedStepExitsTwoAndStopsThatHostOnly() throws {
        let fleet = try TestFleet.shared()
        let scratch = try RunScratch()
        let playbook = try scratch.write("fail.yml", """
            pbrun: 1
            hosts: h0000,h0001
            steps:
              - name: fail on the first host
                run: '[ "{{ inventory_hostname }}" != h0000 ] || exit 3'
              - name: after
                run: echo after
            """)
        let result = try fleet.run(playbook, ["--output-dir", scratch.path("out"), "--report", "json=\(scratch.path("report.json"))"])
        #expect(result.status == 2, "stderr: \(result.stderr)")
        #expect(!scratch.exists("out/h0000/02-after.stdout"))
        #expect(scratch.read("out/h0001/02-after.stdout") == "after\n")
        let report = try scratch.report()
        #expect(report["format"] as? Int == 1)
    }

    @Test func unreachableHostExitsThreeWhenNoneFailed() throws {
        let fleet = try TestFleet.shared()
        let scratch = try RunScratch()
        let deadPort = try TestFleet.freePort()
        let inventory = try scratch.write("inventory.ini", """
            h0000 ansible_host=127.0.0.2 ansible_port=\(fleet.port)
            dead ansible_host=127.0.0.1 ansible_port=\(deadPort)

            [all:vars]
            ansible_user=\(fleet.user)
            ansible_ssh_private_key_file=\(fleet.key.path)
            """)
        let playbook = try scratch.write("p.yml", "pbrun: 1\nhosts: all\nsteps:\n  - run: echo hi\n")
        let result = try PbrunBinary.run([
            "run", playbook, "-i", inventory, "--known-hosts", fleet.knownHosts.path, "--color", "never",
            "--connect-timeout", "5",
        ])
        #expect(result.status == 3, "stdout: \(result.stdout) stderr: \(result.stderr)")
        #expect((result.stdout + result.stderr).contains("dead"))
    }

    @Test func canaryFailureStopsTheRestOfTheDeploy() throws {
        let fleet = try TestFleet.shared()
        let scratch = try RunScratch()
        let playbook = try scratch.write("canary.yml", """
            pbrun: 1
            hosts: h0000,h0001,h0002,h0003
            serial: [1, "100%"]
            max_fail_percentage: 0
            steps:
              - name: deploy
                run: '[ "{{ inventory_hostname }}" != h0000 ] || exit 1'
            """)
        let result = try fleet.run(playbook, ["--output-dir", scratch.path("out"), "--report", "json=\(scratch.path("report.json"))"])
        #expect(result.status == 2)
        #expect(scratch.exists("out/h0000/01-deploy.stdout"))
        for host in ["h0001", "h0002", "h0003"] { #expect(!scratch.exists("out/\(host)/01-deploy.stdout")) }
        #expect(result.stdout.contains("max_fail_percentage"), "stdout: \(result.stdout)")
    }

    @Test func maxFailPercentageToleratesExactlyTheThreshold() throws {
        let fleet = try TestFleet.shared()
        let scratch = try RunScratch()
        // 4 hosts, one batch; 2 fail = 50%, exactly at the threshold: the run goes on to step 2.
        let playbook = try scratch.write("edge.yml", """
            pbrun: 1
            hosts: h0000,h0001,h0002,h0003
            max_fail_percentage: 50
            steps:
              - name: half fail
                run: 'case "{{ inventory_hostname }}" in h0000|h0001) exit 1;; esac'
              - name: second
                run: echo second
            """)
        let atThreshold = try fleet.run(playbook, ["--output-dir", scratch.path("at")])
        #expect(atThreshold.status == 2)
        #expect(scratch.read("at/h0002/02-second.stdout") == "second\n")

        let over = try scratch.write("over.yml", """
            pbrun: 1
            hosts: h0000,h0001,h0002,h0003
            max_fail_percentage: 49
            steps:
              - name: half fail
                run: 'case "{{ inventory_hostname }}" in h0000|h0001) exit 1;; esac'
              - name: second
                run: echo second
            """)
        let overThreshold = try fleet.run(over, ["--output-dir", scratch.path("over")])
        #expect(overThreshold.status == 2)
        #expect(!scratch.exists("over/h0002/02-second.stdout"))
    }

    /// `-e` values appear in the JSON report as JSON of their own type, not as encoded JSON text.
    @Test func extraVarsAreRecordedOnceEncodedWithTheirTypes() throws {
        let fleet = try TestFleet.shared()
        let scratch = try RunScratch()
        let playbook = try scratch.write("vars.yml", """
            pbrun: 1
            hosts: h0000
            steps:
              - name: show
                run: echo {{ version }} {{ replicas }}
            """)
        let result = try fleet.run(playbook, ["-e", "version=2.5.0", "-e", #"{"replicas": 3, "zones": ["a"]}"#,
                                              "--report", "json=\(scratch.path("report.json"))"])
        #expect(result.status == 0, "stdout: \(result.stdout) stderr: \(result.stderr)")
        let provenance = try #require(try scratch.report()["provenance"] as? [String: Any])
        let extras = try #require(provenance["extra_vars"] as? [String: Any])
        #expect(extras["version"] as? String == "2.5.0")
        #expect(extras["replicas"] as? Int == 3)
        #expect(extras["zones"] as? [String] == ["a"])
    }

    @Test func ignoreErrorsRecordsTheFailureAndGoesOn() throws {
        let fleet = try TestFleet.shared()
        let scratch = try RunScratch()
        let playbook = try scratch.write("ignore.yml", """
            pbrun: 1
            hosts: h0000
            steps:
              - name: may fail
                run: exit 4
                ignore_errors: true
              - name: then
                run: echo then
            """)
        let result = try fleet.run(playbook, ["--output-dir", scratch.path("out")])
        #expect(result.status == 0, "stdout: \(result.stdout)")
        #expect(scratch.read("out/h0000/02-then.stdout") == "then\n")
        #expect(result.stdout.contains("ignored=1"), "stdout: \(result.stdout)")
    }

    @Test func retriesUntilTheConditionHolds() throws {
        let fleet = try TestFleet.shared()
        let scratch = try RunScratch()
        let marker = "/tmp/pbrun-retry-\(UUID().uuidString)"
        let playbook = try scratch.write("retry.yml", """
            pbrun: 1
            hosts: h0000
            steps:
              - name: count
                run: echo x >> \(marker); wc -l < \(marker)
                until: stdout | trim | int >= 3
                retries: 5
                delay: 0s
              - name: cleanup
                run: rm -f \(marker)
            """)
        let result = try fleet.run(playbook, ["--output-dir", scratch.path("out")])
        #expect(result.status == 0, "stdout: \(result.stdout) stderr: \(result.stderr)")
        #expect(scratch.read("out/h0000/01-count.stdout") == "3\n")
    }

    @Test func handlersRunOnlyWhereNotified() throws {
        let fleet = try TestFleet.shared()
        let scratch = try RunScratch()
        let playbook = try scratch.write("handlers.yml", """
            pbrun: 1
            hosts: h0000,h0001
            steps:
              - name: change on one host
                run: echo step
                changed_when: inventory_hostname == 'h0000'
                notify: restart
            handlers:
              - name: restart
                run: echo restarted
            """)
        let result = try fleet.run(playbook, ["--output-dir", scratch.path("out")])
        #expect(result.status == 0, "stdout: \(result.stdout) stderr: \(result.stderr)")
        #expect(scratch.read("out/h0000/h01-restart.stdout") == "restarted\n")
        #expect(!scratch.exists("out/h0001/h01-restart.stdout"))
    }

    @Test func handlersNotifiedByHandlersRunInOrderOncePerHost() throws {
        let fleet = try TestFleet.shared()
        let scratch = try RunScratch()
        let log = "/tmp/pbrun-chain-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: log) }
        let playbook = try scratch.write("chain.yml", """
            pbrun: 1
            hosts: h0000
            steps:
              - name: change
                run: "true"
                notify: [first, quiet]
            handlers:
              - name: zero
                run: echo zero >> \(log)
              - name: first
                run: echo first >> \(log)
                notify: second
              - name: quiet
                run: echo quiet >> \(log)
                changed_when: false
                notify: never
              - name: second
                run: echo second >> \(log)
                notify: third
              - name: third
                run: echo third >> \(log)
                notify: [first, zero]
              - name: never
                run: echo never >> \(log)
            """)
        let result = try fleet.run(playbook, ["--output-dir", scratch.path("out")])
        #expect(result.status == 0, "stdout: \(result.stdout) stderr: \(result.stderr)")
        #expect((try? String(contentsOfFile: log, encoding: .utf8)) == "first\nquiet\nsecond\nthird\nzero\n")
        #expect(scratch.read("out/h0000/h02-first.stdout") == "")
        #expect(!scratch.exists("out/h0000/h06-never.stdout"))
        let never = scratch.read("out/h0000/h06-never.json") ?? ""
        #expect(never.contains("handler not notified"), "never: \(never)")
    }

    @Test func runOnceAndLocalSteps() throws {
        let fleet = try TestFleet.shared()
        let scratch = try RunScratch()
        let playbook = try scratch.write("once.yml", """
            pbrun: 1
            hosts: h0000,h0001,h0002
            steps:
              - name: once
                run: echo once
                run_once: true
              - name: on the controller
                local: echo local-{{ inventory_hostname }} >> \(scratch.path("local.txt"))
            """)
        let result = try fleet.run(playbook, ["--output-dir", scratch.path("out")])
        #expect(result.status == 0, "stdout: \(result.stdout) stderr: \(result.stderr)")
        #expect(scratch.read("out/h0000/01-once.stdout") == "once\n")
        #expect(!scratch.exists("out/h0001/01-once.stdout"))
        let local = scratch.read("local.txt")?.split(separator: "\n").sorted()
        #expect(local == ["local-h0000", "local-h0001", "local-h0002"])
    }

    @Test func uploadIsChangedThenOkAndTemplateRendersPerHost() throws {
        let fleet = try TestFleet.shared()
        let scratch = try RunScratch()
        let remote = "/tmp/pbrun-upload-\(UUID().uuidString)"
        try scratch.write("files/motd.txt", "static content\n")
        try scratch.write("files/motd.tmpl", "host={{ inventory_hostname }}\n")
        let playbook = try scratch.write("upload.yml", """
            pbrun: 1
            hosts: h0000
            steps:
              - name: upload
                upload: {src: files/motd.txt, dest: \(remote).txt, mode: "0600"}
              - name: template
                template: {src: files/motd.tmpl, dest: \(remote).conf}
              - name: show
                run: cat \(remote).txt \(remote).conf; stat -c %a \(remote).txt
            """)
        let first = try fleet.run(playbook, ["--report", "json=\(scratch.path("report.json"))", "--output-dir", scratch.path("out1")])
        #expect(first.status == 0, "stdout: \(first.stdout) stderr: \(first.stderr)")
        #expect(scratch.read("out1/h0000/03-show.stdout") == "static content\nhost=h0000\n600\n")
        #expect(first.stdout.contains("h0000 | 01-upload | changed"), "stdout: \(first.stdout)")
        let second = try fleet.run(playbook, ["--output-dir", scratch.path("out2")])
        #expect(second.status == 0)
        #expect(second.stdout.contains("h0000 | 01-upload | ok"), "stdout: \(second.stdout)")
        #expect(second.stdout.contains("h0000 | 02-template | ok"), "stdout: \(second.stdout)")
    }

    @Test func whenReadsAnEarlierStepsResult() throws {
        let fleet = try TestFleet.shared()
        let scratch = try RunScratch()
        let playbook = try scratch.write("when.yml", """
            pbrun: 1
            hosts: h0000
            steps:
              - name: probe
                run: echo ready
              - name: only when ready
                run: echo went ahead
                when: steps.probe.stdout | trim == 'ready'
              - name: never
                run: echo nope
                when: steps.probe.exit != 0
            """)
        let result = try fleet.run(playbook, ["--output-dir", scratch.path("out")])
        #expect(result.status == 0, "stdout: \(result.stdout) stderr: \(result.stderr)")
        #expect(scratch.read("out/h0000/02-only-when-ready.stdout") == "went ahead\n")
        #expect(!scratch.exists("out/h0000/03-never.stdout"))
    }

    @Test func timedOutStepIsStoppedOnTheHost() throws {
        let fleet = try TestFleet.shared()
        let scratch = try RunScratch()
        let marker = "pbrun-timeout-\(UUID().uuidString.prefix(8))"
        let playbook = try scratch.write("timeout.yml", """
            pbrun: 1
            hosts: h0000
            steps:
              - name: too slow
                run: sleep 60 # \(marker)
                timeout: 1s
            """)
        let result = try fleet.run(playbook, ["--output-dir", scratch.path("out")])
        #expect(result.status == 2)
        #expect(result.stdout.contains("timed out"), "stdout: \(result.stdout)")
        // The command's process group was killed on the host.
        Thread.sleep(forTimeInterval: 0.5)
        #expect(processes(matching: marker).isEmpty)
    }

    @Test func retryFileListsFailedAndUnreachableHosts() throws {
        let fleet = try TestFleet.shared()
        let scratch = try RunScratch()
        let playbook = try scratch.write("r.yml", """
            pbrun: 1
            hosts: h0000,h0001
            steps:
              - run: '[ "{{ inventory_hostname }}" != h0001 ]'
            """)
        let result = try fleet.run(playbook, ["--retry-file", scratch.path("retry.txt")])
        #expect(result.status == 2)
        #expect(scratch.read("retry.txt") == "h0001\n")
    }
}

/// Step selection and privilege: `--tags`, `--skip-tags`, `--step`, `--start-at-step`, `become`.
@Suite struct RunSelectionTests {
    private func playbook(_ scratch: RunScratch) throws -> String {
        try scratch.write("tags.yml", """
            pbrun: 1
            hosts: h0000
            steps:
              - name: build
                run: echo build
                tags: [build]
              - name: test
                run: echo test
                tags: [test]
              - name: deploy
                run: echo deploy
                tags: [deploy, never]
              - name: audit
                run: echo audit
                tags: [always]
            """)
    }

    private func ran(_ scratch: RunScratch, _ out: String) -> [String] {
        ["01-build", "02-test", "03-deploy", "04-audit"].filter { scratch.exists("\(out)/h0000/\($0).stdout") }
    }

    @Test func tagsSkipTagsStepAndStartAt() throws {
        let fleet = try TestFleet.shared()
        let scratch = try RunScratch()
        let path = try playbook(scratch)
        #expect(try fleet.run(path, ["-o", scratch.path("all")]).status == 0)
        #expect(ran(scratch, "all") == ["01-build", "02-test", "04-audit"])
        #expect(try fleet.run(path, ["-o", scratch.path("tags"), "--tags", "test,deploy"]).status == 0)
        #expect(ran(scratch, "tags") == ["02-test", "03-deploy", "04-audit"])
        #expect(try fleet.run(path, ["-o", scratch.path("skip"), "--skip-tags", "build,always"]).status == 0)
        #expect(ran(scratch, "skip") == ["02-test"])
        #expect(try fleet.run(path, ["-o", scratch.path("step"), "--step", "test"]).status == 0)
        #expect(ran(scratch, "step") == ["02-test"])
        #expect(try fleet.run(path, ["-o", scratch.path("start"), "--start-at-step", "test"]).status == 0)
        #expect(ran(scratch, "start") == ["02-test", "04-audit"])
        let unknown = try fleet.run(path, ["--step", "tset"])
        #expect(unknown.status == 4)
        #expect(unknown.stderr.contains("no step is named 'tset' (did you mean 'test'?)"), "stderr: \(unknown.stderr)")
    }

    @Test(.enabled(if: getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/sudo"),
                   "the fleet allows sudo when it is started as root on a machine with sudo"))
    func becomeRunsThroughSudo() throws {
        let fleet = try TestFleet.shared()
        let scratch = try RunScratch()
        let path = try scratch.write("become.yml", """
            pbrun: 1
            hosts: h0000
            steps:
              - name: as root
                run: id -un
                become: true
              - name: as nobody
                run: id -un
                become: true
                become_user: nobody
              - name: as the login user
                run: id -un
            """)
        let result = try fleet.run(path, ["-o", scratch.path("out")])
        #expect(result.status == 0, "stdout: \(result.stdout) stderr: \(result.stderr)")
        #expect(scratch.read("out/h0000/01-as-root.stdout") == "root\n")
        #expect(scratch.read("out/h0000/02-as-nobody.stdout") == "nobody\n")
        #expect(scratch.read("out/h0000/03-as-the-login-user.stdout") == "\(fleet.user)\n")
    }
}

/// `--limit @FILE` reads a retry file, as Ansible's `--limit @retry_file` does.
@Suite struct RunLimitFileTests {
    @Test func limitFromARetryFile() throws {
        let fleet = try TestFleet.shared()
        let scratch = try RunScratch()
        try scratch.write("retry.txt", "h0001\nh0003\n")
        let playbook = try scratch.write("p.yml", "pbrun: 1\nhosts: all\nsteps:\n  - name: hi\n    run: echo hi\n")
        let result = try fleet.run(playbook, ["-o", scratch.path("out"), "--limit", "@\(scratch.path("retry.txt"))"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let ran = (try? FileManager.default.contentsOfDirectory(atPath: scratch.path("out")))?.sorted()
        #expect(ran == ["h0001", "h0003"])
    }
}
