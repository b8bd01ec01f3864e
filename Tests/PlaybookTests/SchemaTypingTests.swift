import Testing
import Playbook

/// Scalars are typed by the field that reads them (DESIGN.md, decision 1), and the smaller rules
/// of the format: the inline play, step ids, durations, serial forms.
@Suite struct SchemaTypingTests {
    /// Checks `text` as a playbook at /tmp/pbrun-typing/playbook.yml.
    private func check(_ text: String) -> PlaybookCheck {
        PlaybookLoader.check(text: text, file: "/tmp/pbrun-typing/playbook.yml")
    }

    private func play(_ text: String) throws -> Play {
        let result = check(text)
        #expect(result.diagnostics.map(\.description) == [])
        return try #require(result.playbook?.allPlays.first)
    }

    private func messages(_ text: String) -> [String] {
        check(text).diagnostics.map { $0.description.replacingOccurrences(of: "/tmp/pbrun-typing/", with: "") }
    }

    @Test func theBenchmarkShapeValidates() throws {
        let play = try play("""
            pbrun: 1
            name: seed workload
            hosts: fleet
            steps:
              - name: cat 1
                run: cat /path/payload.txt
              - name: cat 2
                run: cat /path/payload.txt
            """)
        #expect(play.name?.value == "seed workload")
        #expect(play.hosts.value == "fleet")
        #expect(play.steps.map(\.id.value) == ["cat-1", "cat-2"])
        #expect(play.graph.order == [0, 1])
    }

    @Test(arguments: ["yes", "YES", "On", "true", "TRUE", "tRuE", "\"yes\""])
    func booleanFieldsAcceptEveryTrueSpelling(_ word: String) throws {
        let play = try play("pbrun: 1\nhosts: all\nbecome: \(word)\nsteps:\n  - run: id\n")
        #expect(play.become)
    }

    @Test func stringFieldsKeepTheTextThatLooksLikeANumberOrBoolean() throws {
        let play = try play("""
            pbrun: 1
            name: 1.10
            hosts: all
            env: {VERSION: 1.10, DEBUG: yes, EMPTY: }
            steps:
              - name: yes
                run: 0x1F
                become_user: 007
            """)
        #expect(play.name?.value == "1.10")
        #expect(play.env.map(\.value.value) == ["1.10", "yes", ""])
        #expect(play.steps[0].name?.value == "yes")
        #expect(play.steps[0].becomeUser?.value == "007")
        guard case .run(let command) = play.steps[0].action else { Issue.record("not run"); return }
        #expect(command.value == "0x1F")
    }

    @Test func expressionsStayText() throws {
        let play = try play("pbrun: 1\nhosts: all\nsteps:\n  - run: x\n    when: yes\n    changed_when: [1, 'a == b']\n")
        #expect(play.steps[0].when.map(\.value) == ["yes"])
        #expect(play.steps[0].changedWhen.map(\.value) == ["1", "a == b"])
    }

    @Test(arguments: [("30", 30_000), ("30s", 30_000), ("5m", 300_000), ("1h30m", 5_400_000), ("250ms", 250),
                      ("2m30s", 150_000), ("1h", 3_600_000), ("1m500ms", 60_500)])
    func durations(_ text: String, _ milliseconds: Int) throws {
        let play = try play("pbrun: 1\nhosts: all\ntimeout: \(text)\nsteps:\n  - run: x\n")
        #expect(play.timeout?.value == .milliseconds(milliseconds))
    }

    @Test func durationTextRejectsWhatIsNotADuration() {
        for text in ["", "5", "m", "5x", "1.5s", "30s5m", "5m5m", "-1s", "1 h"] where text != "5" {
            #expect(DurationText.parse(text) == nil, "\(text) parsed")
        }
        #expect(DurationText.format(.milliseconds(5_400_250)) == "1h30m250ms")
        #expect(DurationText.format(.zero) == "0s")
    }

    @Test func durationsPastTheLimitAreTooLongNotInvalidNorATrap() {
        for text in ["2562047788015h59m", "9223372036854775807", "99999999999999999999s", "8761h", "8760h1ms",
                     "9223372036854775807ms"] {
            #expect(DurationText.read(text) == .tooLong, "\(text)")
        }
        #expect(DurationText.read("8760h") == .duration(.seconds(31_536_000)))
        #expect(DurationText.read("99999999999999999999x") == .invalid)
        #expect(DurationText.format(.seconds(Int64.max)) == "2562047788015215h30m7s")
        #expect(PlanPrinter.number(9_223_372_036_854_775_807) == "9223372036854775808")
        #expect(PlanPrinter.number(1.5) == "1.5")
    }

