import Foundation
import Testing
@testable import TestSupport

/// What a person watching `pbrun run` sees, end to end: the real binary on the real fleet, its
/// console on a terminal (a pseudo-terminal through `script`) and in plain output.
@Suite struct ConsoleRunTests {
    /// One step that changes something and one that does not (`changed_when` false).
    static let changeAndLook = """
        pbrun: 1
        hosts: h0000,h0001
        steps:
          - id: touch
            run: echo touched
          - id: look
            run: echo looked
            changed_when: exit == 99
        """

    @Test func noColorKeepsTheStatusAreaOnATerminalAndOnlyDropsColour() throws {
        let fleet = try TestFleet.shared()
        let scratch = try RunScratch()
        let playbook = try scratch.write("p.yml", Self.changeAndLook)
        let coloured = try fleet.runOnTerminal(playbook)
        #expect(coloured.status == 0, "\(coloured.stdout)")
        #expect(coloured.stdout.contains("\u{1B}[1mRECAP"), "\(coloured.stdout)")
        #expect(coloured.stdout.contains(" done · "))

        let plain = try fleet.runOnTerminal(playbook, environment: ["NO_COLOR": "1"])
        #expect(plain.status == 0, "\(plain.stdout)")
        // The status area (drawn and erased with cursor movement) is still there ...
        #expect(plain.stdout.contains(" done · "), "\(plain.stdout)")
        #expect(plain.stdout.contains("\u{1B}[J"))
        // ... and no colour or bold (SGR, `ESC [ … m`) is written.
        #expect(plain.stdout.range(of: "\u{1B}\\[[0-9;]*m", options: .regularExpression) == nil, "\(plain.stdout)")
        #expect(plain.stdout.contains("RECAP"))
    }

    @Test func changedStepsAreListedPerHostOnATerminal() throws {
        let fleet = try TestFleet.shared()
        let scratch = try RunScratch()
        let playbook = try scratch.write("p.yml", Self.changeAndLook)
        let result = try fleet.runOnTerminal(playbook, environment: ["NO_COLOR": "1"])
        #expect(result.status == 0, "\(result.stdout)")
        let lines = result.stdout.components(separatedBy: "\r\n")
        for host in ["h0000", "h0001"] {
            #expect(lines.contains { $0.contains("\(host) | 01-touch | changed (") }, "\(result.stdout)")
        }
        // Steps that changed nothing stay in the status area's counts, not on a line of their own.
        #expect(!result.stdout.contains("| 02-look |"), "\(result.stdout)")
    }

    @Test func changedStepsAreListedPerHostInPlainOutput() throws {
        let fleet = try TestFleet.shared()
        let scratch = try RunScratch()
        let playbook = try scratch.write("p.yml", Self.changeAndLook)
        let result = try fleet.run(playbook)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.components(separatedBy: "\n")
        for host in ["h0000", "h0001"] {
            #expect(lines.contains { $0.hasPrefix("\(host) | 01-touch | changed (") }, "\(result.stdout)")
            #expect(lines.contains { $0.hasPrefix("\(host) | 02-look | ok (") }, "\(result.stdout)")
        }
        #expect(!result.stdout.contains("\u{1B}"))
    }

    @Test func everySerialBatchHasItsOwnStepHeaders() throws {
        let fleet = try TestFleet.shared()
        let scratch = try RunScratch()
        let playbook = try scratch.write("p.yml", """
            pbrun: 1
            hosts: h0000,h0001,h0002
            serial: 1
            steps:
              - id: first
                run: echo one
              - id: second
                run: echo two
            """)
        let result = try fleet.run(playbook)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.components(separatedBy: "\n")
        let expected = (1...3).flatMap { batch in
            ["batch \(batch)/3: 1 host", "STEP [01-first]", "h000\(batch - 1) | 01-first | changed",
             "STEP [02-second]", "h000\(batch - 1) | 02-second | changed"]
        }
        let shown = lines.filter { $0.hasPrefix("batch ") || $0.hasPrefix("STEP [") || $0.contains(" | ") }
            .map { $0.components(separatedBy: " (")[0] }
        #expect(shown == expected, "\(result.stdout)")
    }

    /// Under `strategy: free` each host runs ahead, so a STEP header would sit above other steps'
    /// lines: there are none, and every line names its host and step itself.
    @Test func freeStrategyLinesNameTheirHostAndStepWithoutHeaders() throws {
        let fleet = try TestFleet.shared()
        let scratch = try RunScratch()
        let playbook = try scratch.write("p.yml", """
            pbrun: 1
            hosts: h0000,h0001,h0002
            strategy: free
            steps:
              - id: first
                run: '[ {{ inventory_hostname }} = h0000 ] && sleep 0.5; echo one'
              - id: second
                run: echo two
            """)
        let result = try fleet.run(playbook, ["-v"])
        #expect(result.status == 0, "\(result.stderr)")
        let body = result.stdout.components(separatedBy: "\nRECAP\n")[0].split(separator: "\n").dropFirst()
        #expect(!body.isEmpty)
        for line in body where !line.hasPrefix("PLAY [") {
            #expect(line.range(of: #"^h000[0-2] \| 0[12]-(first|second) [|!] "#, options: .regularExpression) != nil,
                    "unattributed line: \(line)")
        }
        // h0000 is still on its first step while the others finish theirs.
        let h0000First = try #require(body.firstIndex { $0.hasPrefix("h0000 | 01-first | changed") })
        let h0001Second = try #require(body.firstIndex { $0.hasPrefix("h0001 | 02-second | changed") })
        #expect(h0001Second < h0000First, "\(result.stdout)")
    }
}
