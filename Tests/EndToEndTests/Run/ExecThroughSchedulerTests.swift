import Foundation
import Testing
@testable import TestSupport

/// `pbrun exec` is a one-step plan run by the same scheduler and reporters as `pbrun run`: the same
/// event stream, the same console line rules, every report, and `{{ }}` rendered per host.
@Suite struct ExecThroughSchedulerTests {
    private func exec(_ fleet: TestFleet, _ arguments: [String], inventory: String? = nil) throws -> ProcessResult {
        try PbrunBinary.run(["exec", "-i", inventory ?? fleet.inventory.path] + arguments)
    }

    /// Each line of a JSON Lines stream, parsed.
    private func events(_ text: String) throws -> [[String: Any]] {
        try text.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(line)")
        }
    }

    /// An event's shape: its type and its fields' names (and those of its step), not their values.
    private func shape(_ event: [String: Any]) -> String {
        var text = (event["type"] as? String ?? "?") + ": " + event.keys.sorted().joined(separator: ",")
        if let step = event["step"] as? [String: Any] { text += " step: " + step.keys.sorted().joined(separator: ",") }
        return text
    }

    @Test func theEventStreamHasTheShapeOfTheSameOneStepRun() throws {
        let fleet = try TestFleet.shared()
        let scratch = try RunScratch()
        let playbook = try scratch.write("one.yml", """
            pbrun: 1
            hosts: h0000,h0001
            steps:
              - run: echo hello; echo warn >&2
            """)
        let run = try fleet.run(playbook, ["--events", "-"])
        let exec = try exec(fleet, ["h0000,h0001", "--events", "-", "--", "echo hello; echo warn >&2"])
        #expect(run.status == 0 && exec.status == 0, "run: \(run.stderr) exec: \(exec.stderr)")
        let runEvents = try events(run.stdout)
        let execEvents = try events(exec.stdout)
        // The hosts interleave differently from run to run; the order of the run's phases does not.
        #expect(execEvents.first?["type"] as? String == "run_started")
        #expect(execEvents.last?["type"] as? String == "run_finished")
        #expect(execEvents.map(shape).sorted() == runEvents.map(shape).sorted())
        let execOutput = execEvents.filter { $0["type"] as? String == "output" }.count
        #expect(execOutput == runEvents.filter { $0["type"] as? String == "output" }.count)
        // `--events -` owns standard output: exec's console goes to standard error, as run's does.
        #expect(exec.stderr.contains("h0000: hello\n") && exec.stderr.contains("h0001! warn\n"), "\(exec.stderr)")
        #expect(exec.stderr.contains("2 hosts: 2 ok, 0 failed, 0 timed out, 0 unreachable ("))
    }

    @Test func consoleLinesFollowRunsRulesForControlCharactersAndLongLines() throws {
        let fleet = try TestFleet.shared()
        let scratch = try RunScratch()
        // U+009B (CSI as a C1 control, valid UTF-8), a carriage return before the newline, and a
        // line of 5000 bytes whose newline comes later (a partial line is held at most 4 KiB).
        let command = "printf 'a\\302\\233b\\r\\n'; printf '%5000s' '' | tr ' ' x; sleep 0.3; echo"
        let playbook = try scratch.write("lines.yml", """
            pbrun: 1
            hosts: h0000
            steps:
              - id: lines
                run: printf 'a\\302\\233b\\r\\n'; printf '%5000s' '' | tr ' ' x; sleep 0.3; echo
            """)
        let exec = try exec(fleet, ["h0000", "--", command])
        #expect(exec.status == 0, "\(exec.stderr)")
        let long = String(repeating: "x", count: 4096)
        #expect(exec.stdout.hasPrefix("h0000: a\\x9Bb\nh0000: \(long) ↩\nh0000: \(String(repeating: "x", count: 904))\n"),
                "\(exec.stdout.prefix(120)) stderr: \(exec.stderr)")
        // The same bytes as `pbrun run -v` shows them, line for line, after each tool's prefix.
        let run = try fleet.run(playbook, ["-v"])
        #expect(run.status == 0, "\(run.stdout)")
        let runLines = run.stdout.split(separator: "\n").compactMap { line -> Substring? in
            line.hasPrefix("h0000 | 01-lines | ") ? line.dropFirst("h0000 | 01-lines | ".count) : nil
        }
        let execLines = exec.stdout.split(separator: "\n").dropLast().map { $0.dropFirst("h0000: ".count) }
        // run's last line for the step is its status ("changed (…)"), which exec shows in its summary.
        #expect(execLines.count == 3 && Array(execLines) == Array(runLines.prefix(execLines.count)),
                "exec: \(execLines.map { $0.prefix(40) }) run: \(runLines.map { $0.prefix(40) })")
    }

    @Test func writesJSONAndJUnitReports() throws {
        let fleet = try TestFleet.shared()
        let scratch = try RunScratch()
        let exec = try exec(fleet, ["h0000,h0001", "--report", "json=\(scratch.path("report.json"))",
                                    "--report", "junit=\(scratch.path("junit.xml"))", "--",
                                    "test {{ inventory_hostname }} = h0000"])
        #expect(exec.status == 2, "\(exec.stderr)")
        #expect(exec.stderr == "h0001: exit 1\n")
        let report = try scratch.report()
        #expect(report["exit_code"] as? Int == 2)
        let plays = try #require(report["plays"] as? [[String: Any]])
        let results = try #require(plays.first?["results"] as? [[String: Any]])
        let statuses = Dictionary(uniqueKeysWithValues: results.map {
            ($0["host"] as? String ?? "", $0["status"] as? String ?? "")
        })
        #expect(statuses == ["h0000": "changed", "h0001": "failed"])
        let provenance = try #require(report["provenance"] as? [String: Any])
        let source = try #require(provenance["playbook"] as? [String: Any])
        #expect(source["path"] as? String == "<command>", "\(provenance)")
        let junit = try #require(scratch.read("junit.xml"))
        #expect(junit.contains("<testsuites") && junit.contains("h0001") && junit.contains("<failure"), "\(junit)")
    }

    @Test func theCommandIsATemplateRenderedPerHostWithInventoryVariables() throws {
        let fleet = try TestFleet.shared()
        let scratch = try RunScratch()
        let base = try String(contentsOf: fleet.iniInventory(), encoding: .utf8)
        let inventory = try scratch.write("colors.ini", base.replacingOccurrences(
            of: "h0000 ansible_host=127.0.0.2", with: "h0000 ansible_host=127.0.0.2 color=red")
            .replacingOccurrences(of: "h0001 ansible_host=127.0.0.3", with: "h0001 ansible_host=127.0.0.3 color=blue"))
        let exec = try exec(fleet, ["h0000,h0001", "--known-hosts", fleet.knownHosts.path, "--",
                                    "echo {{ color }} on {{ inventory_hostname }}"], inventory: inventory)
        #expect(exec.status == 0, "\(exec.stderr)")
        #expect(exec.stdout.contains("h0000: red on h0000\n") && exec.stdout.contains("h0001: blue on h0001\n"),
                "\(exec.stdout)")
    }

    @Test func anUndefinedVariableIsAnErrorNamingHostAndColumnBeforeAnyHostIsTouched() throws {
        let fleet = try TestFleet.shared()
        let scratch = try RunScratch()
        let marker = scratch.path("touched")
        let exec = try exec(fleet, ["h0000", "--", "touch \(marker); echo {{ nope }}"])
        #expect(exec.status == 4)
        let column = "touch \(marker); echo {{ ".count + 1
        #expect(exec.stderr.hasPrefix("<command>:1:\(column): error: undefined variable 'nope' (on host h0000)"),
                "\(exec.stderr)")
        #expect(exec.stderr.hasSuffix("pbrun exec: 1 error(s); no host was touched\n"))
        #expect(exec.stdout == "")
        #expect(!FileManager.default.fileExists(atPath: marker))
    }
}
