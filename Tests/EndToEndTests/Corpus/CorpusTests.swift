import Foundation
import Testing
@testable import TestSupport

/// One case of the combination corpus: a folder under Fixtures/corpus/ with `playbook.yml`, an
/// inventory (`inventory.yml`, `inventory.ini` or an `inventory/` folder), any files the playbook names
/// and `expected.txt` (`CorpusExpectation` describes it).
struct CorpusCase: Sendable, CustomTestStringConvertible {
    /// The folder every case lives in.
    static let root = TestFleet.projectRoot.appendingPathComponent("Tests/EndToEndTests/Fixtures/corpus")

    let name: String
    var testDescription: String { name }

    /// Every case, by name.
    static var all: [CorpusCase] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        return names.filter { name in
            var isDirectory: ObjCBool = false
            let path = root.appendingPathComponent(name).path
            return !name.hasPrefix(".") && FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
                && isDirectory.boolValue
        }.sorted().map(CorpusCase.init(name:))
    }
}

/// The combination corpus: realistic playbooks that mix features, each run against the real fleet with
/// `validate`, `plan`, and where the case says so `run --check`, `run`, `run --check` again and `run`, with
/// every report, the event stream and the hosts' files checked. A new feature adds its combinations as a
/// folder.
@Suite(.serialized) struct CorpusTests {
    @Test func theCorpusHasItsCases() {
        #expect(CorpusCase.all.count >= 30)
    }

    @Test(arguments: CorpusCase.all)
    func corpusCase(_ corpusCase: CorpusCase) throws {
        let fleet = try TestFleet.shared()
        let source = CorpusCase.root.appendingPathComponent(corpusCase.name)
        let scratch = try RunScratch("corpus-\(corpusCase.name)")
        let work = scratch.directory.appendingPathComponent("case")
        try FileManager.default.copyItem(at: source, to: work)
        let expectationFile = source.appendingPathComponent("expected.txt").path
        let expectation = try CorpusExpectation.read(
            String(contentsOfFile: expectationFile, encoding: .utf8), file: expectationFile)
        // Every host's files live under its own folder of the fleet user's home: the hosts share one
        // machine, so a "host path" is `{{ srv }}/…`.
        let srvRoot = fleet.directory.appendingPathComponent("home/corpus-\(UUID().uuidString.prefix(8))")
            .appendingPathComponent(corpusCase.name).path
        let connection = try scratch.write("fleet.ini", """
            [all:vars]
            ansible_port=\(fleet.port)
            ansible_user=\(fleet.user)
            ansible_ssh_private_key_file=\(fleet.key.path)
            srv_root=\(srvRoot)
            srv={{ srv_root }}/{{ inventory_hostname }}
            """)
        let inventory = try #require(
            ["inventory.yml", "inventory.ini", "inventory"].map { work.appendingPathComponent($0).path }
                .first { FileManager.default.fileExists(atPath: $0) }, "\(corpusCase.name) has no inventory")
        let run = CorpusRun(
            fleet: fleet, playbook: work.appendingPathComponent("playbook.yml").path,
            inventories: [inventory, connection], expectation: expectation, scratch: scratch, srvRoot: srvRoot)
        for phase in CorpusExpectation.Phase.allCases {
            guard let rule = expectation.rule(phase) else { continue }
            if let issue = rule.knownIssue {
                withKnownIssue(Comment(rawValue: issue)) { try run.check(phase, rule) }
            } else {
                try run.check(phase, rule)
            }
        }
    }
}

/// One corpus case being run: the commands and the checks of each phase.
struct CorpusRun {
    /// The `-e` and `--limit` options (with their values) among `arguments`.
    static func planInputs(_ arguments: [String]) -> [String] {
        var kept: [String] = []
        var index = 0
        while index < arguments.count {
            if ["-e", "--extra-vars", "-l", "--limit"].contains(arguments[index]), index + 1 < arguments.count {
                kept += arguments[index...index + 1]
                index += 2
            } else {
                index += 1
            }
        }
        return kept
    }

    let fleet: TestFleet
    let playbook: String
    let inventories: [String]
    let expectation: CorpusExpectation
    let scratch: RunScratch
    let srvRoot: String

