/// Reads a YAML (or JSON) inventory the way ansible-core's `yaml` inventory plugin does:
///
/// ```yaml
/// all:
///   hosts: {bastion: {ansible_host: 10.0.0.1}}
///   children:
///     web:
///       hosts:
///         web[01:03]:            # ranges, optional :port
///       vars: {http_port: 8080}
/// ```
///
/// Top-level keys are groups; a group holds `hosts` (host → variables), `children` (group → the
/// same shape, nested to any depth) and `vars`. A section written as a single string names one
/// entry. Other keys, and groups that are not mappings, are skipped with a warning, as Ansible does.
/// Values are typed by the YAML 1.1 rules Ansible uses (`YAMLNode.inferredValue()`).
struct YAMLInventoryParser {
    /// The file name diagnostics show.
    let path: String
    /// The whole file.
    let text: String

    /// Adds the file's groups, hosts and variables to the loader's graph. Returns, without touching
    /// the graph, why the file is no YAML inventory at all (not YAML, empty, not a mapping), so
    /// the loader can try the next format as Ansible's plugin chain does.
    func parse(into loader: inout InventoryLoader) -> [Diagnostic]? {
        let (documents, diagnostics) = YAMLLoader.parse(text: text, file: path, duplicateKeys: .lastWins)
        let problems = diagnostics.filter { $0.severity != .warning }
        guard problems.isEmpty else { return problems }
        loader.warnings += diagnostics
        guard let root = documents.first, !(root.scalar?.isNull ?? false) else {
            return [Diagnostic(at: SourceLocation(file: path, line: 1, column: 1), "the YAML inventory is empty")]
        }
        guard let pairs = root.pairs else {
            return [diagnostic(at: root, "a YAML inventory must be a mapping of group names, "
                               + "found \(root.kindDescription)")]
        }
        if pairs.contains(where: { $0.key.scalar?.text == "plugin" }) {
            loader.diagnostics.append(diagnostic(at: root, "this is an inventory plugin configuration "
                                                 + "('plugin:'), which pbrun does not run; use a dynamic "
                                                 + "inventory executable instead"))
            return nil
        }
        for pair in pairs {
            _ = parseGroup(pair.key, pair.value, loader: &loader)
        }
        return nil
    }

    private func diagnostic(_ severity: Diagnostic.Severity = .error, at node: YAMLNode, _ message: String)
        -> Diagnostic {
        Diagnostic(severity, at: node.location, message,
                   sourceLine: sourceLine(node.location.line).map(PasswordVariables.maskedLine))
    }

    private func sourceLine(_ line: Int) -> String? {
        var current = 1
        var start = text.startIndex
        while current < line {
            guard let newline = text[start...].firstIndex(of: "\n") else { return nil }
            start = text.index(after: newline)
            current += 1
        }
        return String(text[start...].prefix { $0 != "\n" })
    }

    /// Declares the group named by `key` and reads its sections; returns its number, or nil when
    /// the entry is not a group.
    private func parseGroup(_ key: YAMLNode, _ body: YAMLNode, loader: inout InventoryLoader) -> Int? {
        let name = key.scalar?.text ?? ""
        let isNull = body.scalar?.isNull ?? false
        guard isNull || body.pairs != nil else {
            loader.warnings.append(diagnostic(.warning, at: body, "skipping '\(name)': a group must be a mapping "
                                              + "(with hosts, children, vars), found \(body.kindDescription)"))
            return loader.graph.groupIndex[name]
        }
        let group = loader.graph.addGroup(name, at: key.location)
        for pair in body.pairs ?? [] {
            let section = pair.key.scalar?.text ?? ""
            let entries: [YAMLPair]
            switch pair.value.kind {
            case .mapping(let items):
                entries = items
            case .scalar(let scalar) where scalar.isNull:
                continue
            case .scalar where ["hosts", "children", "vars"].contains(section):
                entries = [YAMLPair(key: pair.value, value: YAMLNode(kind: .scalar(YAMLScalar(text: "", style: .plain)),
                                                                     location: pair.value.location))]
            default:
                if ["hosts", "children", "vars"].contains(section) {
                    loader.diagnostics.append(diagnostic(at: pair.value, "'\(section)' of group '\(name)' must be a "
                                                         + "mapping, found \(pair.value.kindDescription)"))
                } else {
                    loader.warnings.append(diagnostic(.warning, at: pair.key, "skipping key '\(section)' in group "
                                                      + "'\(name)': it is not a mapping"))
                }
                continue
            }
            switch section {
            case "vars":
                for entry in entries {
                    let valueAt = TemplateSource.contentStart(of: entry.value, sourceText: nil).location
                    loader.graph.setVariable(entry.key.scalar?.text ?? "", to: entry.value.inferredValue(),
                                             onGroup: group, at: entry.key.location, valueAt: valueAt)
                }
            case "children":
                for entry in entries {
                    guard let child = parseGroup(entry.key, entry.value, loader: &loader) else {
                        loader.diagnostics.append(diagnostic(at: entry.key, "child group '\(entry.key.scalar?.text ?? "")'"
                                                             + " of '\(name)' is not a known group"))
                        continue
                    }
                    do {
                        try loader.graph.addChild(child, to: group)
                    } catch {
                        loader.diagnostics.append(diagnostic(at: entry.key, InventoryGraph.message(
                            for: error, child: child, parent: group, in: loader.graph)))
                    }
                }
            case "hosts":
                for entry in entries { parseHost(entry, group: group, loader: &loader) }
            default:
                var message = "skipping unexpected key '\(section)' in group '\(name)': only 'hosts', 'children' "
                    + "and 'vars' are valid"
                if let close = Suggestion.closest(to: section, among: ["hosts", "children", "vars"]) {
                    message += " (did you mean '\(close)'?)"
                }
                loader.warnings.append(diagnostic(.warning, at: pair.key, message))
            }
        }
        return group
    }

    private func parseHost(_ entry: YAMLPair, group: Int, loader: inout InventoryLoader) {
        guard let pattern = entry.key.scalar?.text, case .string = entry.key.inferredValue() else {
            loader.diagnostics.append(diagnostic(at: entry.key, "a host name must be a string; quote numbers"))
            return
        }
        let names: [String]
        let port: Int?
        do {
            (names, port) = try HostAddress.expandEntry(pattern, limit: loader.graph.roomForHosts)
        } catch {
            loader.diagnostics.append(diagnostic(at: entry.key, error.message))
            return
        }
        let variables: [YAMLPair]
        switch entry.value.kind {
        case .mapping(let pairs): variables = pairs
        case .scalar(let scalar) where scalar.isNull: variables = []
        default:
            loader.diagnostics.append(diagnostic(at: entry.value, "the variables of host '\(pattern)' must be a "
                                                 + "mapping, found \(entry.value.kindDescription)"))
            return
        }
        for name in names {
            let host = loader.graph.addHost(name, to: group, at: entry.key.location)
            if let port {
                loader.graph.setVariable("ansible_port", to: .int(port), onHost: host, at: entry.key.location)
            }
            for variable in variables {
                let valueAt = TemplateSource.contentStart(of: variable.value, sourceText: nil).location
                loader.graph.setVariable(variable.key.scalar?.text ?? "", to: variable.value.inferredValue(),
                                         onHost: host, at: variable.key.location, valueAt: valueAt)
            }
        }
    }
}
