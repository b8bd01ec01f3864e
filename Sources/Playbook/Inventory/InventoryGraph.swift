/// The groups and hosts of an inventory as its sources add them, with Ansible's rules for the
/// implicit groups: `all` holds every group that has no other parent, and `ungrouped` holds the
/// hosts that belong to no group but `all` (`InventoryData` in ansible-core).
///
/// Groups and hosts are numbered in the order they are first seen; that order is the inventory order
/// every listing and pattern uses.
struct InventoryGraph: Sendable {
    /// A group: its direct hosts and child groups in the order they were added, and its own variables.
    struct Group: Sendable {
        let name: String
        var hosts: [Int] = []
        var hostSet: Set<Int> = []
        var children: [Int] = []
        var parents: [Int] = []
        /// Variables set on the group by an inventory source (not group_vars/).
        var vars = Value.OrderedMap()
        /// Where each variable was set, for `pbrun hosts --connection`.
        var varLocations: [String: SourceLocation] = [:]
        /// Where each variable's value starts, where it differs from `varLocations` (the key), so
        /// errors in templates inside the value point at the template.
        var valueLocations: [String: SourceLocation] = [:]
        /// The longest path from `all` (`all` is 0); Ansible merges group variables shallow to deep.
        var depth = 0
        /// Where the group was first declared.
        var location: SourceLocation?
        /// `ansible_group_priority`: among groups of one depth, a higher one merges later (wins).
        /// Ansible keeps it apart from the group's variables.
        var priority = 1
    }

    /// A host: its variables from inventory sources and the groups it was put in directly.
    struct Host: Sendable {
        let name: String
        var vars = Value.OrderedMap()
        var varLocations: [String: SourceLocation] = [:]
        /// Where each variable's value starts (see `Group.valueLocations`).
        var valueLocations: [String: SourceLocation] = [:]
        var groups: [Int] = []
        var location: SourceLocation?
    }

    /// Why a child group could not be added.
    enum ChildError: Error {
        case ownChild
        case cycle(path: [String])
    }

    /// The number of the implicit `all` group.
    static let all = 0
    /// The number of the implicit `ungrouped` group.
    static let ungrouped = 1

    private(set) var groups: [Group] = []
    private(set) var groupIndex: [String: Int] = [:]
    private(set) var hosts: [Host] = []
    private(set) var hostIndex: [String: Int] = [:]
    /// The first host named `localhost`, `127.0.0.1` or `::1`: the one a pattern naming any of them
    /// selects (Ansible's `InventoryData.localhost`); nil when there is none and the implicit one is used.
    private(set) var localhost: Int?

    /// Ansible's names for the controller (`C.LOCALHOST`).
    static let localhostNames: Set<String> = ["localhost", "127.0.0.1", "::1"]

    init() {
        _ = addGroup("all", at: nil)
        _ = addGroup("ungrouped", at: nil)
        addChildUnchecked(Self.ungrouped, to: Self.all)
    }

    // MARK: - Adding

    /// The most hosts this inventory may hold, counting every range's expansion.
    var hostLimit = HostRange.maximumHosts

    /// How many more hosts a range may expand to before the inventory holds `hostLimit`.
    var roomForHosts: Int { max(0, hostLimit - hosts.count) }

    /// The group's number, declaring it first when it is new.
    mutating func addGroup(_ name: String, at location: SourceLocation?) -> Int {
        if let index = groupIndex[name] { return index }
        groups.append(Group(name: name, location: location))
        groupIndex[name] = groups.count - 1
        return groups.count - 1
    }

    /// The host's number, declaring it first when it is new, and puts it in `group` if one is given.
    @discardableResult
    mutating func addHost(_ name: String, to group: Int?, at location: SourceLocation?) -> Int {
        let index: Int
        if let known = hostIndex[name] {
            index = known
        } else {
            hosts.append(Host(name: name, location: location))
            index = hosts.count - 1
            hostIndex[name] = index
            if localhost == nil, Self.localhostNames.contains(name) { localhost = index }
        }
        if let group, groups[group].hostSet.insert(index).inserted {
            groups[group].hosts.append(index)
            hosts[index].groups.append(group)
        }
        return index
    }

    /// Makes `child` a child group of `parent`, refusing a group as its own child and any cycle.
    mutating func addChild(_ child: Int, to parent: Int) throws(ChildError) {
        if child == parent { throw .ownChild }
        if groups[parent].children.contains(child) { return }
        if let path = path(from: child, to: parent) {
            throw .cycle(path: path.map { groups[$0].name })
        }
        addChildUnchecked(child, to: parent)
    }

    private mutating func addChildUnchecked(_ child: Int, to parent: Int) {
        groups[parent].children.append(child)
        if !groups[child].parents.contains(parent) { groups[child].parents.append(parent) }
    }

