import Foundation
import Testing
@testable import Playbook

/// The TOML reader on its own: values as TOML 1.0 defines them, the table rules, and errors at the
/// line and column where the input goes wrong. (The inventory mapping is in the fixture tables.)
struct TOMLDocumentTests {
    static func value(_ text: String) throws -> Value {
        try TOMLDocument.Node(kind: .table(TOMLDocument.parse(text, file: "t.toml").root),
                              location: SourceLocation(file: "t.toml", line: 1, column: 1)).value
    }

    static func failure(_ text: String) -> String {
        do {
            _ = try TOMLDocument.parse(text, file: "t.toml")
            return "(it parsed)"
        } catch {
            return "\(error.location): \(error.message)"
        }
    }

    @Test(arguments: [
        ("a = 1_000", Value.int(1000)), ("a = -17", .int(-17)), ("a = +42", .int(42)), ("a = 0", .int(0)),
        ("a = 0xDEAD_beef", .int(0xDEADBEEF)), ("a = 0o755", .int(0o755)), ("a = 0b1010", .int(10)),
        ("a = 0.75", .double(0.75)), ("a = 6.02e23", .double(6.02e23)), ("a = -1E-3", .double(-0.001)),
        ("a = 1e1_0", .double(1e10)), ("a = -inf", .double(-.infinity)), ("a = true", .bool(true)),
        ("a = false", .bool(false)), ("a = 1979-05-27T07:32:00Z", .string("1979-05-27T07:32:00+00:00")),
        ("a = 1979-05-27 07:32:00.5-07:00", .string("1979-05-27T07:32:00.500000-07:00")),
        ("a = 1979-05-27t07:32:00z", .string("1979-05-27T07:32:00+00:00")), ("a = 07:32:00.25", .string("07:32:00.250000")),
        ("a = 1979-05-27", .string("1979-05-27")), ("a = 07:32:00", .string("07:32:00")),
        (#"a = "tab\t \"q\" \u00e9 \U0001F600""#, .string("tab\t \"q\" é 😀")),
        (#"a = 'C:\no\escape'"#, .string(#"C:\no\escape"#)),
        ("a = \"\"\"\nfirst\nsecond\"\"\"", .string("first\nsecond")),
        ("a = \"\"\"one \\\n    two\"\"\"", .string("one two")),
        ("a = \"\"\"\"q\" \"\"x\"\"\"\"\"", .string("\"q\" \"\"x\"\"")),
        ("a = '''\nraw \\n\n'''", .string("raw \\n\n")),
        ("a = \"a\\r\\nb\"", .string("a\r\nb")),
    ])
    func readsScalars(_ text: String, _ expected: Value) throws {
        let map = try Self.value(text)
        guard case .map(let pairs) = map, case .double(let number)? = pairs["a"], case .double(let want) = expected else {
            #expect(map == .map(Value.OrderedMap([("a", expected)])), "\(text)")
            return
        }
        #expect(number == want, "\(text)")
    }

    @Test func nanIsAFloat() throws {
        guard case .map(let map) = try Self.value("a = nan"), case .double(let number)? = map["a"] else {
            Issue.record("nan is no float")
            return
        }
        #expect(number.isNaN)
    }

    @Test func buildsTablesFromHeadersDottedKeysAndInlineTables() throws {
        let text = """
        top = 1
        site.name = "eu"   # dotted
        [web.hosts]
        "h1:22" = { port = 2222, tags = ["a", 'b',
          ], deep = { x.y = 1 } }
        [web.vars]
        [web.hosts2.sub]
        z = []
        [[list]]
        n = 1
        [[list]]
        n = 2
        [list.child]
        c = true
        """
        let expected: Value = .map(Value.OrderedMap([
            ("top", .int(1)),
            ("site", .map(Value.OrderedMap([("name", .string("eu"))]))),
            ("web", .map(Value.OrderedMap([
                ("hosts", .map(Value.OrderedMap([("h1:22", .map(Value.OrderedMap([
                    ("port", .int(2222)), ("tags", .list([.string("a"), .string("b")])),
                    ("deep", .map(Value.OrderedMap([("x", .map(Value.OrderedMap([("y", .int(1))])))]))),
                ])))]))),
                ("vars", .map(Value.OrderedMap())),
                ("hosts2", .map(Value.OrderedMap([("sub", .map(Value.OrderedMap([("z", .list([]))])))]))),
            ]))),
            ("list", .list([.map(Value.OrderedMap([("n", .int(1))])),
                            .map(Value.OrderedMap([("n", .int(2)), ("child", .map(Value.OrderedMap([("c", .bool(true))])))]))])),
        ]))
        #expect(try Self.value(text) == expected)
    }

    @Test func acceptsCRLFLineEnds() throws {
        #expect(try Self.value("[g]\r\na = \"x\" # c\r\n") == .map(Value.OrderedMap([
            ("g", .map(Value.OrderedMap([("a", .string("x"))]))),
        ])))
    }

    @Test(arguments: [
        ("a = 1\na = 2", "t.toml:2:1: duplicate key 'a' (first at line 1)"),
        ("[a]\n[b]\n[a]", "t.toml:3:1: table [a] is defined twice (first at line 1)"),
        ("[a]\nb.c = 1\n[a.b]", "t.toml:3:1: table [a.b] was already defined with dotted keys (line 2)"),
        ("a = {b = 1}\n[a.c]", "t.toml:2:2: 'a' is an inline table, which cannot be extended"),
        ("a = {b = 1}\na.c = 2", "t.toml:2:1: 'a' is already defined (line 1); a dotted key cannot add to it"),
        ("a = 1\n[a.b]", "t.toml:2:2: 'a' is already an integer (line 1), not a table"),
        ("[[a]]\n[a]", "t.toml:2:1: [a] is an array of tables; write [[a]] to add to it"),
        ("[a]\n[[a]]", "t.toml:2:1: [[a]] names a table, not an array of tables"),
        ("a = { b = 1,\n c = 2 }", "t.toml:1:13: expected a key, found the end of the line (an inline table stays on one line)"),
        ("a = { b = 1, }", "t.toml:1:14: expected a key, found '}'"),
        ("a = [1 2]", "t.toml:1:8: expected ',' or ']' in the array, found '2'"),
        ("a = \"open", "t.toml:1:5: the string that starts here is not closed"),
        ("a = '''\nx''", "t.toml:1:5: the string that starts here is not closed"),
        ("a = \"line\nb = 1", "t.toml:1:10: the string is not closed before the end of the line"),
        ("a = \"bad \\q\"", "t.toml:1:10: invalid escape sequence '\\q'"),
        ("a = \"\\uD800\"", "t.toml:1:6: escape U+D800 is not a Unicode scalar value"),
        ("a = \"\\u12\"", "t.toml:1:6: \\u and \\U escapes need 4 hexadecimal digits"),
        ("a = bare", "t.toml:1:5: invalid value: not a number, boolean or date (strings need quotes)"),
        ("a = 012", "t.toml:1:5: invalid value: not a number, boolean or date (strings need quotes)"),
        ("a = 1__0", "t.toml:1:5: invalid value: not a number, boolean or date (strings need quotes)"),
        ("a = 99999999999999999999", "t.toml:1:5: invalid value: not a number, boolean or date (strings need quotes)"),
        ("a = 1979-13-1", "t.toml:1:5: invalid value: not a number, boolean or date (strings need quotes)"),
        ("a = 1 b = 2", "t.toml:1:7: expected the end of the line, found 'b'"),
        ("a", "t.toml:1:2: expected '=' after the key, found the end of the file"),
        ("a =", "t.toml:1:4: expected a value, found the end of the file"),
        ("[a", "t.toml:1:3: expected ']' to close the table header, found the end of the file"),
        ("[[a]", "t.toml:1:5: expected ']]' to close the table header, found the end of the file"),
        ("é = 1", "t.toml:1:1: expected a key, found 'é'"),
        ("a = 'x' # \u{01}", "t.toml:1:11: control character U+0001 in a comment"),
        ("a = 1\rb = 2", "t.toml:1:6: a carriage return must be followed by a newline"),
        ("\"\"\"k\"\"\" = 1", "t.toml:1:1: a key cannot be a multi-line string"),
    ])
    func reportsErrorsWhereTheyAre(_ text: String, _ expected: String) {
        #expect(Self.failure(text) == expected, "\(text)")
    }

    @Test func boundsNesting() {
        let arrays = "a = " + String(repeating: "[", count: 300) + String(repeating: "]", count: 300)
        #expect(Self.failure(arrays) == "t.toml:1:204: TOML is nested too deeply (more than 200 levels)")
        let tables = "a = " + String(repeating: "{b = ", count: 300) + "1" + String(repeating: "}", count: 300)
        #expect(Self.failure(tables).contains("nested too deeply"))
        let keys = "[" + Array(repeating: "k", count: 300).joined(separator: ".") + "]"
        #expect(Self.failure(keys).contains("more than 200 parts"))
        let dotted = "[" + Array(repeating: "k", count: 150).joined(separator: ".") + "]\n"
            + Array(repeating: "k", count: 100).joined(separator: ".") + " = 1"
        #expect(Self.failure(dotted).contains("nested too deeply"))
    }
}