    @Test func serialForms() throws {
        #expect(try play("pbrun: 1\nhosts: all\nserial: 2\nsteps:\n  - run: x\n").serial.map(\.value) == [.count(2)])
        #expect(try play("pbrun: 1\nhosts: all\nserial: 30%\nsteps:\n  - run: x\n").serial.map(\.value) == [.percent(30)])
        #expect(try play("pbrun: 1\nhosts: all\nserial: [1, \"50%\", \"100%\"]\nsteps:\n  - run: x\n")
            .serial.map(\.value) == [.count(1), .percent(50), .percent(100)])
    }

    @Test func singleValuesAndListsAreBothAccepted() throws {
        let play = try play("pbrun: 1\nhosts: all\nsteps:\n  - run: x\n    ok_exit: 1\n    tags: web\n")
        #expect(play.steps[0].okExitCodes == [1])
        #expect(play.steps[0].tags.map(\.value) == ["web"])
    }

    @Test func stepIDRule() {
        #expect(StepID.derive(from: "Still runs!") == "still-runs")
        #expect(StepID.derive(from: "Deploy v2.1 (canary)") == "deploy-v2-1-canary")
        #expect(StepID.derive(from: "  --restart__app-- ") == "restart-app")
        #expect(StepID.derive(from: "Überprüfen") == "überprüfen")
        #expect(StepID.derive(from: "!!!") == nil)
        #expect(StepID.isValid("build.v2_a-b"))
        #expect(!StepID.isValid("-build"))
        #expect(!StepID.isValid("two words"))
    }

    @Test func derivedIDsAreMadeUniqueInFileOrderAndExplicitIDsAreReserved() throws {
        let play = try play("""
            pbrun: 1
            hosts: all
            steps:
              - name: restart
                run: a
              - name: Restart!
                run: b
              - run: c
              - id: restart-3
                run: d
              - name: restart
                run: e
            """)
        #expect(play.steps.map(\.id.value) == ["restart", "restart-2", "step-3", "restart-3", "restart-4"])
    }

    @Test func needsAcceptsAnIDOrTheExactName() throws {
        let play = try play("""
            pbrun: 1
            hosts: all
            steps:
              - name: Build it
                run: make
              - name: Test it
                run: make test
              - run: make dist
                needs: [Build it, test-it]
            """)
        #expect(play.graph.dependencies[2] == [0, 1])
    }

    @Test func localPathsAreRelativeToTheFileNotTheWorkingDirectory() {
        let result = PlaybookLoader.check(text: "pbrun: 1\nhosts: all\nsteps:\n  - script: deploy.sh\n",
                                          file: "/nonexistent/ops/site.yml")
        #expect(result.diagnostics.map(\.message) == ["no such local file 'deploy.sh' (looked for /nonexistent/ops/deploy.sh)"])
    }

    @Test func templatedLocalPathsAreNotCheckedBeforeRunTime() throws {
        let play = try play("pbrun: 1\nhosts: all\nsteps:\n  - upload: {src: \"{{ file }}\", dest: /tmp/x}\n")
        guard case .upload(let upload) = play.steps[0].action else { Issue.record("not upload"); return }
        #expect(upload.resolvedSource == "/tmp/pbrun-typing/{{ file }}")
    }

    @Test func anchorsAndMergeKeysWorkInPlaybooks() throws {
        let play = try play("""
            pbrun: 1
            hosts: all
            steps:
              - &defaults
                name: first
                run: echo 1
                timeout: 30s
                retries: 2
              - <<: *defaults
                name: second
                retries: 5
            """)
        #expect(play.steps.map(\.id.value) == ["first", "second"])
        #expect(play.steps[1].timeout?.value == .seconds(30))
        #expect(play.steps[1].retries?.value == 5)
    }

    @Test func everyProblemIsReportedNotOnlyTheFirst() {
        #expect(messages("pbrun: 1\nhosts: all\nforks: x\nsteps:\n  - run: a\n    retries: x\n  - run: b\n    delay: x\n")
            == ["playbook.yml:3:8: error: 'forks' expects a whole number, found 'x'",
                "playbook.yml:6:14: error: 'retries' expects a whole number, found 'x'",
                "playbook.yml:8:12: error: 'delay' expects a duration (30, 30s, 5m, 1h30m, 250ms), found 'x'"])
    }

    @Test func loadThrowsEveryDiagnostic() {
        #expect(throws: DiagnosticList.self) { try PlaybookLoader.load(contentsOf: "/nonexistent/playbook.yml") }
    }
}
