import Testing
import Playbook

/// Untyped values typed as PyYAML's YAML 1.1 resolver (and so Ansible) types them.
@Suite struct YAMLInferredValueTests {
    private func value(_ scalar: String) throws -> Value {
        let docs = try YAMLLoader.load(text: "v: \(scalar)\n", file: "t.yml")
        return try #require(docs.first?.pairs?.first?.value).inferredValue()
    }

    @Test(arguments: ["yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"])
    func trueWords(_ word: String) throws {
        #expect(try value(word) == .bool(true))
    }

    @Test(arguments: ["no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"])
    func falseWords(_ word: String) throws {
        #expect(try value(word) == .bool(false))
    }

    @Test func notQuiteBooleansStayStrings() throws {
        #expect(try value("yEs") == .string("yEs"))
        #expect(try value("y") == .string("y"))
        #expect(try value("'yes'") == .string("yes"))
        #expect(try value("\"true\"") == .string("true"))
    }

    @Test func integers() throws {
        #expect(try value("42") == .int(42))
        #expect(try value("-7") == .int(-7))
        #expect(try value("+3") == .int(3))
        #expect(try value("0") == .int(0))
        #expect(try value("1_000") == .int(1000))
        #expect(try value("0x1F") == .int(31))
        #expect(try value("0o17") == .int(15))
        #expect(try value("017") == .int(15))
        #expect(try value("0b101") == .int(5))
        #expect(try value("1:30") == .int(90))
        #expect(try value("089") == .string("089"))
        #expect(try value("12abc") == .string("12abc"))
    }

    @Test func floats() throws {
        #expect(try value("1.5") == .double(1.5))
        #expect(try value("1.") == .double(1))
        #expect(try value(".5") == .double(0.5))
        #expect(try value("-2.5e+3") == .double(-2500))
        #expect(try value(".inf") == .double(.infinity))
        #expect(try value("-.Inf") == .double(-.infinity))
        #expect(try value("1e3") == .string("1e3"))
        #expect(try value("1.10") == .double(1.1))
        #expect(try value("1.2.3") == .string("1.2.3"))
        guard case .double(let nan) = try value(".nan") else { Issue.record("not a double"); return }
        #expect(nan.isNaN)
    }

    @Test func nulls() throws {
        #expect(try value("~") == .null)
        #expect(try value("null") == .null)
        #expect(try value("NULL") == .null)
        #expect(try value("") == .null)
        #expect(try value("'null'") == .string("null"))
    }

    @Test func tagsOverrideTheResolver() throws {
        #expect(try value("!!str 42") == .string("42"))
        #expect(try value("!!int '42'") == .int(42))
        #expect(try value("!!float 2") == .double(2))
        #expect(try value("!!bool 'yes'") == .bool(true))
        #expect(try value("! 42") == .string("42"))
    }

    @Test func blockScalarsAreStrings() throws {
        let docs = try YAMLLoader.load(text: "v: |\n  42\n", file: "t.yml")
        #expect(docs.first?.pairs?.first?.value.inferredValue() == .string("42\n"))
    }

    @Test func nestedCollections() throws {
        let docs = try YAMLLoader.load(text: "a: [1, x, {b: on}]\n", file: "t.yml")
        let expected = Value.map(Value.OrderedMap([("a", .list([.int(1), .string("x"),
            .map(Value.OrderedMap([("b", .bool(true))]))]))]))
        #expect(docs.first?.inferredValue() == expected)
    }
}
