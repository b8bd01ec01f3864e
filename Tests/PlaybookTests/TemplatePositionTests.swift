import Foundation
import Playbook
import Testing
@testable import TestSupport

/// Template errors point at the offending name itself, whatever the style of the YAML scalar that
/// holds the template: plain, single- or double-quoted (escapes before the template included),
/// literal `|` and folded `>` blocks, and scalars folded over several lines.
@Suite struct TemplatePositionTests {
    /// The plan errors of a one-step playbook whose step's fields (at four spaces) are `fields`.
    private func errors(_ fields: String) throws -> (path: String, errors: [String]) {
        let scratch = try PlanScratch()
        defer { scratch.remove() }
        try scratch.write("inventory.ini", "web1\n")
        let path = try scratch.write("playbook.yml", "pbrun: 1\nhosts: all\nsteps:\n  - id: s\n" + fields)
        return (path, scratch.planErrors())
    }

    /// Asserts that planning fails with exactly "PATH:`line`:`column`: error: undefined variable 'nope' (on host web1)".
    private func expectUndefined(_ fields: String, line: Int, column: Int,
                                 sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let (path, found) = try errors(fields)
        #expect(found == ["\(path):\(line):\(column): error: undefined variable 'nope' (on host web1)"], sourceLocation: sourceLocation)
    }

    @Test func plainScalar() throws {
        try expectUndefined("    run: echo {{ nope }}\n", line: 5, column: 18)
    }

    @Test func singleQuotedScalarWithAnEscapedQuote() throws {
        try expectUndefined("    run: 'it''s {{ nope }}'\n", line: 5, column: 20)
    }

    @Test func doubleQuotedScalarWithEscapesBeforeTheTemplate() throws {
        try expectUndefined(#"    run: "printf \"%s\\n\" \x41 {{ nope }}""# + "\n", line: 5, column: 36)
    }

    @Test func literalBlockScalar() throws {
        try expectUndefined("    run: |\n      echo start\n      echo {{ nope }}\n", line: 7, column: 15)
    }

    @Test func foldedBlockScalar() throws {
        try expectUndefined("    run: >\n      echo start\n      and {{ nope }}\n", line: 7, column: 14)
    }

    @Test func plainScalarOverTwoLines() throws {
        try expectUndefined("    run: echo one\n      two {{ nope }}\n", line: 6, column: 14)
    }

    @Test func doubleQuotedScalarContinuedWithABackslash() throws {
        try expectUndefined("    run: \"echo one \\\n      two {{ nope }}\"\n", line: 6, column: 14)
    }

    @Test func conditionInADoubleQuotedScalar() throws {
        try expectUndefined(#"    when: "inventory_hostname == \"a\" or nope""# + "\n    run: \"true\"\n", line: 5, column: 43)
    }

    @Test func environmentValueInASingleQuotedScalar() throws {
        try expectUndefined("    env:\n      A: '''{{ nope }}'''\n    run: \"true\"\n", line: 6, column: 16)
    }

    @Test func syntaxErrorsArePlacedToo() throws {
        let (path, found) = try errors(#"    run: "say \"hi\" {{ 1 + }}""# + "\n")
        #expect(found == ["\(path):5:29: error: expected a value but found '}}'"])
    }
}
