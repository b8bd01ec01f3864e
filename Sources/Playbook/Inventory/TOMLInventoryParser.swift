/// Reads a `.toml` inventory the way ansible-core's `toml` inventory plugin does:
///
/// ```toml
/// [all.vars]
/// has_java = false
///
/// [web]
/// children = ["apache", "nginx"]
/// vars = { http_port = 8080 }
///
/// [web.hosts]
/// host1 = {}
/// "web[01:03]" = { ansible_port = 222 }
/// ```
///
/// Top-level tables are groups; a group holds `hosts` (a table of host → variables), `children`
/// (an array of group names) and `vars`. Other keys, and top-level entries that are not tables,
/// are skipped with a warning, as Ansible does.
struct TOMLInventoryParser {
    typealias Node = TOMLDocument.Node

    /// The file name diagnostics show.
    let path: String
    /// The whole file.
    let text: String
    /// Where each line starts, so quoting a line for a diagnostic costs only that line.
    private let lineStarts: [String.Index]

    init(path: String, text: String) {
        self.path = path
        self.text = text
        let lineEnds = text.indices.filter { text[$0] == "\n" || text[$0] == "\r\n" }
        lineStarts = [text.startIndex] + lineEnds.map { text.index(after: $0) }
    }

    func parse(into loader: inout InventoryLoader) {
        let document: TOMLDocument
        do {
            document = try TOMLDocument.parse(text, file: path)
        } catch {
            loader.diagnostics.append(diagnostic(at: error.location, error.message, quotesLine: !error.insideMultilineString))
            return
        }
        let root = document.root
        guard !root.entries.isEmpty else {
            loader.diagnostics.append(Diagnostic(at: SourceLocation(file: path, line: 1, column: 1),
                                                 "the TOML inventory is empty"))
            return
        }
        if let plugin = root["plugin"] {
            loader.diagnostics.append(diagnostic(at: plugin.keyLocation, "this is an inventory plugin configuration "
                                                 + "('plugin'), which pbrun does not run; use a dynamic inventory "
                                                 + "executable instead"))
            return
        }
        for entry in root.entries {
            guard case .table(let body) = entry.node.kind else {
                loader.warnings.append(diagnostic(.warning, at: entry.keyLocation, "skipping '\(entry.key)': a group "
                                                  + "must be a table (with hosts, children, vars), found "
                                                  + entry.node.kindDescription))
                continue
            }
            parseGroup(entry.key, body, at: entry.keyLocation, loader: &loader)
        }
    }

    /// A line inside a multi-line string is not quoted: it may be part of a password.
    private func diagnostic(_ severity: Diagnostic.Severity = .error, at location: SourceLocation, _ message: String,
                            quotesLine: Bool = true) -> Diagnostic {
        Diagnostic(severity, at: location, message,
                   sourceLine: quotesLine ? sourceLine(location.line).map(PasswordVariables.maskedTOMLLine) : nil)
    }

    private func sourceLine(_ line: Int) -> String? {
        guard line >= 1, line <= lineStarts.count else { return nil }
        return String(text[lineStarts[line - 1]...].prefix { $0 != "\n" && $0 != "\r" })
    }

    private func parseGroup(_ name: String, _ body: TOMLDocument.Table, at location: SourceLocation,
                            loader: inout InventoryLoader) {
        let group = loader.graph.addGroup(name, at: location)
        for section in body.entries {
            switch (section.key, section.node.kind) {
            case ("vars", .table(let variables)):
                for variable in variables.entries {
                    loader.graph.setVariable(variable.key, to: variable.node.value, onGroup: group,
                                             at: variable.keyLocation, valueAt: variable.node.location)
                }
            case ("children", .array(let children)):
                for child in children.items { addChild(child, to: group, named: name, loader: &loader) }
            case ("hosts", .table(let hosts)):
                for host in hosts.entries { parseHost(host, group: group, loader: &loader) }
            case ("vars", _), ("hosts", _):
                loader.diagnostics.append(diagnostic(at: section.node.location, "'\(section.key)' of group '\(name)' "
                                                     + "must be a table, found \(section.node.kindDescription)"))
            case ("children", _):
                loader.diagnostics.append(diagnostic(at: section.node.location, "'children' of group '\(name)' must "
                                                     + "be an array of group names, found "
                                                     + section.node.kindDescription))
            default:
                var message = "skipping unexpected key '\(section.key)' in group '\(name)': only 'hosts', "
                    + "'children' and 'vars' are valid"
                if let close = Suggestion.closest(to: section.key, among: ["hosts", "children", "vars"]) {
                    message += " (did you mean '\(close)'?)"
                }
                loader.warnings.append(diagnostic(.warning, at: section.keyLocation, message))
            }
        }
    }

    private func addChild(_ node: Node, to group: Int, named name: String, loader: inout InventoryLoader) {
        guard case .value(.string(let childName)) = node.kind else {
            loader.diagnostics.append(diagnostic(at: node.location, "a child group of '\(name)' must be a group name "
                                                 + "(a string), found \(node.kindDescription)"))
            return
        }
        let child = loader.graph.addGroup(childName, at: node.location)
        do {
            try loader.graph.addChild(child, to: group)
        } catch {
            loader.diagnostics.append(diagnostic(at: node.location, InventoryGraph.message(
                for: error, child: child, parent: group, in: loader.graph)))
        }
    }

    private func parseHost(_ entry: TOMLDocument.Entry, group: Int, loader: inout InventoryLoader) {
        let names: [String]
        let port: Int?
        do {
            (names, port) = try HostAddress.expandEntry(entry.key, limit: loader.graph.roomForHosts)
        } catch {
            loader.diagnostics.append(diagnostic(at: entry.keyLocation, error.message))
            return
        }
        guard case .table(let variables) = entry.node.kind else {
            loader.diagnostics.append(diagnostic(at: entry.node.location, "the variables of host '\(entry.key)' must "
                                                 + "be a table, found \(entry.node.kindDescription)"))
            return
        }
        let values = variables.entries.map { ($0, $0.node.value) }
        for name in names {
            let host = loader.graph.addHost(name, to: group, at: entry.keyLocation)
            if let port { loader.graph.setVariable("ansible_port", to: .int(port), onHost: host, at: entry.keyLocation) }
            for (variable, value) in values {
                loader.graph.setVariable(variable.key, to: value, onHost: host, at: variable.keyLocation,
                                         valueAt: variable.node.location)
            }
        }
    }
}
