import Testing
import Playbook

@Suite struct TemplateErrorTests {
    typealias T = TemplateTestSupport

    @Test func undefinedVariableIsAnErrorWithASuggestion() {
        #expect(T.renderError("echo {{ hostnme }}")
            == "play.yml:3:18: error: undefined variable 'hostnme' (did you mean 'hostname'?)")
        #expect(T.renderError("{{ zzzzzz }}") == "play.yml:3:13: error: undefined variable 'zzzzzz'")
    }

    @Test func undefinedIsNeverRenderedAsEmpty() {
        #expect(T.renderError("a{{ missing }}b") == "play.yml:3:14: error: undefined variable 'missing'")
        #expect(T.renderError("{{ missing | upper }}") == "play.yml:3:13: error: undefined variable 'missing'")
        #expect(T.renderError("{{ [missing] }}") == "play.yml:3:14: error: undefined variable 'missing'")
        #expect(T.renderError("{{ missing ~ 'x' }}") == "play.yml:3:13: error: undefined variable 'missing'")
    }

    @Test func missingKeyAndIndexPointAtTheKey() {
        #expect(T.renderError("{{ db.prot }}") == "play.yml:3:16: error: 'db' has no key 'prot' (did you mean 'port'?)")
        #expect(T.renderError("{{ db['hots'] }}")
            == "play.yml:3:16: error: 'db' has no key 'hots' (did you mean 'host'?)")
        #expect(T.renderError("{{ ports[2] }}")
            == "play.yml:3:19: error: index 2 is out of range for 'ports' (2 items)")
        #expect(T.renderError("{{ port.x }}") == "play.yml:3:18: error: cannot read '.x' of int 8080 ('port')")
        #expect(T.renderError("{{ ports['a'] }}")
            == "play.yml:3:19: error: cannot index list of 2 items ('ports') with string \"a\"")
    }

    @Test func syntaxErrors() {
        #expect(T.renderError("echo {{ name") == "play.yml:3:22: error: unclosed '{{' (expected '}}')")
        #expect(T.renderError("{{ }}") == "play.yml:3:13: error: empty expression in '{{ }}'")
        #expect(T.renderError("{{ name name }}") == "play.yml:3:18: error: unexpected 'name' after expression")
        #expect(T.renderError("{{ (port + 1 }}") == "play.yml:3:23: error: expected ')' but found '}}'")
        #expect(T.renderError("{{ 'abc }}") == "play.yml:3:13: error: unterminated string (missing ')")
        #expect(T.renderError("{{ port = 1 }}") == "play.yml:3:18: error: unexpected '=' (use '==' to compare)")
        #expect(T.renderError("{{ port $ 1 }}") == "play.yml:3:18: error: unexpected character '$' in expression")
        #expect(T.renderError("{{ name | }}")
            == "play.yml:3:20: error: expected a filter name after '|' but found '}}'")
        #expect(T.renderError("{{ a if b }}") == "play.yml:3:20: error: expected 'else' but found '}}'")
        #expect(T.renderError("{{ and }}") == "play.yml:3:13: error: unexpected 'and' where a value was expected")
        #expect(T.conditionError("name is definde")
            == "play.yml:3:18: error: unknown test 'definde' (did you mean 'defined'?)")
    }

    @Test func unsupportedStatementsAreErrors() {
        #expect(T.renderError("{% if x %}y{% endif %}")
            == "play.yml:3:13: error: unsupported template statement 'if' (pbrun templates have "
                + "'{{ expression }}' and '{% raw %}' only)")
        #expect(T.renderError("{% raw %}never closed") == "play.yml:3:10: error: '{% raw %}' without '{% endraw %}'")
        #expect(T.renderError("x{% endraw %}") == "play.yml:3:11: error: '{% endraw %}' without '{% raw %}'")
    }

    @Test func errorsOnLaterLinesOfABlockUseTheContinuationColumn() throws {
        let source = TemplateSource("set -e\necho {{ nope }}\n",
                                    at: SourceLocation(file: "deploy.yml", line: 12, column: 7),
                                    continuationColumn: 7)
        #expect(throws: Diagnostic(.error, at: SourceLocation(file: "deploy.yml", line: 13, column: 15),
                                   "undefined variable 'nope'")) {
            try Template(source).render(in: T.scope())
        }
    }

    @Test func theRenderedFormShowsTheSourceLineAndACaret() {
        let line = "    run: echo {{ nam }}"
        let source = TemplateSource("echo {{ nam }}", at: SourceLocation(file: "p.yml", line: 4, column: 10),
                                    sourceLine: line)
        do {
            _ = try Template(source).render(in: T.scope())
            Issue.record("expected an error")
        } catch {
            #expect(error.rendered == """
                p.yml:4:18: error: undefined variable 'nam' (did you mean 'name'?)
                    run: echo {{ nam }}
                                 ^
                """)
        }
    }

    @Test func errorsInAVariableDefinitionPointAtTheDefinition() {
        let layer = VariableLayer(.play, name: "play", values: Value.OrderedMap([("url", .string("http://{{ hots }}"))]),
                                  locations: ["url": SourceLocation(file: "vars.yml", line: 2, column: 6)],
                                  defaultLocation: SourceLocation(file: "vars.yml", line: 1, column: 1))
        let other = VariableLayer(.play, name: "b", values: Value.OrderedMap([("host", .string("h"))]), file: "b.yml")
        let scope = VariableScope(layers: [layer, other])
        #expect(T.renderError("{{ url }}", in: scope)
            == "vars.yml:2:16: error: undefined variable 'hots' (did you mean 'host'?)")
    }
}

@Suite struct TemplateYAMLPositionTests {
    static let text = """
        steps:
          - plain: echo {{ relase }}
            quoted: "echo {{ relase }}"
            single: 'echo {{ relase }}'
            block: |
              set -e
              echo {{ relase }}
        """

    /// Each scalar style's template, located from the real YAML tree, reports the line and column
    /// where the undefined name starts in the file.
    @Test(arguments: [("plain", "2:20"), ("quoted", "3:22"), ("single", "4:22"), ("block", "7:15")])
    func errorsPointIntoTheFileForEveryScalarStyle(key: String, place: String) throws {
        let document = try #require(try YAMLLoader.load(text: Self.text, file: "p.yml").first)
        let step = try #require(document.pairs?.first?.value.items?.first)
        let node = try #require(step.pairs?.first { $0.key.scalar?.text == key }?.value)
        let source = try #require(TemplateSource(node: node, sourceText: SourceText(text: Self.text, file: "p.yml")))
        #expect(throws: Diagnostic.self) { try Template(source).render(in: VariableScope()) }
        do {
            _ = try Template(source).render(in: VariableScope())
        } catch {
            #expect(error.description == "p.yml:\(place): error: undefined variable 'relase'")
            let location = try #require(error.location)
            let line = try #require(SourceText(text: Self.text, file: "p.yml").line(location.line))
            #expect(String(Array(line)[(location.column - 1)...].prefix(6)) == "relase")
        }
    }
}
