/// A host's inventory variables as layers of the playbook's precedence chain (`VariableScope`),
/// so templates in inventory values can be expanded where they are used and point at their line.
extension Inventory {
    /// The layers in Ansible's order (see `variables(of:)`): the `all` group (`.inventoryAll`); each
    /// group, shallow to deep; `group_vars/all`; `group_vars/<group>` (beside the inventory, then beside
    /// the playbook; all `.inventoryGroup`, kept in this order, since `VariableScope` is stable within
    /// a level); the host's variables and `host_vars/<host>` (`.inventoryHost`). Empty layers are left out.
    public func variableLayers(of host: String) -> [VariableLayer] {
        guard let entry = hostEntry(named: host) else { return [] }
        var layers: [VariableLayer] = []
        func add(_ precedence: VariablePrecedence, _ name: String, _ values: Value.OrderedMap,
                 _ locations: [String: SourceLocation]) {
            guard !values.isEmpty else { return }
            layers.append(VariableLayer(precedence, name: name, values: values, locations: locations,
                                        defaultLocation: locations.values.first))
        }
        // Templates in a value are placed from where the value starts, when the source said so.
        func placed(_ keys: [String: SourceLocation], _ values: [String: SourceLocation]) -> [String: SourceLocation] {
            values.isEmpty ? keys : keys.merging(values) { $1 }
        }
        let all = graph.groups[InventoryGraph.all]
        add(.inventoryAll, "group 'all'", all.vars, placed(all.varLocations, all.valueLocations))
        let groups = sortedGroups(memberGroups(of: host).subtracting([InventoryGraph.all]))
        for group in groups {
            add(.inventoryGroup, "group '\(graph.groups[group].name)'", graph.groups[group].vars,
                placed(graph.groups[group].varLocations, graph.groups[group].valueLocations))
        }
        for (name, file) in variableFileLayers(groups: groups, host: nil) {
            add(.inventoryGroup, name, file.values, placed(file.origins, file.valueOrigins))
        }
        let hostLayer = isImplicitLocalhost(host) ? "implicit localhost '\(host)'" : "host '\(host)'"
        add(.inventoryHost, hostLayer, entry.vars, placed(entry.varLocations, entry.valueLocations))
        for (name, file) in variableFileLayers(groups: [], host: host) {
            add(.inventoryHost, name, file.values, placed(file.origins, file.valueOrigins))
        }
        return layers
    }
}