    /// The chain of groups from `start` down to `target` through children, if there is one.
    private func path(from start: Int, to target: Int) -> [Int]? {
        var previous: [Int: Int] = [start: start]
        var queue = [start]
        var head = 0
        while head < queue.count {
            let group = queue[head]
            head += 1
            if group == target {
                var chain = [group]
                var step = group
                while step != start, let back = previous[step] {
                    chain.append(back)
                    step = back
                }
                return chain.reversed()
            }
            for child in groups[group].children where previous[child] == nil {
                previous[child] = group
                queue.append(child)
            }
        }
        return nil
    }

    /// Sets a group variable (`ansible_group_priority` sets the group's priority instead).
    /// `valueAt` is where the value's text starts, when the source knows it.
    mutating func setVariable(_ name: String, to value: Value, onGroup group: Int, at location: SourceLocation?,
                              valueAt: SourceLocation? = nil) {
        if name == "ansible_group_priority" {
            switch value {
            case .int(let number): groups[group].priority = number
            case .string(let text): groups[group].priority = Int(text) ?? groups[group].priority
            default: break
            }
            return
        }
        groups[group].vars[name] = value
        groups[group].varLocations[name] = location
        groups[group].valueLocations[name] = valueAt
    }

    /// Sets a host variable, remembering where it was set and where its value starts (`valueAt`).
    mutating func setVariable(_ name: String, to value: Value, onHost host: Int, at location: SourceLocation?,
                              valueAt: SourceLocation? = nil) {
        hosts[host].vars[name] = value
        hosts[host].varLocations[name] = location
        hosts[host].valueLocations[name] = valueAt
    }

    // MARK: - Finishing

    /// Applies Ansible's `reconcile_inventory`: parentless groups become children of `all`, hosts in
    /// no group but `all` join `ungrouped`, hosts in a real group leave it; then computes depths.
    mutating func reconcile() {
        for group in groups.indices where group != Self.all && groups[group].parents.isEmpty {
            addChildUnchecked(group, to: Self.all)
        }
        let ancestors = ancestorSets()
        var leaving: Set<Int> = []
        for host in hosts.indices {
            var memberOf: Set<Int> = []
            for group in hosts[host].groups {
                memberOf.insert(group)
                memberOf.formUnion(ancestors[group])
            }
            if groups[Self.ungrouped].hostSet.contains(host) {
                if !memberOf.subtracting([Self.all, Self.ungrouped]).isEmpty { leaving.insert(host) }
            } else if memberOf.subtracting([Self.all]).isEmpty {
                addHost(hosts[host].name, to: Self.ungrouped, at: nil)
            }
        }
        if !leaving.isEmpty {
            groups[Self.ungrouped].hosts.removeAll { leaving.contains($0) }
            groups[Self.ungrouped].hostSet.subtract(leaving)
            for host in leaving { hosts[host].groups.removeAll { $0 == Self.ungrouped } }
        }
        computeDepths()
    }

    /// For each group, every group above it (not itself).
    func ancestorSets() -> [Set<Int>] {
        var memo = [Set<Int>?](repeating: nil, count: groups.count)
        func ancestors(_ group: Int) -> Set<Int> {
            if let known = memo[group] { return known }
            var result: Set<Int> = []
            for parent in groups[group].parents {
                result.insert(parent)
                result.formUnion(ancestors(parent))
            }
            memo[group] = result
            return result
        }
        return groups.indices.map(ancestors)
    }

    private mutating func computeDepths() {
        var memo = [Int?](repeating: nil, count: groups.count)
        func depth(_ group: Int) -> Int {
            if let known = memo[group] { return known }
            let value = groups[group].parents.map { depth($0) + 1 }.max() ?? 0
            memo[group] = value
            return value
        }
        for group in groups.indices { groups[group].depth = depth(group) }
    }

    /// The hosts of a group and of every group below it, each once: the group's own hosts first,
    /// then level by level through its children (Ansible's `Group.get_hosts`).
    func hostsBelow(_ group: Int) -> [Int] {
        var result: [Int] = []
        var seenHosts: Set<Int> = []
        var seenGroups: Set<Int> = [group]
        var level = [group]
        while !level.isEmpty {
            var next: [Int] = []
            for member in level {
                for host in groups[member].hosts where seenHosts.insert(host).inserted { result.append(host) }
                for child in groups[member].children where seenGroups.insert(child).inserted { next.append(child) }
            }
            level = next
        }
        return result
    }
}

extension InventoryGraph {
    /// The diagnostic text for a child group that could not be added.
    static func message(for error: ChildError, child: Int, parent: Int, in graph: InventoryGraph) -> String {
        let childName = graph.groups[child].name, parentName = graph.groups[parent].name
        switch error {
        case .ownChild:
            return "group '\(childName)' cannot be a child of itself"
        case .cycle(let path):
            return "adding group '\(childName)' as a child of '\(parentName)' makes a cycle of children: "
                + ([parentName] + path).joined(separator: " -> ")
        }
    }
}
