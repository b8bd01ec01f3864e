import Foundation
import Testing
import Playbook

@Suite struct VariableExtraVarsTests {
    static func values(_ argument: String, in directory: String = "/") throws -> Value.OrderedMap {
        try ExtraVars.parse(argument, workingDirectory: directory).values
    }

    static func failure(_ arguments: [String], in directory: String = "/") -> String {
        do {
            _ = try ExtraVars.layer(from: arguments, workingDirectory: directory)
            return "no error"
        } catch {
            return error.description
        }
    }

    @Test func keyValuePairsAreStringsSplitLikeShellWords() throws {
        #expect(try Self.values("version=1.10 msg=\"hello world\" path='/a b' empty= esc=a\\ b")
            == Value.OrderedMap([("version", .string("1.10")), ("msg", .string("hello world")),
                                 ("path", .string("/a b")), ("empty", .string("")), ("esc", .string("a b"))]))
        #expect(try Self.values("url=http://x/?a=1") == Value.OrderedMap([("url", .string("http://x/?a=1"))]))
    }

    @Test func jsonAndYAMLMappingsKeepTheirTypes() throws {
        #expect(try Self.values(#"{"n": 1, "f": 1.0, "b": true, "l": [null], "s": "x"}"#) == Value.OrderedMap([
            ("n", .int(1)), ("f", .double(1)), ("b", .bool(true)), ("l", .list([.null])), ("s", .string("x")),
        ]))
        #expect(try Self.values("{a: 1, b: yes}") == Value.OrderedMap([("a", .int(1)), ("b", .bool(true))]))
    }

    @Test func filesAreReadRelativeToTheWorkingDirectory() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pbrun-extra-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("release: \"2.0\"\nreplicas: 3\nurl: \"http://{{ nope }}\"\n".utf8)
            .write(to: directory.appendingPathComponent("vars.yml"))
        try Data(#"{"release": "3.0"}"#.utf8).write(to: directory.appendingPathComponent("more.json"))
        let layer = try ExtraVars.layer(from: ["@vars.yml", "@more.json", "replicas=5"], workingDirectory: directory.path)
        #expect(layer.values == Value.OrderedMap([("release", .string("3.0")), ("replicas", .string("5")),
                                                  ("url", .string("http://{{ nope }}"))]))
        #expect(layer.precedence == .extra)
        let scope = VariableScope(layers: [layer])
        #expect(throws: Diagnostic(.error, at: SourceLocation(file: "vars.yml", line: 3, column: 17),
                                   "undefined variable 'nope'")) {
            try Template(TemplateSource("{{ url }}", named: "t")).render(in: scope)
        }
    }

    @Test func badArgumentsAreErrors() {
        #expect(Self.failure(["justaword"]) == "error: -e 'justaword': 'justaword' is not key=value "
            + #"(write -e key=value, -e @file.yml or -e '{"key": value}')"#)
        #expect(Self.failure(["1x=2"]) == "error: -e '1x=2': '1x' is not a valid variable name (letters, digits and '_', "
            + "not starting with a digit)")
        #expect(Self.failure(["a='open"]) == "error: -e 'a='open': unterminated single quote")
        #expect(Self.failure(["[1, 2]"]) == "error: -e '[1, 2]' must be a mapping of names to values, not a list")
        #expect(Self.failure([#"{"a": }"#])
            == "<extra vars>:1:7: error: invalid JSON: unexpected character '}' in JSON")
        #expect(Self.failure(["@missing.yml"], in: "/nonexistent") == "error: /nonexistent/missing.yml: no such file")
    }
}
