import Foundation

/// Reads an INI inventory into an `InventoryGraph`, following ansible-core's `ini` inventory plugin:
///
/// - Lines are trimmed; empty lines and lines starting with `#` or `;` are skipped.
/// - `[name]` starts a hosts section, `[name:vars]` a variables section, `[name:children]` a section
///   of child group names. Lines before the first section are hosts of `ungrouped`.
/// - A host line is split like a shell command line (quotes, backslashes, `#` starts a comment):
///   the first word is a host name or range with an optional `:port`, the rest `key=value` pairs.
/// - Every value is typed by `PythonLiteral` (Ansible's `ast.literal_eval`), in host lines and in
///   `:vars` sections alike.
/// - A `[name:children]` entry may name a group declared further down; `[name:vars]` for a group
///   that is never declared is an error, as is a child group never declared.
struct INIInventoryParser {
    /// The file name diagnostics show.
    let path: String
    /// The file's lines, without line ends.
    let lines: [String]

    init(path: String, text: String) {
        self.path = path
        var split = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if split.last == "" { split.removeLast() }
        lines = split.map { $0.hasSuffix("\r") ? String($0.dropLast()) : $0 }
    }

    private enum State: String {
        case hosts, vars, children
    }

    /// A reference to a group not declared (yet): a child entry, or a `:vars` section header.
    private struct Pending {
        var location: SourceLocation
        var state: State
        var parents: [Int]
    }

    /// Adds the file's groups, hosts and variables to `graph`; problems go to `diagnostics`.
    func parse(into graph: inout InventoryGraph, diagnostics: inout [Diagnostic]) {
        var group = InventoryGraph.ungrouped
        // nil after a malformed section header: its lines are skipped (the header is reported).
        var state: State? = .hosts
        var pending: [String: Pending] = [:]
        var pendingOrder: [String] = []

        for (offset, rawLine) in lines.enumerated() {
            let lineNumber = offset + 1
            let indent = rawLine.prefix { $0 == " " || $0 == "\t" }.count
            let line = Self.trimmed(rawLine)
            guard let first = line.first, first != "#", first != ";" else { continue }
            let location = SourceLocation(file: path, line: lineNumber, column: indent + 1)
            func fail(_ message: String, column: Int? = nil) {
                let at = SourceLocation(file: path, line: lineNumber, column: column ?? indent + 1)
                diagnostics.append(Diagnostic(at: at, message, sourceLine: PasswordVariables.maskedLine(rawLine)))
            }

            if first == "[", Self.section(line) != nil || line.hasSuffix("]") {
                guard let (name, kind) = Self.section(line) else {
                    fail("invalid section header '\(line)': a section is [name], [name:vars] or [name:children], "
                         + "with no spaces")
                    state = nil
                    continue
                }
                guard let newState = State(rawValue: kind ?? "hosts") else {
                    var message = "section [\(name):\(kind ?? "")] has unknown type '\(kind ?? "")'"
                    message += " (expected hosts, vars or children"
                    if let close = Suggestion.closest(to: kind ?? "", among: ["hosts", "vars", "children"]) {
                        message += "; did you mean '\(close)'?)"
                    } else {
                        message += ")"
                    }
                    fail(message, column: indent + name.count + 3)
                    state = nil
                    continue
                }
                state = newState
                if graph.groupIndex[name] == nil, state == .vars, pending[name] == nil {
                    pending[name] = Pending(location: location, state: .vars, parents: [])
                    pendingOrder.append(name)
                }
                group = graph.addGroup(name, at: location)
                if let waiting = pending[name], state != .vars {
                    if waiting.state == .children {
                        resolve(name, pending: &pending, graph: &graph, diagnostics: &diagnostics)
                    } else {
                        pending[name] = nil
                    }
                }
                continue
            }

            switch state {
            case nil:
                continue
            case .hosts:
                parseHostLine(rawLine, lineNumber: lineNumber, group: group, graph: &graph, diagnostics: &diagnostics)
            case .vars:
                guard let equals = line.firstIndex(of: "=") else {
                    fail("expected key=value in a [\(graph.groups[group].name):vars] section, got '\(line)'")
                    continue
                }
                let key = Self.trimmed(String(line[..<equals]))
                let rest = line[line.index(after: equals)...]
                let value = Self.trimmed(String(rest))
                let valueColumn = indent + 1 + line.distance(from: line.startIndex, to: equals) + 1
                    + rest.prefix { $0 == " " || $0 == "\t" }.count + Self.quoteWidth(value)
                let valueAt = SourceLocation(file: path, line: lineNumber, column: valueColumn)
                do throws(PythonLiteral.TooDeep) {
                    graph.setVariable(key, to: try PythonLiteral.typedValue(of: value), onGroup: group, at: location,
                                      valueAt: valueAt)
                } catch {
                    diagnostics.append(Diagnostic(at: valueAt, error.message, sourceLine: rawLine))
                }
            case .children:
                guard let child = Self.groupName(line) else {
                    fail("expected a group name in a [\(graph.groups[group].name):children] section, got '\(line)'")
                    continue
                }
                if let childIndex = graph.groupIndex[child], pending[child] == nil {
                    addChild(childIndex, to: group, at: location, rawLine: rawLine, graph: &graph,
                             diagnostics: &diagnostics)
                } else if pending[child] != nil {
                    pending[child]?.parents.append(group)
                } else {
                    pending[child] = Pending(location: location, state: .children, parents: [group])
                    pendingOrder.append(child)
                }
            }
        }

        for name in pendingOrder {
            guard let waiting = pending[name] else { continue }
            let sourceLine = lines[waiting.location.line - 1]
            switch waiting.state {
            case .vars:
                diagnostics.append(Diagnostic(at: waiting.location,
                                              "section [\(name):vars] is for group '\(name)', which is never declared",
                                              sourceLine: sourceLine))
            case .children, .hosts:
                let parent = waiting.parents.last.map { graph.groups[$0].name } ?? "?"
                var message = "section [\(parent):children] includes undefined group '\(name)'"
                let known = graph.groups.map(\.name).filter { $0 != name }
                if let close = Suggestion.closest(to: name, among: known) { message += " (did you mean '\(close)'?)" }
                diagnostics.append(Diagnostic(at: waiting.location, message, sourceLine: sourceLine))
            }
        }
    }

