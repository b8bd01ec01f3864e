import Foundation
import Testing
@testable import Playbook

/// Input that once crashed pbrun, hung it or made it work exponentially: each reader keeps the
/// bounds of `InputLimits` and answers with a positioned error instead.
struct InputBoundsTests {
    @Test func pythonLiteralsNestedTooDeeplyAreAnError() throws {
        #expect(throws: PythonLiteral.TooDeep.self) {
            try PythonLiteral.typedValue(of: String(repeating: "[", count: 20_000) + String(repeating: "]", count: 20_000))
        }
        let limit = InputLimits.maximumDepth
        let deepest = String(repeating: "[", count: limit) + String(repeating: "]", count: limit)
        var value = try PythonLiteral.typedValue(of: deepest)
        for _ in 1..<limit {
            guard case .list(let items) = value, let first = items.first else { break }
            value = first
        }
        #expect(value == .list([]))
    }

    @Test func nestedTuplesAndSetsAreReadOnce() throws {
        // Each level used to be read twice (once as a parenthesised value, again as a tuple): 2^150.
        let tuples = String(repeating: "(", count: 150) + "1" + String(repeating: ",)", count: 150)
        let sets = String(repeating: "{", count: 150) + "1" + String(repeating: ",}", count: 150)
        let started = Date()
        guard case .list = try PythonLiteral.typedValue(of: tuples), case .list = try PythonLiteral.typedValue(of: sets)
        else {
            Issue.record("not read as lists")
            return
        }
        #expect(try PythonLiteral.typedValue(of: "(1, (2, 3), {4, 5}, {'a': (6,)})")
                == .list([.int(1), .list([.int(2), .int(3)]), .list([.int(4), .int(5)]),
                          .map(Value.OrderedMap([("a", .list([.int(6)]))]))]))
        #expect(Date().timeIntervalSince(started) < 2)
    }

    @Test func jsonIsWrittenWithoutRecursionHoweverDeep() {
        var value = Value.int(1)
        for _ in 0..<20_000 { value = .list([value]) }
        let text = JSONText.write(value, indent: 0)
        #expect(text.count == 20_000 * 4 + 1)
        #expect(JSONText.write(.map(Value.OrderedMap([("b", .list([.int(1), .null])), ("a", .map(Value.OrderedMap()))])))
                == "{\n    \"a\": {},\n    \"b\": [\n        1,\n        null\n    ]\n}")
        #expect(JSONText.write(.list([.list([])]), indent: 2) == "[\n  []\n]")
    }
}

/// The host limit a caller may lower (the fuzz targets do): ranges across every group count
/// together, up to the limit and not one past it.
struct InventoryHostLimitTests {
    @Test func rangesMayFillALoweredLimitAndNotPassIt() throws {
        let inventory = try Inventory.parse(text: "[web]\nweb[1:6]\n[db]\ndb[1:4]\n", path: "hosts.ini", hostLimit: 10)
        #expect(inventory.hostNames.count == 10)
        #expect(throws: DiagnosticList.self) {
            try Inventory.parse(text: "[web]\nweb[1:6]\n[db]\ndb[1:5]\n", path: "hosts.ini", hostLimit: 10)
        }
    }

    @Test func aLimitAboveTheUsualMillionKeepsTheMillion() {
        #expect(throws: DiagnosticList.self) {
            try Inventory.parse(text: "h[0:1000000]\n", path: "hosts.ini", hostLimit: 5_000_000)
        }
    }
}
