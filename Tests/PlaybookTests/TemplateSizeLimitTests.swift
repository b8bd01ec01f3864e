import Foundation
import Testing
@testable import Playbook

/// No template builds more than `InputLimits.maximumValueSize`: each way a value can grow faster
/// than the template's own text is an error at the part that did it, found before the memory is spent.
@Suite struct TemplateSizeLimitTests {
    typealias T = TemplateTestSupport
    let limit = InputLimits.maximumValueSize

    /// `v1: "{{ v0 ~ v0 }}"`, `v2: "{{ v1 ~ v1 }}"`, …: 2^40 characters from forty short lines.
    private func doubling(_ step: String, levels: Int = 40, start: Value = .string("xxxxxxxx")) -> VariableScope {
        var values = Value.OrderedMap([("v0", start)])
        for level in 1...levels {
            values["v\(level)"] = .string(step.replacingOccurrences(of: "PREVIOUS", with: "v\(level - 1)"))
        }
        return VariableScope(layers: [VariableLayer(.play, name: "p", values: values, file: "vars.yml")])
    }

    private func tooLarge(_ what: String) -> String {
        "\(what) is too large (more than \(limit) bytes of text and items, the most a template may build)"
    }

    @Test func doublingThroughVariablesStopsAtTheLimit() {
        let started = Date()
        #expect(T.renderError("{{ v40 | length }}", in: doubling("{{ PREVIOUS ~ PREVIOUS }}"))
            == "vars.yml:1:8: error: " + tooLarge("'v20 ~ v20'"))
        #expect(T.renderError("{{ v40 | length }}", in: doubling("{{ PREVIOUS + PREVIOUS }}"))
            == "vars.yml:1:8: error: " + tooLarge("'v20 + v20'"))
        #expect(T.renderError("{{ v40 | length }}", in: doubling("{{ PREVIOUS }}{{ PREVIOUS }}"))
            == "vars.yml:1:4: error: " + tooLarge("'v21'"))
        #expect(T.renderError("{{ v40 | length }}", in: doubling("{{ PREVIOUS + PREVIOUS }}", start: .list([.int(1)])))
            == "vars.yml:1:8: error: " + tooLarge("'v23 + v23'"))
        #expect(T.renderError("{{ v40 | to_json | length }}", in: doubling("{{ [PREVIOUS, PREVIOUS] }}"))
            == "vars.yml:1:4: error: " + tooLarge("'[v20, v20]'"))
        // v3 would be 4096 × 4096 characters: exactly the limit, one more item than it allows.
        #expect(T.renderError("{{ v40 | length }}", in: doubling("{{ PREVIOUS | replace('x', PREVIOUS) }}"))
            == "vars.yml:1:9: error: " + tooLarge("'v2 | replace('x', v2)'"))
        #expect(T.renderError("{{ v40 | length }}", in: doubling("{{ PREVIOUS | replace('x', PREVIOUS ~ 'y') }}"))
            == "vars.yml:1:9: error: filter 'replace': " + tooLarge("the result"))
        #expect(T.renderError("{{ v40 | length }}", in: doubling("{{ PREVIOUS | regex_replace('x', PREVIOUS ~ 'y') }}"))
            == "vars.yml:1:9: error: filter 'regex_replace': " + tooLarge("the result"))
        #expect(T.renderError("{{ v40 | length }}", in: doubling("{{ PREVIOUS }}{{ PREVIOUS }}{{ PREVIOUS }}"))
            == "vars.yml:1:13: error: " + tooLarge("the text of this template"))
        #expect(Date().timeIntervalSince(started) < 60)
    }

    @Test func joinCountsItsSeparators() {
        let scope = T.scope(Value.OrderedMap([("big", .string(String(repeating: "x", count: 1 << 20)))]))
        let items = "[" + Array(repeating: "1", count: 18).joined(separator: ", ") + "]"
        #expect(T.renderError("{{ \(items) | join(big) | length }}", in: scope)
            == "play.yml:3:70: error: filter 'join': " + tooLarge("the result"))
    }

    @Test func belowTheLimitValuesAreWhole() throws {
        #expect(try T.render("{{ v10 | length }}", in: doubling("{{ PREVIOUS ~ PREVIOUS }}")) == "8192")
        #expect(try T.render("{{ v5 | to_json | length }}", in: doubling("{{ [PREVIOUS, PREVIOUS] }}")) == "413")
    }

    /// Repetition (`'x' * n`) and ranges are not part of the language: asking is an error, not work.
    @Test func repetitionIsAnErrorNotWork() {
        #expect(T.renderError("{{ 'x' * 1000000000 }}")
            == "play.yml:3:17: error: cannot apply '*' to string \"x\" and int 1000000000")
        #expect(T.renderError("{{ [1] * 1000000000 }}")
            == "play.yml:3:17: error: cannot apply '*' to list of 1 item and int 1000000000")
        #expect(T.renderError("{{ range(1000000000000) }}")
            == "play.yml:3:18: error: unexpected '(' after expression")
    }

    @Test func theSizeMeasureStopsEarlyOnSharedValues() {
        var value = Value.string("x")
        for _ in 0..<60 { value = .list([value, value]) }
        #expect(value.isLarger(than: 1000))
        #expect(!Value.list([.string("abc"), .int(1)]).isLarger(than: 6))
        #expect(Value.list([.string("abc"), .int(1)]).isLarger(than: 5))
    }
}