    /// Links a group declared late to the parents that named it as a child before, and so on upward.
    private func resolve(_ name: String, pending: inout [String: Pending], graph: inout InventoryGraph,
                         diagnostics: inout [Diagnostic]) {
        guard let waiting = pending[name], let child = graph.groupIndex[name] else { return }
        pending[name] = nil
        for parent in waiting.parents {
            addChild(child, to: parent, at: waiting.location, rawLine: lines[waiting.location.line - 1],
                     graph: &graph, diagnostics: &diagnostics)
        }
    }

    private func addChild(_ child: Int, to parent: Int, at location: SourceLocation, rawLine: String,
                          graph: inout InventoryGraph, diagnostics: inout [Diagnostic]) {
        do {
            try graph.addChild(child, to: parent)
        } catch {
            diagnostics.append(Diagnostic(at: location, InventoryGraph.message(for: error, child: child, parent: parent,
                                                                               in: graph), sourceLine: rawLine))
        }
    }

    private func parseHostLine(_ rawLine: String, lineNumber: Int, group: Int, graph: inout InventoryGraph,
                               diagnostics: inout [Diagnostic]) {
        let quoted = PasswordVariables.maskedLine(rawLine)
        let words: [ShellWords.Word]
        do {
            words = try ShellWords.split(rawLine)
        } catch {
            diagnostics.append(Diagnostic(at: SourceLocation(file: path, line: lineNumber, column: error.column),
                                          "cannot split host line: \(error.message)", sourceLine: quoted))
            return
        }
        guard let hostWord = words.first else { return }
        let location = SourceLocation(file: path, line: lineNumber, column: hostWord.column)
        let names: [String]
        let port: Int?
        do {
            (names, port) = try HostAddress.expandEntry(hostWord.text, limit: graph.roomForHosts)
        } catch {
            diagnostics.append(Diagnostic(at: location, error.message, sourceLine: quoted))
            return
        }
        var variables: [(String, Value, SourceLocation, SourceLocation)] = []
        for word in words.dropFirst() {
            let at = SourceLocation(file: path, line: lineNumber, column: word.column)
            guard let equals = word.text.firstIndex(of: "=") else {
                diagnostics.append(Diagnostic(at: at, "expected key=value host variable, got '\(word.text)'",
                                              sourceLine: PasswordVariables.maskedLine(rawLine)))
                return
            }
            let value = String(word.text[word.text.index(after: equals)...])
            // The word's text has lost its quotes; the line shows whether the value starts with one.
            let valueColumn = word.column + word.text.distance(from: word.text.startIndex, to: equals) + 1
            let opening = Array(rawLine).dropFirst(valueColumn - 1).first
            let valueAt = SourceLocation(file: path, line: lineNumber,
                                         column: valueColumn + (opening == "\"" || opening == "'" ? 1 : 0))
            do throws(PythonLiteral.TooDeep) {
                variables.append((String(word.text[..<equals]), try PythonLiteral.typedValue(of: value), at, valueAt))
            } catch {
                diagnostics.append(Diagnostic(at: valueAt, error.message, sourceLine: rawLine))
            }
        }
        for name in names {
            let host = graph.addHost(name, to: group, at: location)
            if let port { graph.setVariable("ansible_port", to: .int(port), onHost: host, at: location) }
            for (key, value, at, valueAt) in variables {
                graph.setVariable(key, to: value, onHost: host, at: at, valueAt: valueAt)
            }
        }
    }

