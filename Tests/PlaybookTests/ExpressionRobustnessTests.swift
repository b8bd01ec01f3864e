import Testing
import Playbook

@Suite struct ExpressionRobustnessTests {
    /// A small deterministic generator, so a failure can be replayed.
    struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    static let pieces = ["{{", "}}", "{%", "%}", " raw ", " endraw ", "'", "\"", "(", ")", "[", "]", "|", ".", ",", "name",
                         "ports", "db", "missing", "default", "upper", "quote", "1", "2.5", "-", "+", "*", "//", "==",
                         "<", " and ", " or ", " not ", " in ", " is ", "defined", " if ", " else ", "~", " ", "\n",
                         "é", "\\", "x"]

    /// Random token soup never crashes the lexer, parser or evaluator: every input renders or
    /// fails with a diagnostic that points inside the template.
    @Test func randomInputsRenderOrFailAtAPlaceInsideTheTemplate() {
        var generator = Generator(state: 0x5eed)
        let scope = TemplateTestSupport.scope()
        var rendered = 0, failed = 0
        for _ in 0..<20_000 {
            var text = ""
            for _ in 0..<(1 + generator.next(14)) { text += Self.pieces[generator.next(Self.pieces.count)] }
            let source = TemplateSource(text, at: SourceLocation(file: "f.yml", line: 1, column: 1), continuationColumn: 1)
            do {
                _ = try Template(source).render(in: scope)
                rendered += 1
            } catch {
                failed += 1
                let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
                let location = error.location
                #expect(location.map { (1...lines.count).contains($0.line) } == true,
                        "\(error) for \(text.debugDescription)")
                if let location, lines.indices.contains(location.line - 1) {
                    #expect(location.column <= lines[location.line - 1].count + 1, "\(error) for \(text.debugDescription)")
                }
            }
        }
        #expect(rendered > 100 && failed > 100)
    }
}

@Suite struct ExpressionDepthTests {
    typealias T = TemplateTestSupport

    @Test func deepButReasonableExpressionsWork() throws {
        let sum = "{{ " + Array(repeating: "1", count: 150).joined(separator: " + ") + " }}"
        #expect(try T.value(sum) == .int(150))
        #expect(try T.value("{{ " + String(repeating: "(", count: 60) + "2" + String(repeating: ")", count: 60) + " }}")
            == .int(2))
    }

    /// Input that would recurse past the stack is refused with a diagnostic instead of crashing.
    @Test func absurdNestingIsAnErrorNotACrash() {
        let limit = "(more than \(Expression.maximumDepth) levels)"
        #expect(T.renderError("{{ " + String(repeating: "(", count: 100_000) + "1 }}")
            == "play.yml:3:213: error: expression is nested too deeply \(limit)")
        #expect(T.renderError("{{ " + Array(repeating: "1", count: 100_000).joined(separator: " + ") + " }}")
            == "play.yml:3:13: error: expression is nested too deeply \(limit)")
        #expect(T.conditionError(String(repeating: "not ", count: 100_000) + "true")
            == "play.yml:3:806: error: expression is nested too deeply \(limit)")
        #expect(T.renderError("{{ " + String(repeating: "-", count: 100_000) + "1 }}")
            == "play.yml:3:212: error: expression is nested too deeply \(limit)")
        #expect(T.renderError("{{ x" + String(repeating: "[0]", count: 100_000) + " }}")
            == "play.yml:3:13: error: expression is nested too deeply \(limit)")
    }
}

@Suite struct VariableExpansionDepthTests {
    @Test func aLongChainOfVariablesIsAnErrorNotACrash() {
        var values = Value.OrderedMap()
        for index in 0..<10_000 { values["v\(index)"] = .string("{{ v\(index + 1) }}") }
        values["v10000"] = .string("end")
        let scope = VariableScope(layers: [VariableLayer(.play, name: "p", values: values, file: "vars.yml")])
        #expect(TemplateTestSupport.renderError("{{ v9990 }}", in: scope) == "no error")
        #expect(TemplateTestSupport.renderError("{{ v0 }}", in: scope)
            == "vars.yml:1:4: error: variable 'v64' is expanded through more than 64 other variables")
    }
}
