import Testing
import Playbook
@testable import TestSupport

/// Golden tests: every folder under Fixtures/playbooks/invalid holds a `playbook.yml` and an
/// `expected-error` with the exact diagnostics (`playbook.yml:line:column: error: message`, one
/// per line, notes included) that checking it must produce.
@Suite struct MalformedPlaybookTests {
    static let cases = PlaybookFixtures.cases("invalid")

    @Test func thereAreAtLeastFortyCases() {
        #expect(Self.cases.count >= 40)
    }

    @Test(arguments: cases)
    func reportsExactlyTheExpectedDiagnostics(_ name: String) {
        let folder = PlaybookFixtures.path("invalid/\(name)")
        let result = PlaybookLoader.check(contentsOf: folder + "/playbook.yml")
        let actual = result.diagnostics.map { $0.description.replacingOccurrences(of: folder + "/", with: "") }
        let expected = PlaybookFixtures.text("invalid/\(name)/expected-error")
            .split(separator: "\n").map(String.init)
        #expect(!expected.isEmpty, "\(name)/expected-error is empty")
        #expect(actual == expected, "\(name):\nexpected:\n\(expected.joined(separator: "\n"))\nactual:\n\(actual.joined(separator: "\n"))")
        #expect(result.hasErrors)
    }

    @Test func diagnosticsCarryTheSourceLineForTheCaret() {
        let folder = PlaybookFixtures.path("invalid/unknown-step-key-suggested")
        let result = PlaybookLoader.check(contentsOf: folder + "/playbook.yml")
        let rendered = result.diagnostics.first?.rendered.replacingOccurrences(of: folder + "/", with: "")
        #expect(rendered == "playbook.yml:8:5: error: unknown key 'nedes' (did you mean 'needs'?)\n    nedes: build\n    ^")
    }

    @Test func yamlErrorsCarryTheSourceLineToo() {
        let folder = PlaybookFixtures.path("invalid/yaml-invalid-escape")
        let result = PlaybookLoader.check(contentsOf: folder + "/playbook.yml")
        #expect(result.diagnostics.first?.sourceLine == "  - run: \"C:\\windows\"")
    }

    @Test func errorsInAnIncludedFileNameThatFile() {
        let folder = PlaybookFixtures.path("invalid/include-cycle")
        let result = PlaybookLoader.check(contentsOf: folder + "/playbook.yml")
        #expect(result.diagnostics.first?.location?.file == folder + "/other.yml")
        #expect(result.diagnostics.first?.sourceLine == "include: playbook.yml")
    }
}
