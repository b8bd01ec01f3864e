/// A host's variables, merged as Ansible's `VariableManager` merges inventory variables (with the
/// default `VARIABLE_PRECEDENCE`), each layer replacing the keys of the ones before:
///
/// 1. the `all` group's variables from the inventory sources,
/// 2. every other group's variables from the sources, groups ordered by depth (parents before
///    children), then `ansible_group_priority`, then name,
/// 3. `group_vars/all`,
/// 4. `group_vars/<group>` in the same group order,
/// 5. the host's own variables from the sources,
/// 6. `host_vars/<host>`.
extension Inventory {
    /// The host's merged variables, typed; empty for an unknown host.
    public func variables(of host: String) -> Value.OrderedMap {
        mergedVariables(of: host).values
    }

    /// The merged variables with the place each one was set.
    func mergedVariables(of host: String) -> LocatedVariables {
        guard let hostIndex = graph.hostIndex[host] else { return LocatedVariables() }
        var layer = LocatedVariables()
        let all = graph.groups[InventoryGraph.all]
        layer.merge(all.vars, origins: all.varLocations)
        let groups = sortedGroups(memberGroups(of: host).subtracting([InventoryGraph.all]))
        for group in groups {
            layer.merge(graph.groups[group].vars, origins: graph.groups[group].varLocations)
        }
        if let fileLayer = groupVarsFiles["all"] { layer.merge(fileLayer) }
        for group in groups {
            if let fileLayer = groupVarsFiles[graph.groups[group].name] { layer.merge(fileLayer) }
        }
        let hostEntry = graph.hosts[hostIndex]
        layer.merge(hostEntry.vars, origins: hostEntry.varLocations)
        if let fileLayer = hostVarsFiles[host] { layer.merge(fileLayer) }
        return layer
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
