import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// A parsed XML element: enough of a DOM to check a JUnit document.
final class XMLElementNode {
    let name: String
    let attributes: [String: String]
    var children: [XMLElementNode] = []
    var text = ""

    init(name: String, attributes: [String: String]) {
        self.name = name
        self.attributes = attributes
    }

    func all(_ name: String) -> [XMLElementNode] { children.filter { $0.name == name } }
}

/// Parses XML with Foundation's parser (libxml2), so a document that is not well-formed fails here.
final class XMLTreeBuilder: NSObject, XMLParserDelegate {
    private var stack: [XMLElementNode] = []
    private(set) var root: XMLElementNode?
    private(set) var failure: String?

    static func parse(_ text: String) -> Result<XMLElementNode, XMLCheckError> {
        let builder = XMLTreeBuilder()
        let parser = XMLParser(data: Data(text.utf8))
        parser.delegate = builder
        guard parser.parse(), let root = builder.root else {
            let reason = builder.failure ?? parser.parserError.map { "\($0)" } ?? "?"
            return .failure(XMLCheckError("not well-formed: \(reason)"))
        }
        return .success(root)
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName: String?, attributes: [String: String] = [:]) {
        let node = XMLElementNode(name: elementName, attributes: attributes)
        stack.last?.children.append(node)
        if stack.isEmpty { root = node }
        stack.append(node)
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        stack.removeLast()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        stack.last?.text += string
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
        failure = "\(parseError)"
    }
}

/// A rule of the schema that a document broke.
struct XMLCheckError: Error, CustomStringConvertible, Equatable {
    let description: String
    init(_ description: String) { self.description = description }
}

/// The checks of the common JUnit XML schema (Jenkins' `junit-10.xsd`, the one Jenkins, GitLab and most
/// CI dashboards accept), written out as code: which elements may appear where, which attributes each
/// allows and requires, the value patterns, and that the counts agree with the test cases.
enum JUnitSchema {
    // Regex is not Sendable: computed, so no shared mutable state.
    static var decimal: Regex<(Substring, Substring?)> { #/[0-9]+(\.[0-9]{1,3})?/# }
    static var integer: Regex<Substring> { #/[0-9]+/# }
    static var timestamp: Regex<Substring> { #/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}/# }

    static func validate(_ text: String) -> [XMLCheckError] {
        switch XMLTreeBuilder.parse(text) {
        case .failure(let error): return [error]
        case .success(let root): return validate(root)
        }
    }

    static func validate(_ root: XMLElementNode) -> [XMLCheckError] {
        var errors: [XMLCheckError] = []
        func check(_ condition: Bool, _ message: @autoclosure () -> String) {
            if !condition { errors.append(XMLCheckError(message())) }
        }
        func attributes(_ node: XMLElementNode, allowed: Set<String>, required: Set<String>) {
            for name in node.attributes.keys { check(allowed.contains(name), "<\(node.name)> has attribute '\(name)'") }
            for name in required { check(node.attributes[name] != nil, "<\(node.name)> lacks attribute '\(name)'") }
            for name in ["tests", "failures", "errors", "skipped", "disabled", "assertions", "id"] {
                if let value = node.attributes[name] { check(value.wholeMatch(of: integer) != nil, "\(name)=\(value)") }
            }
            if let time = node.attributes["time"] { check(time.wholeMatch(of: decimal) != nil, "time=\(time)") }
            if let stamp = node.attributes["timestamp"] {
                check(stamp.wholeMatch(of: timestamp) != nil, "timestamp=\(stamp)")
            }
        }
        check(root.name == "testsuites", "root is <\(root.name)>")
        attributes(root, allowed: ["name", "time", "tests", "failures", "errors", "disabled"], required: [])
        var total = (tests: 0, failures: 0, errors: 0)
        for suite in root.children {
            check(suite.name == "testsuite", "<testsuites> contains <\(suite.name)>")
            attributes(suite, allowed: ["name", "tests", "failures", "errors", "skipped", "disabled", "time",
                                        "timestamp", "hostname", "id", "package"], required: ["name", "tests"])
            // Sequence: properties?, testcase*, system-out?, system-err?
            let order = ["properties": 0, "testcase": 1, "system-out": 2, "system-err": 3]
            var last = -1
            for child in suite.children {
                let rank = order[child.name] ?? 99
                check(rank != 99, "<testsuite> contains <\(child.name)>")
                check(rank >= last && !(rank == last && rank != 1), "<\(child.name)> out of order in <testsuite>")
                last = rank
            }
            for properties in suite.all("properties") {
                for property in properties.children {
                    check(property.name == "property", "<properties> contains <\(property.name)>")
                    attributes(property, allowed: ["name", "value"], required: ["name", "value"])
                }
            }
            let cases = suite.all("testcase")
            var counts = (failures: 0, errors: 0, skipped: 0)
            for testcase in cases {
                attributes(testcase, allowed: ["name", "assertions", "time", "classname", "status"], required: ["name"])
                for child in testcase.children {
                    check(["skipped", "error", "failure", "system-out", "system-err"].contains(child.name),
                          "<testcase> contains <\(child.name)>")
                    check(child.children.isEmpty, "<\(child.name)> has child elements")
                    if ["skipped", "error", "failure"].contains(child.name) {
                        let allowed: Set<String> = child.name == "skipped" ? ["message"] : ["message", "type"]
                        attributes(child, allowed: allowed, required: [])
                    } else {
                        check(child.attributes.isEmpty, "<\(child.name)> has attributes")
                    }
                }
                if !testcase.all("failure").isEmpty { counts.failures += 1 }
                if !testcase.all("error").isEmpty { counts.errors += 1 }
                if !testcase.all("skipped").isEmpty { counts.skipped += 1 }
            }
            check(suite.attributes["tests"] == "\(cases.count)",
                  "suite tests=\(suite.attributes["tests"] ?? "-") but \(cases.count) cases")
            check(suite.attributes["failures"].map { $0 == "\(counts.failures)" } ?? true, "suite failures count")
            check(suite.attributes["errors"].map { $0 == "\(counts.errors)" } ?? true, "suite errors count")
            check(suite.attributes["skipped"].map { $0 == "\(counts.skipped)" } ?? true, "suite skipped count")
            total = (total.tests + cases.count, total.failures + counts.failures, total.errors + counts.errors)
        }
        check(root.attributes["tests"].map { $0 == "\(total.tests)" } ?? true, "testsuites tests count")
        check(root.attributes["failures"].map { $0 == "\(total.failures)" } ?? true, "testsuites failures count")
        check(root.attributes["errors"].map { $0 == "\(total.errors)" } ?? true, "testsuites errors count")
        return errors
    }
}
