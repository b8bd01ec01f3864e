import Foundation

/// Reads inventory sources one after another into one `InventoryGraph`, collecting every
/// diagnostic, then finishes the graph with Ansible's reconciliation.
struct InventoryLoader {
    /// The hosts and groups read so far.
    var graph = InventoryGraph()
    /// Errors found so far; any of them fails the load.
    var diagnostics: [Diagnostic] = []
    /// Warnings, handed to the inventory.
    var warnings: [Diagnostic] = []
    /// `group_vars/` per group name, merged across sources.
    var groupVarsFiles: [String: LocatedVariables] = [:]
    /// `host_vars/` per host name, merged across sources.
    var hostVarsFiles: [String: LocatedVariables] = [:]
    /// Folders whose `group_vars/` and `host_vars/` apply, in source order, each once.
    var variableFolders: [String] = []
    /// Seconds each run of a dynamic inventory script may take.
    var scriptTimeout = DynamicInventory.defaultTimeout

    /// Extensions of files a directory source skips (Ansible's `INVENTORY_IGNORE_EXTS`).
    static let ignoredExtensions = [".pyc", ".pyo", ".swp", ".bak", "~", ".rpm", ".md", ".txt", ".rst", ".orig",
                                    ".cfg", ".retry"]

    /// Reads one `-i` source: a file, a directory, an executable or a host list.
    mutating func load(source: String) {
        let path = (source as NSString).expandingTildeInPath
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            if source.contains(",") {
                loadHostList(source)
            } else {
                diagnostics.append(Diagnostic(at: nil, "inventory source '\(source)' does not exist"))
            }
            return
        }
        if isDirectory.boolValue {
            loadDirectory(path)
            addVariableFolder(path)
        } else {
            loadFile(path)
            addVariableFolder((path as NSString).deletingLastPathComponent)
        }
    }

    private mutating func addVariableFolder(_ folder: String) {
        if !variableFolders.contains(folder) { variableFolders.append(folder) }
    }

    /// `host1,host2:2222,` as Ansible's `host_list` plugin reads it: every entry a host of `ungrouped`.
    private mutating func loadHostList(_ source: String) {
        for entry in source.split(separator: ",") {
            let trimmed = entry.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else { continue }
            let (name, port) = HostAddress.splitPort(trimmed)
            let host = graph.addHost(name, to: InventoryGraph.ungrouped, at: nil)
            if let port { graph.setVariable("ansible_port", to: .int(port), onHost: host, at: nil) }
        }
    }

    /// Every file of a directory source in name order, except hidden files, ignored extensions and
    /// the `group_vars`/`host_vars` folders; subdirectories are read the same way.
    private mutating func loadDirectory(_ path: String) {
        let walk = DirectoryWalk(path) { entry, isDirectory in
            entry.hasPrefix(".") || entry == "group_vars" || entry == "host_vars"
                || (!isDirectory && Self.ignoredExtensions.contains(where: { entry.hasSuffix($0) }))
        }
        diagnostics += walk.problems.map { Diagnostic(at: nil, "inventory directory: \($0)") }
        for file in walk.files { loadFile(file) }
    }

    private mutating func loadFile(_ path: String) {
        if case .failure(let error) = InputFile.bytes(at: path) {
            diagnostics.append(Diagnostic(at: nil, "cannot read inventory file \(error)"))
            return
        }
        if DynamicInventory.isExecutable(path) {
            DynamicInventory(path: path, timeout: scriptTimeout).load(into: &self)
            return
        }
        do {
            load(text: try InputFile.text(at: path), path: path)
        } catch {
            diagnostics += error.diagnostics
        }
    }

    /// Parses one inventory text as INI, YAML or TOML: by extension (`.ini`; `.yml`, `.yaml`, `.json`;
    /// `.toml`), else by content (a first significant line `[section]` or `name key=value` is INI). A
    /// file taken for YAML that is no YAML inventory (only comments, a bare word, not YAML) is read as
    /// INI, as Ansible's yaml plugin hands it to the ini plugin; when INI fails too, both say why.
    /// Only a `.toml` file is TOML, and only TOML: Ansible's yaml and ini plugins decline that
    /// extension and its toml plugin accepts no other.
    mutating func load(text: String, path: String) {
        if path.hasSuffix(".toml") {
            TOMLInventoryParser(path: path, text: text).parse(into: &self)
        } else if Self.looksLikeYAML(text: text, path: path) {
            guard let declined = YAMLInventoryParser(path: path, text: text).parse(into: &self) else {
                noteStoredPasswords(in: path)
                return
            }
            var trial = graph
            var iniProblems: [Diagnostic] = []
            INIInventoryParser(path: path, text: text).parse(into: &trial, diagnostics: &iniProblems)
            if iniProblems.isEmpty {
                graph = trial
            } else {
                diagnostics += declined
                let first = iniProblems[0]
                diagnostics.append(Diagnostic(.note, at: first.location ?? SourceLocation(file: path, line: 1, column: 1),
                                              "not an INI inventory either: \(first.message)"))
            }
        } else {
            INIInventoryParser(path: path, text: text).parse(into: &graph, diagnostics: &diagnostics)
        }
        noteStoredPasswords(in: path)
    }

    /// Whether a file is YAML rather than INI, by extension, else by its first significant line.
    static func looksLikeYAML(text: String, path: String) -> Bool {
        let lower = path.lowercased()
        if lower.hasSuffix(".ini") { return false }
        if lower.hasSuffix(".yml") || lower.hasSuffix(".yaml") || lower.hasSuffix(".json") { return true }
        for line in text.split(separator: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed.hasPrefix(";") { continue }
            if trimmed == "---" || trimmed.hasPrefix("{") { return true }
            if trimmed.hasPrefix("[") { return false }
            // `all:` / `group:` opens a YAML mapping; an INI host line has no colon at the end.
            return trimmed.hasSuffix(":") || trimmed.contains(": ")
        }
        return false
    }

    /// Warns once per file that stores `ansible_password`/`ansible_ssh_pass` in clear text.
    private mutating func noteStoredPasswords(in path: String) {
        let names = PasswordVariables.names
        var found: (String, SourceLocation)?
        for host in graph.hosts {
            for key in host.vars.keys where names.contains(key) {
                if let at = host.varLocations[key], at.file == path { found = (key, at); break }
            }
            if found != nil { break }
        }
        if found == nil {
            for group in graph.groups {
                for key in group.vars.keys where names.contains(key) {
                    if let at = group.varLocations[key], at.file == path { found = (key, at); break }
                }
                if found != nil { break }
            }
        }
        if let (key, location) = found {
            warnings.append(Diagnostic(.warning, at: location,
                                       "'\(key)' is stored in the inventory in clear text: anyone who can read this "
                                       + "file can read the password; prefer an ssh key or PBRUN_PASSWORD"))
        }
    }

    /// Reconciles the graph, loads group_vars/host_vars, and returns the inventory or every error.
    mutating func finish(sources: [String]) throws(DiagnosticList) -> Inventory {
        if diagnostics.isEmpty {
            graph.reconcile()
            loadVariableFolders()
        }
        guard diagnostics.isEmpty else { throw DiagnosticList(diagnostics) }
        let hostNames = Set(graph.hostIndex.keys)
        for group in graph.groups where hostNames.contains(group.name) {
            warnings.append(Diagnostic(.warning, at: group.location,
                                       "'\(group.name)' is the name of both a host and a group"))
        }
        var inventory = Inventory(graph: graph, sources: sources)
        inventory.groupVarsFiles = groupVarsFiles
        inventory.hostVarsFiles = hostVarsFiles
        inventory.variableFolders = variableFolders
        inventory.warnings = warnings
        return inventory
    }
}
