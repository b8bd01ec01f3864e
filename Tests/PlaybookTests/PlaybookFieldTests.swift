import Testing
import Playbook
@testable import TestSupport

/// Every field of format version 1, read from Fixtures/playbooks/valid/every-field and checked
/// for its typed value and its location.
@Suite struct PlaybookFieldTests {
    let folder = PlaybookFixtures.path("valid/every-field")
    let playbook: PlaybookFile

    init() throws {
        playbook = try PlaybookLoader.load(contentsOf: PlaybookFixtures.path("valid/every-field/playbook.yml"))
    }

    private var web: Play { playbook.plays[0] }
    private var fetch: Step { web.steps[0] }

    @Test func header() {
        #expect(playbook.version == 1)
        #expect(playbook.name?.value == "every field")
        #expect(playbook.name?.location.line == 2)
        #expect(playbook.description?.value == "Uses every key of format version 1 at least once.")
        #expect(playbook.vars.values["app_version"] == .double(1.1))
        #expect(playbook.vars.values["replicas"] == .int(3))
        #expect(playbook.vars.values["debug"] == .bool(false))
        #expect(playbook.vars.locations["replicas"]?.line == 6)
    }

    @Test func varsFilesAreLoadedRelativeToThePlaybookUnlessTemplated() {
        #expect(playbook.varsFiles.count == 2)
        #expect(playbook.varsFiles[0].resolvedPath == folder + "/vars/common.yml")
        #expect(playbook.varsFiles[0].variables?.values["zones"] == .list([.string("a"), .string("b")]))
        #expect(playbook.varsFiles[1].path.value == "vars/{{ env }}.yml")
        #expect(playbook.varsFiles[1].variables == nil)
    }

    @Test func includedPlaysRunFirst() {
        #expect(playbook.includes.count == 1)
        #expect(playbook.includes[0].path == folder + "/setup.yml")
        #expect(playbook.allPlays.map(\.displayName) == ["setup", "web tier", "db"])
        #expect(playbook.allPlays[0].file == folder + "/setup.yml")
    }

    @Test func playFields() {
        #expect(web.name?.value == "web tier")
        #expect(web.hosts.value == "web:&prod:!web03")
        #expect(web.vars.values["port"] == .int(8080))
        #expect(web.forks?.value == 20)
        #expect(web.strategy == .free)
        #expect(web.serial.map(\.value) == [.count(1), .percent(50), .percent(100)])
        #expect(web.maxFailPercentage?.value == 25.5)
        #expect(web.anyErrorsFatal)
        #expect(web.failureGate == FailureGate(anyErrorsFatal: true, maxFailPercentage: 25.5))
        #expect(web.timeout?.value == .seconds(300))
        #expect(web.connectTimeout?.value == .seconds(10))
        #expect(web.env.map(\.name.value) == ["LANG", "RETRIES"])
        #expect(web.env.map(\.value.value) == ["C.UTF-8", "3"])
        #expect(web.cwd?.value == "/tmp")
        #expect(web.become)
        #expect(web.becomeUser?.value == "deploy")
        #expect(web.steps.count == 8)
        #expect(web.handlers.map(\.id.value) == ["restart-app", "reload-proxy"])
    }

    @Test func playDefaults() {
        let db = playbook.plays[1]
        #expect(db.name == nil)
        #expect(db.displayName == "db")
        #expect(db.strategy == .linear)
        #expect(db.serial.isEmpty)
        #expect(db.forks == nil)
        #expect(!db.become && !db.anyErrorsFatal)
        #expect(db.steps.map(\.id.value) == ["step-1", "step-2"])
    }

