import Foundation

/// An Ansible inventory: hosts, the group tree (with the implicit `all` and `ungrouped`) and their
/// variables, merged from one or more sources (INI or YAML files, directories, dynamic inventory
/// executables, `host1,host2,` lists). `ansible-inventory --list` is the reference for what a
/// given inventory means; `pbrun hosts --list` prints the same JSON.
public struct Inventory: Sendable {
    var graph: InventoryGraph
    /// Variables from `group_vars/` beside the sources, per group name, merged in source order.
    var groupVarsFiles: [String: LocatedVariables] = [:]
    /// Variables from `host_vars/` beside the sources, per host name, merged in source order.
    var hostVarsFiles: [String: LocatedVariables] = [:]
    /// Variables from `group_vars/` beside the playbook, per group name (`addingPlaybookFolder`).
    var playbookGroupVarsFiles: [String: LocatedVariables] = [:]
    /// Variables from `host_vars/` beside the playbook, per host name (`addingPlaybookFolder`).
    var playbookHostVarsFiles: [String: LocatedVariables] = [:]
    /// The folders whose `group_vars/` and `host_vars/` were read for the sources, in order.
    var variableFolders: [String] = []
    /// The sources as given, in order.
    public let sources: [String]
    /// Things worth saying that do not stop the load: a password stored in an inventory file, a
    /// name used for both a host and a group, a key a YAML inventory does not know.
    public internal(set) var warnings: [Diagnostic] = []

    init(graph: InventoryGraph, sources: [String]) {
        self.graph = graph
        self.sources = sources
    }

    /// Loads and merges every source in order (a file: YAML or INI by content; a directory: its
    /// files; an executable: dynamic inventory; a text with a comma and no such file: a host list).
    /// Every problem found is reported together, as `path:line:column` diagnostics.
    public static func load(sources: [String]) throws(DiagnosticList) -> Inventory {
        try load(sources: sources, scriptTimeout: DynamicInventory.defaultTimeout)
    }

    /// `load(sources:)` with a limit, in seconds, on each run of a dynamic inventory script.
    public static func load(sources: [String], scriptTimeout: Double) throws(DiagnosticList) -> Inventory {
        var loader = InventoryLoader()
        loader.scriptTimeout = scriptTimeout
        for source in sources { loader.load(source: source) }
        return try loader.finish(sources: sources)
    }

    /// Reads one inventory from text, as if it were the file `path` (TOML for `.toml`, else INI or YAML).
    /// `hostLimit` lowers the most hosts its ranges may expand to below the usual million (the fuzz
    /// targets keep each input quick with it; the error still names the usual limit).
    public static func parse(text: String, path: String, hostLimit: Int = .max) throws(DiagnosticList) -> Inventory {
        var loader = InventoryLoader()
        loader.graph.hostLimit = min(hostLimit, HostRange.maximumHosts)
        loader.load(text: text, path: path)
        return try loader.finish(sources: [path])
    }

    // MARK: - Hosts and groups

    /// Every host, in inventory order (the order the sources first named them).
    public var hostNames: [String] { graph.hosts.map(\.name) }

    /// Every group, `all` and `ungrouped` first, then in the order the sources declared them.
    public var groupNames: [String] { graph.groups.map(\.name) }

    /// Whether the inventory has a host of this name.
    public func hasHost(_ name: String) -> Bool { graph.hostIndex[name] != nil }

    /// The groups a host belongs to, directly or through a parent, without `all`, sorted by name
    /// (Ansible's `group_names`).
    public func groups(of host: String) -> [String] {
        memberGroups(of: host).map { graph.groups[$0].name }.filter { $0 != "all" }.sorted()
    }

    /// The child groups of a group, in the order they were added.
    public func children(of group: String) -> [String] {
        guard let index = graph.groupIndex[group] else { return [] }
        return graph.groups[index].children.map { graph.groups[$0].name }
    }

    /// The hosts put directly into a group (not through a child group), in order.
    public func directHosts(of group: String) -> [String] {
        guard let index = graph.groupIndex[group] else { return [] }
        return graph.groups[index].hosts.map { graph.hosts[$0].name }
    }

    /// Every group a host is in: its direct groups and all their ancestors, `all` included.
    func memberGroups(of host: String) -> Set<Int> {
        guard let index = graph.hostIndex[host] else { return [] }
        var result: Set<Int> = []
        var stack = graph.hosts[index].groups
        while let group = stack.popLast() {
            if result.insert(group).inserted { stack += graph.groups[group].parents }
        }
        result.insert(InventoryGraph.all)
        return result
    }
}
