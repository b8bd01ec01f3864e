/// A host's variables, merged as Ansible's `VariableManager` merges inventory variables (with the
/// default `VARIABLE_PRECEDENCE`), each layer replacing the keys of the ones before:
///
/// 1. the `all` group's variables from the inventory sources,
/// 2. every other group's variables from the sources, groups ordered by depth (parents before
///    children), then `ansible_group_priority`, then name,
/// 3. `group_vars/all` beside the inventory, then beside the playbook,
/// 4. `group_vars/<group>` in the same group order, beside the inventory, then beside the playbook,
/// 5. the host's own variables from the sources,
/// 6. `host_vars/<host>` beside the inventory, then beside the playbook.
extension Inventory {
    /// The host's merged variables, typed; empty for an unknown host.
    public func variables(of host: String) -> Value.OrderedMap {
        mergedVariables(of: host).values
    }

    /// The merged variables with the place each one was set.
    func mergedVariables(of host: String) -> LocatedVariables {
        guard let hostEntry = hostEntry(named: host) else { return LocatedVariables() }
        var layer = LocatedVariables()
        let all = graph.groups[InventoryGraph.all]
        layer.merge(all.vars, origins: all.varLocations)
        let groups = sortedGroups(memberGroups(of: host).subtracting([InventoryGraph.all]))
        for group in groups {
            layer.merge(graph.groups[group].vars, origins: graph.groups[group].varLocations)
        }
        for (_, fileLayer) in variableFileLayers(groups: groups, host: nil) { layer.merge(fileLayer) }
        layer.merge(hostEntry.vars, origins: hostEntry.varLocations)
        for (_, fileLayer) in variableFileLayers(groups: [], host: host) { layer.merge(fileLayer) }
        return layer
    }

    /// The `group_vars/` files of `all` and `groups` (without `host`), or the `host_vars/` file of
    /// `host`, in merge order, each named for `variableLayers(of:)`: all of a kind beside the
    /// inventory before all of it beside the playbook, as Ansible merges them.
    func variableFileLayers(groups: [Int], host: String?) -> [(name: String, variables: LocatedVariables)] {
        var result: [(name: String, variables: LocatedVariables)] = []
        if let host {
            if let file = hostVarsFiles[host] { result.append(("host_vars '\(host)'", file)) }
            if let file = playbookHostVarsFiles[host] { result.append(("playbook host_vars '\(host)'", file)) }
            return result
        }
        let names = ["all"] + groups.map { graph.groups[$0].name }
        for (files, label) in [(groupVarsFiles, "group_vars"), (playbookGroupVarsFiles, "playbook group_vars")] {
            // Ansible reads `all` of both folders before any other group's.
            if let file = files["all"] { result.append(("\(label) 'all'", file)) }
        }
        for (files, label) in [(groupVarsFiles, "group_vars"), (playbookGroupVarsFiles, "playbook group_vars")] {
            for name in names.dropFirst() {
                if let file = files[name] { result.append(("\(label) '\(name)'", file)) }
            }
        }
        return result
    }

    /// Groups in Ansible's merge order: depth, then `ansible_group_priority` (default 1), then name.
    func sortedGroups(_ groups: Set<Int>) -> [Int] {
        return groups.sorted { lhs, rhs in
            let left = graph.groups[lhs], right = graph.groups[rhs]
            if left.depth != right.depth { return left.depth < right.depth }
            let (leftPriority, rightPriority) = (left.priority, right.priority)
            if leftPriority != rightPriority { return leftPriority < rightPriority }
            return left.name < right.name
        }
    }
}
