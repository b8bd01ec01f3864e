/// Ansible's implicit localhost (`InventoryData._create_implicit_localhost`): a host pattern term
/// `localhost`, `127.0.0.1` or `::1` that matches no group and no host means the controller. When
/// the inventory names none of these, that is a host of the name written, with
/// `ansible_connection: local` as a host variable, in no group: not in `all` or `ungrouped` (so
/// `hosts: all` never picks it), seeing the `all` group's variables, `group_vars/all` and its own
/// `host_vars/`. When the inventory names one, the first it names is an ordinary host and those
/// terms select it.
extension Inventory {
    /// The names Ansible takes for the controller (its `C.LOCALHOST`).
    public static let localhostNames: Set<String> = InventoryGraph.localhostNames

    /// Whether `host` is the implicit localhost: one of `localhostNames` in an inventory that names none.
    public func isImplicitLocalhost(_ host: String) -> Bool {
        graph.localhost == nil && Self.localhostNames.contains(host)
    }

    /// The inventory's entry for `host`, or the implicit localhost's when `host` is that.
    func hostEntry(named host: String) -> InventoryGraph.Host? {
        if let index = graph.hostIndex[host] { return graph.hosts[index] }
        guard isImplicitLocalhost(host) else { return nil }
        var entry = InventoryGraph.Host(name: host)
        entry.vars["ansible_connection"] = .string("local")
        return entry
    }
}
