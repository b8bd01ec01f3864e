import Testing
@testable import Playbook

/// The INI inventory format: sections, typing of values, ranges, the implicit groups, errors.
struct InventoryINITests {
    private func load(_ text: String) throws -> Inventory {
        try Inventory.parse(text: text, path: "inv.ini")
    }

    private func errors(_ text: String) -> [String] {
        do {
            _ = try Inventory.parse(text: text, path: "inv.ini")
            return []
        } catch {
            return error.diagnostics.map(\.description)
        }
    }

    @Test func sectionsChildrenAndUngrouped() throws {
        let inventory = try load("""
            bastion ansible_host=10.0.0.1
            [web]
            web1 ansible_port=2222 role=front
            web2:2200
            [db]
            db1
            [prod:children]
            web
            db
            [prod:vars]
            env=production
            """)
        #expect(inventory.hostNames == ["bastion", "web1", "web2", "db1"])
        #expect(inventory.children(of: "all") == ["ungrouped", "prod"])
        #expect(inventory.children(of: "prod") == ["web", "db"])
        #expect(inventory.directHosts(of: "ungrouped") == ["bastion"])
        #expect(inventory.groups(of: "web1") == ["prod", "web"])
        #expect(inventory.variables(of: "web1") == Value.OrderedMap([
            ("env", .string("production")), ("ansible_port", .int(2222)), ("role", .string("front")),
        ]))
        #expect(inventory.variables(of: "web2")["ansible_port"] == .int(2200))
    }

    @Test func valuesAreTypedAsPythonLiterals() throws {
        let inventory = try load("""
            [g]
            h a=1 b=1.5 c=True d=yes e='quoted' f="[1, 'x']" g=None h=0x10 i=web01 j="{'k': [1, 2]}" k=-3 l=007
            [g:vars]
            m = False
            n = a b c
            o = 'x' 'y'
            p = 1 # a comment
            """)
        let vars = inventory.variables(of: "h")
        #expect(vars["a"] == .int(1))
        #expect(vars["b"] == .double(1.5))
        #expect(vars["c"] == .bool(true))
        #expect(vars["d"] == .string("yes"))
        #expect(vars["e"] == .string("quoted"))
        #expect(vars["f"] == .list([.int(1), .string("x")]))
        #expect(vars["g"] == .null)
        #expect(vars["h"] == .int(16))
        #expect(vars["i"] == .string("web01"))
        #expect(vars["j"] == .map(Value.OrderedMap([("k", .list([.int(1), .int(2)]))])))
        #expect(vars["k"] == .int(-3))
        #expect(vars["l"] == .string("007"))
        #expect(vars["m"] == .bool(false))
        #expect(vars["n"] == .string("a b c"))
        #expect(vars["o"] == .string("xy"))
        #expect(vars["p"] == .int(1))
    }

    @Test func hostRanges() throws {
        let inventory = try load("""
            [web]
            web[01:03].example.com
            db-[a:c]
            n[0:6:3]
            r[1:2]x[1:2]
            """)
        #expect(inventory.hostNames == [
            "web01.example.com", "web02.example.com", "web03.example.com", "db-a", "db-b", "db-c", "n0", "n3", "n6",
            "r1x1", "r1x2", "r2x1", "r2x2",
        ])
    }

    @Test func childrenMayBeDeclaredLater() throws {
        let inventory = try load("""
            [all:children]
            late
            [late]
            h1
            """)
        #expect(inventory.children(of: "all") == ["ungrouped", "late"])
        #expect(inventory.hostNames == ["h1"])
    }

    @Test func malformedLinesAreReportedWithPositions() {
        #expect(errors("""
            [web servers]
            [db:var]
            h1
            [ok]
            h2 novalue
              h3 x="unterminated
            [g:children]
            nosuch
            [other:vars]
            a=1
            """) == [
                "inv.ini:1:1: error: invalid section header '[web servers]': a section is [name], [name:vars] or [name:children], with no spaces",
                "inv.ini:2:5: error: section [db:var] has unknown type 'var' (expected hosts, vars or children; did you mean 'vars'?)",
                "inv.ini:5:4: error: expected key=value host variable, got 'novalue'",
                "inv.ini:6:8: error: cannot split host line: no closing quotation",
                "inv.ini:8:1: error: section [g:children] includes undefined group 'nosuch'",
                "inv.ini:9:1: error: section [other:vars] is for group 'other', which is never declared",
            ])
    }

    @Test func badRangesAreErrors() {
        #expect(errors("[g]\nweb[1:]\nweb[01:3]\nweb[1]\nweb[c:a]\n[web\n") == [
            "inv.ini:2:1: error: host range '[1:]' must specify an end value",
            "inv.ini:3:1: error: host range '[01:3]' must have begin and end of equal width",
            "inv.ini:4:1: error: host range '[1]' must be begin:end or begin:end:step",
            "inv.ini:5:1: error: host range '[c:a]' must have begin <= end",
            "inv.ini:6:1: error: host range '[web' has '[' without a closing ']'",
        ])
    }

    @Test func cyclesOfChildrenAreErrors() {
        #expect(errors("""
            [a:children]
            b
            [b:children]
            c
            [c:children]
            a
            """) == [
                "inv.ini:6:1: error: adding group 'a' as a child of 'c' makes a cycle of children: c -> a -> b -> c",
            ])
        #expect(errors("[a:children]\na\n") == ["inv.ini:2:1: error: group 'a' cannot be a child of itself"])
    }
}