    /// Runs `phase`'s command and checks what `rule` expects of it.
    func check(_ phase: CorpusExpectation.Phase, _ rule: CorpusExpectation.PhaseRule) throws {
        let here = SourceLocation(fileID: #fileID, filePath: #filePath, line: #line, column: 1)
        let reports = scratch.directory.appendingPathComponent(phase.rawValue)
        var arguments = [phase == .validate ? "validate" : phase == .plan ? "plan" : "run", playbook]
        arguments += inventories.flatMap { ["-i", $0] }
        if phase.runs {
            try FileManager.default.createDirectory(at: reports, withIntermediateDirectories: true)
            arguments += ["--known-hosts", fleet.knownHosts.path, "--color", "never", "--connect-timeout", "5",
                          "--output-dir", reports.appendingPathComponent("out").path,
                          "--events", reports.appendingPathComponent("events.jsonl").path,
                          "--report", "json=\(reports.appendingPathComponent("report.json").path)",
                          "--report", "junit=\(reports.appendingPathComponent("junit.xml").path)",
                          "--report", "html=\(reports.appendingPathComponent("report.html").path)"]
            if phase.isCheck { arguments.append("--check") }
        }
        // validate -i checks what plan checks, so it takes the plan's inputs (-e, --limit) but no run
        // options: the other common arguments are for the other commands.
        arguments += (phase == .validate ? Self.planInputs(expectation.arguments) : expectation.arguments)
            + rule.arguments
        let environment = ProcessInfo.processInfo.environment.merging(expectation.environment) { $1 }
        let result = try PbrunBinary.run(arguments, environment: environment)
        let output = result.stdout + result.stderr
        let context = "\(phase.rawValue): pbrun \(arguments.joined(separator: " "))\n\(output)"
        #expect(result.status == rule.exit, "\(context)", sourceLocation: here)
        // A crash reports its signal as the status (SIGILL is 4): never let one pass for a diagnostic.
        #expect(!output.contains("Program crashed") && !output.contains("Fatal error:"), "\(phase.rawValue) crashed",
                sourceLocation: here)
        for text in rule.outputContains {
            #expect(output.contains(text.replacingOccurrences(of: "@SRV@", with: srvRoot)),
                    "\(phase.rawValue) output lacks '\(text)'", sourceLocation: here)
        }
        for text in rule.outputLacks {
            #expect(!output.contains(text.replacingOccurrences(of: "@SRV@", with: srvRoot)),
                    "\(phase.rawValue) output has '\(text)'", sourceLocation: here)
        }
        // A playbook that cannot run (4) or bad options (5) stop before any host or report.
        guard phase.runs, rule.exit != 4, rule.exit != 5 else { return }
        let read = try CorpusReports(directory: reports)
        read.checkInvariants(exit: result.status, hosts: Set(rule.statuses.keys), sourceLocation: here)
        if !rule.statuses.isEmpty {
            let actual = read.statuses
            let wrong = Set(actual.keys).union(rule.statuses.keys).sorted().flatMap { host in
                Set((actual[host] ?? [:]).keys).union((rule.statuses[host] ?? [:]).keys).sorted().compactMap { step in
                    let (got, want) = (actual[host]?[step] ?? "absent", rule.statuses[host]?[step] ?? "absent")
                    return got == want ? nil : "\(host) \(step): \(got), expected \(want)"
                }
            }
            #expect(wrong.isEmpty, "\(phase.rawValue) statuses:\n\(wrong.joined(separator: "\n"))\n\(context)",
                    sourceLocation: here)
        }
        for file in rule.files { checkFile(file, phase: phase, sourceLocation: here) }
        // The environment of a case holds its secrets (secret_env): no report or output file may hold one.
        for secret in expectation.environment.values {
            for name in FileTree.files(under: reports.path) {
                let text = (try? String(contentsOf: reports.appendingPathComponent(name), encoding: .utf8)) ?? ""
                #expect(!text.contains(secret), "\(phase.rawValue): \(name) holds a secret", sourceLocation: here)
            }
        }
    }

    private func checkFile(_ rule: CorpusExpectation.FileRule, phase: CorpusExpectation.Phase,
                           sourceLocation: SourceLocation) {
        let path = "\(srvRoot)/\(rule.host)/\(rule.path)"
        let what = "\(phase.rawValue): expected.txt:\(rule.line): \(rule.host):\(rule.path)"
        let text = try? String(contentsOfFile: path, encoding: .utf8)
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        func placed(_ text: String) -> String { text.replacingOccurrences(of: "@SRV@", with: srvRoot) }
        switch rule.kind {
        case .equals(let expected):
            #expect(text == placed(expected), "\(what): \(text ?? "no file")", sourceLocation: sourceLocation)
        case .contains(let expected):
            #expect(text?.contains(placed(expected)) == true, "\(what): \(text ?? "no file")",
                    sourceLocation: sourceLocation)
        case .absent:
            #expect(!FileManager.default.fileExists(atPath: path), "\(what) exists", sourceLocation: sourceLocation)
        case .mode(let expected):
            let mode = (attributes?[.posixPermissions] as? Int).map { String($0, radix: 8) }
            #expect(mode == expected, "\(what): mode \(mode ?? "none")", sourceLocation: sourceLocation)
        case .owner(let expected):
            let owner = attributes?[.ownerAccountName] as? String
            #expect(owner == expected, "\(what): owner \(owner ?? "none")", sourceLocation: sourceLocation)
        }
    }
}