    @Test func stepRules() {
        #expect(fetch.id.value == "fetch-the-build")
        #expect(fetch.name?.value == "Fetch the build!")
        #expect(fetch.location == SourceLocation(file: folder + "/playbook.yml", line: 31, column: 9))
        #expect(fetch.when.map(\.value) == ["app_version != ''"])
        #expect(fetch.when.first?.location.line == 33)
        #expect(fetch.register?.value == "fetched")
        #expect(fetch.env.map(\.name.value) == ["MODE"])
        #expect(fetch.cwd?.value == "/var/tmp")
        #expect(fetch.timeout?.value == .seconds(5400))
        #expect(fetch.retries?.value == 2)
        #expect(fetch.retryCount == 2)
        #expect(fetch.delay?.value == .milliseconds(250))
        #expect(fetch.until.map(\.value) == ["exit == 0"])
        #expect(fetch.okExitCodes == [0, 3])
        #expect(fetch.failedWhen.map(\.value) == ["'FATAL' in stdout", "exit > 3"])
        #expect(fetch.changedWhen.map(\.value) == ["false"])
        #expect(fetch.ignoreErrors)
        #expect(fetch.runOnce)
        #expect(fetch.become == false)
        #expect(fetch.becomeUser?.value == "root")
        #expect(fetch.creates?.value == "/tmp/fetched")
        #expect(fetch.removes?.value == "/tmp/lock")
        #expect(fetch.unless?.value == "test -f /tmp/skip")
        #expect(fetch.check?.value == "test -f /tmp/fetched")
        #expect(fetch.notify.map(\.value) == ["restart app"])
        #expect(fetch.tags.map(\.value) == ["deploy"])
        #expect(!fetch.secret)
    }

    @Test func stepDefaults() {
        let step = web.steps[1]
        #expect(step.okExitCodes == [0])
        #expect(step.retryCount == 0)
        #expect(step.retryDelay == .seconds(5))
        #expect(step.become == nil)
        #expect(!step.ignoreErrors && !step.runOnce && !step.secret)
        #expect(step.when.isEmpty && step.notify.isEmpty && step.tags.isEmpty)
    }

    @Test func runAndLocalActions() {
        guard case .run(let command) = fetch.action else { Issue.record("not run"); return }
        #expect(command.value == "echo fetch")
        #expect(command.location.line == 32 && command.location.column == 14)
        guard case .local(let local) = web.steps[7].action else { Issue.record("not local"); return }
        #expect(local.value == "echo done")
        #expect(web.steps[7].tags.map(\.value) == ["notify", "local"])
    }

    @Test func argvActionIsShellQuoted() {
        let step = web.steps[1]
        #expect(step.id.value == "words")
        #expect(step.needs?.isEmpty == true)
        guard case .argv(let words) = step.action else { Issue.record("not argv"); return }
        #expect(words.map(\.value) == ["printf", "%s\n", "it's here"])
        #expect(StepAction.shellCommand(words.map(\.value)) == "printf '%s\n' 'it'\"'\"'s here'")
    }

    @Test func scriptActionInBothForms() {
        guard case .script(let plain) = web.steps[2].action,
              case .script(let withArgs) = web.steps[3].action else { Issue.record("not script"); return }
        #expect(plain.resolvedSource == folder + "/scripts/setup.sh")
        #expect(plain.args.isEmpty)
        #expect(withArgs.src.value == "scripts/setup.sh")
        #expect(withArgs.args.map(\.value) == ["--quick", "two words"])
    }

    @Test func uploadAndTemplateKeepModeAsOctalText() {
        guard case .upload(let upload) = web.steps[4].action,
              case .template(let template) = web.steps[5].action else { Issue.record("not upload/template"); return }
        #expect(upload.resolvedSource == folder + "/files/app.conf")
        #expect(upload.dest.value == "/tmp/app.conf")
        #expect(upload.mode?.value == "0644")
        #expect(upload.modeBits == 0o644)
        #expect(upload.owner?.value == "deploy")
        #expect(upload.group?.value == "staff")
        #expect(template.resolvedSource == folder + "/templates/app.conf.j2")
        #expect(template.modeBits == 0o600)
        #expect(template.owner == nil)
    }

    @Test func downloadDestinationIsRelativeToThePlaybook() {
        guard case .download(let download) = web.steps[6].action else { Issue.record("not download"); return }
        #expect(download.src.value == "/var/log/app.log")
        #expect(download.resolvedDestination == folder + "/logs")
        #expect(StepAction.Kind.allCases.map(\.rawValue) == ["run", "argv", "script", "upload", "template", "download", "local"])
    }

    @Test func needsAndNotifyAreResolved() {
        #expect(web.graph.dependencies[2] == [0, 1])
        #expect(web.graph.dependencies[1] == [])
        #expect(web.graph.dependencies[3] == [2])
        #expect(web.graph.notifications[0] == [0])
        #expect(web.graph.handlerNotifications == [[1], []])
    }
}