    /// `[name]` or `[name:kind]` with an optional trailing comment: (name, kind), or nil when the
    /// line is not a well-formed section header.
    static func section(_ line: String) -> (String, String?)? {
        guard line.hasPrefix("["), let close = line.firstIndex(of: "]") else { return nil }
        let rest = line[line.index(after: close)...].trimmingCharacters(in: .whitespaces)
        guard rest.isEmpty || rest.hasPrefix("#") else { return nil }
        let inside = line[line.index(after: line.startIndex)..<close]
        let parts = inside.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        let name = String(parts[0])
        guard !name.isEmpty, !name.contains(where: { $0.isWhitespace || $0 == "]" }) else { return nil }
        guard parts.count == 2 else { return (name, nil) }
        let kind = String(parts[1])
        guard !kind.isEmpty, kind.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else { return nil }
        return (name, kind)
    }

    /// 1 when `value` is a quoted Python string (its text starts after the quote), else 0.
    static func quoteWidth(_ value: String) -> Int {
        guard let first = value.first, first == "\"" || first == "'", value.count >= 2, value.last == first else {
            return 0
        }
        return 1
    }

    /// `text` without leading and trailing blanks (spaces, tabs, carriage returns), as Python's
    /// `strip()` leaves an INI line.

    static func trimmed(_ text: String) -> String {
        let blank: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D || $0 == 0x0B || $0 == 0x0C }
        let utf8 = text.utf8
        guard let first = utf8.firstIndex(where: { !blank($0) }), let last = utf8.lastIndex(where: { !blank($0) }) else {
            return ""
        }
        if first == utf8.startIndex, utf8.index(after: last) == utf8.endIndex { return text }
        return String(text[first...last])
    }

    /// A line of a `:children` section: one group name, optionally followed by a comment.
    static func groupName(_ line: String) -> String? {
        let name = line.prefix { !$0.isWhitespace && $0 != ":" && $0 != "]" && $0 != "#" }
        let rest = line.dropFirst(name.count).trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, rest.isEmpty || rest.hasPrefix("#") else { return nil }
        return String(name)
    }
}
