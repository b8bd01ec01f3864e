import Foundation

/// `group_vars/` and `host_vars/` beside each inventory source, read as Ansible's `host_group_vars`
/// vars plugin and `find_vars_files` read them: for a group or host NAME, the first of `NAME`,
/// `NAME.yml`, `NAME.yaml`, `NAME.json` that exists; a directory is read whole (files in name order,
/// recursively, hidden files and `~` backups skipped). Files of several sources merge in source order.
extension InventoryLoader {
    /// The suffixes tried after NAME, in order (`""` is NAME itself).
    static let variableFileExtensions = ["", ".yml", ".yaml", ".json"]

    /// Reads the `group_vars/` and `host_vars/` of every source folder for the known groups and hosts.
    mutating func loadVariableFolders() {
        var groups = groupVarsFiles, hosts = hostVarsFiles
        for folder in variableFolders { loadVariableFolder(folder, groups: &groups, hosts: &hosts) }
        (groupVarsFiles, hostVarsFiles) = (groups, hosts)
    }

    /// Reads `folder`'s `group_vars/` and `host_vars/` for the known groups and hosts, merging each
    /// file's variables into `groups` or `hosts` under its name.
    mutating func loadVariableFolder(_ folder: String, groups: inout [String: LocatedVariables],
                                     hosts: inout [String: LocatedVariables]) {
        // The implicit localhost, when there is one, has `host_vars/` too (Ansible reads them for it).
        let implicitHosts = graph.localhost == nil ? InventoryGraph.localhostNames.sorted() : []
        for (kind, names) in [("group_vars", graph.groups.map(\.name)),
                              ("host_vars", graph.hosts.map(\.name) + implicitHosts)] {
            let base = folder.isEmpty || folder == "." ? kind : (folder as NSString).appendingPathComponent(kind)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: base, isDirectory: &isDirectory), isDirectory.boolValue
            else { continue }
            let entries: [String]
            do {
                entries = try FileManager.default.contentsOfDirectory(atPath: base)
            } catch {
                diagnostics.append(Diagnostic(at: nil, "cannot read folder '\(base)': \(error.localizedDescription)"))
                continue
            }
            // Only names with a file or folder are looked at, so 10,000 hosts cost one listing.
            let present = Set(entries)
            for name in names where Self.variableFileExtensions.contains(where: { present.contains(name + $0) }) {
                guard let layer = loadVariables(named: name, in: base) else { continue }
                if kind == "group_vars" {
                    groups[name, default: LocatedVariables()].merge(layer)
                } else {
                    hosts[name, default: LocatedVariables()].merge(layer)
                }
            }
        }
    }

    private mutating func loadVariables(named name: String, in base: String) -> LocatedVariables? {
        for suffix in Self.variableFileExtensions {
            let path = (base as NSString).appendingPathComponent(name + suffix)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
            var layer = LocatedVariables()
            let files = isDirectory.boolValue ? variableFiles(in: path) : [path]
            for file in files { layer.merge(loadVariableFile(file)) }
            return layer
        }
        return nil
    }

    /// The files of a vars directory, recursively in name order, with a known or no extension;
    /// what cannot be read goes to `diagnostics`.
    private mutating func variableFiles(in directory: String) -> [String] {
        let walk = DirectoryWalk(directory) { entry, isDirectory in
            let ext = (entry as NSString).pathExtension
            return entry.hasPrefix(".") || entry.hasSuffix("~")
                || (!isDirectory && !ext.isEmpty && !Self.variableFileExtensions.contains("." + ext))
        }
        diagnostics += walk.problems.map { Diagnostic(at: nil, "variables directory: \($0)") }
        return walk.files
    }

    /// One vars file: a YAML (or JSON) mapping; an empty file is no variables.
    private mutating func loadVariableFile(_ path: String) -> LocatedVariables {
        var layer = LocatedVariables()
        let text: String
        do {
            text = try YAMLLoader.readText(contentsOf: path)
        } catch {
            diagnostics += error.diagnostics
            return layer
        }
        let (documents, problems) = YAMLLoader.parse(text: text, file: path, duplicateKeys: .lastWins)
        warnings += problems.filter { $0.severity == .warning }
        guard !problems.contains(where: { $0.severity != .warning }) else {
            diagnostics += problems.filter { $0.severity != .warning }
            return layer
        }
        guard let root = documents.first, !(root.scalar?.isNull ?? false) else { return layer }
        guard let pairs = root.pairs else {
            let line = text.split(separator: "\n", omittingEmptySubsequences: false).dropFirst(root.location.line - 1)
                .first.map(String.init)
            diagnostics.append(Diagnostic(at: root.location, "a variables file must be a mapping of variable names, "
                                          + "found \(root.kindDescription)", sourceLine: line))
            return layer
        }
        for pair in pairs {
            let key = pair.key.scalar?.text ?? ""
            layer.values[key] = pair.value.inferredValue()
            layer.origins[key] = pair.key.location
            layer.valueOrigins[key] = TemplateSource.contentStart(of: pair.value, sourceText: nil).location
        }
        return layer
    }
}
