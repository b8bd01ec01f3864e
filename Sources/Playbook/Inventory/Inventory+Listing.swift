/// The inventory printed the way `ansible-inventory` prints it, so the two can be diffed.
extension Inventory {
    /// `ansible-inventory --list`: every group reachable from `all` with its direct `hosts` and its
    /// `children` (empty keys and empty groups left out), and `_meta.hostvars` with each host's
    /// merged variables (hosts with none left out).
    public func listing() -> Value {
        var result = Value.OrderedMap()
        var seen: Set<Int> = []
        func format(_ group: Int) {
            var entry = Value.OrderedMap()
            let data = graph.groups[group]
            if group != InventoryGraph.all, !data.hosts.isEmpty {
                entry["hosts"] = .list(data.hosts.map { .string(graph.hosts[$0].name) })
            }
            if !data.children.isEmpty {
                entry["children"] = .list(data.children.map { .string(graph.groups[$0].name) })
            }
            if !entry.isEmpty { result[data.name] = .map(entry) }
            for child in data.children where seen.insert(child).inserted { format(child) }
        }
        format(InventoryGraph.all)
        var hostVars = Value.OrderedMap()
        for host in graph.hosts {
            let vars = variables(of: host.name)
            if !vars.isEmpty { hostVars[host.name] = .map(vars) }
        }
        // ansible-core 2.19 names the shape of its output; pbrun prints the same shape.
        result["_meta"] = .map(Value.OrderedMap([("hostvars", .map(hostVars)), ("profile", .string("inventory_legacy"))]))
        return .map(result)
    }

    /// `ansible-inventory --graph [GROUP]`: the group tree from `group` down, `@group:` lines and
    /// host lines indented with `  |--`; nil for an unknown group.
    public func graphText(from group: String = "all") -> String? {
        guard let start = graph.groupIndex[group] else { return nil }
        var lines: [String] = []
        func name(_ text: String, _ depth: Int) -> String {
            depth == 0 ? text : String(repeating: "  |", count: depth) + "--" + text
        }
        func walk(_ group: Int, _ depth: Int) {
            lines.append(name("@\(graph.groups[group].name):", depth))
            for child in graph.groups[group].children { walk(child, depth + 1) }
            if group != InventoryGraph.all {
                for host in graph.groups[group].hosts { lines.append(name(graph.hosts[host].name, depth + 1)) }
            }
        }
        walk(start, 0)
        return lines.joined(separator: "\n")
    }
}
