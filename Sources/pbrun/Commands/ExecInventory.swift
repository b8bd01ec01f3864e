import Foundation
import Playbook

/// A minimal reader of Ansible INI inventories for `pbrun exec`, used until the inventory module
/// lands: `[group]` sections of `name key=value …` host lines, `[group:vars]` and
/// `[group:children]`, and the `ansible_host`/`ansible_port`/`ansible_user`/
/// `ansible_ssh_private_key_file` variables. Patterns: `all`, a group, a host, joined by `,` or `:`.
struct ExecInventory {
    private var hostOrder: [String] = []
    private var hostVars: [String: [String: String]] = [:]
    private var groupHosts: [String: [String]] = [:]
    private var groupVars: [String: [String: String]] = [:]
    private var groupChildren: [String: [String]] = [:]
    /// The groups each host belongs to, in file order, for variable precedence.
    private var hostGroups: [String: [String]] = [:]

    /// Reads the INI file at `path`.
    init(path: String) throws(UsageError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw UsageError("cannot read inventory '\(path)'")
        }
        var section = "ungrouped"
        var kind = "hosts"
        for raw in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") && line.hasSuffix("]") {
                let name = String(line.dropFirst().dropLast())
                let parts = name.split(separator: ":", maxSplits: 1).map(String.init)
                section = parts[0]
                kind = parts.count > 1 ? parts[1] : "hosts"
                continue
            }
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            switch kind {
            case "vars":
                let pair = line.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                if pair.count == 2 { groupVars[section, default: [:]][pair[0]] = pair[1] }
            case "children":
                groupChildren[section, default: []].append(words[0])
            default:
                let name = words[0]
                if hostVars[name] == nil {
                    hostOrder.append(name)
                    hostVars[name] = [:]
                }
                for word in words.dropFirst() {
                    let pair = word.split(separator: "=", maxSplits: 1).map(String.init)
                    if pair.count == 2 { hostVars[name]?[pair[0]] = pair[1] }
                }
                groupHosts[section, default: []].append(name)
                hostGroups[name, default: []].append(section)
            }
        }
    }

    /// The hosts a pattern selects, in inventory order.
    func hosts(matching pattern: String) -> [String] {
        var selected = Set<String>()
        for term in pattern.split(whereSeparator: { $0 == "," || $0 == ":" }).map(String.init) {
            if term == "all" || term == "*" {
                selected.formUnion(hostOrder)
            } else if hostVars[term] != nil {
                selected.insert(term)
            } else {
                selected.formUnion(members(of: term, seen: []))
            }
        }
        return hostOrder.filter { selected.contains($0) }
    }

    private func members(of group: String, seen: Set<String>) -> [String] {
        guard !seen.contains(group) else { return [] }
        var result = groupHosts[group] ?? []
        for child in groupChildren[group] ?? [] { result += members(of: child, seen: seen.union([group])) }
        return result
    }

    /// The variables of `host`: its groups' vars, then its own.
    private func variables(of host: String) -> [String: String] {
        var merged: [String: String] = groupVars["all"] ?? [:]
        for (group, children) in groupChildren where children.contains(where: { hostGroups[host]?.contains($0) ?? false }) {
            merged.merge(groupVars[group] ?? [:]) { $1 }
        }
        for group in hostGroups[host] ?? [] { merged.merge(groupVars[group] ?? [:]) { $1 } }
        merged.merge(hostVars[host] ?? [:]) { $1 }
        return merged
    }

    /// How to reach `host`, with `defaults` for what the inventory leaves unset.
    func connection(for host: String, defaults: HostConnection) -> HostConnection {
        let vars = variables(of: host)
        var connection = defaults
        connection.name = host
        connection.address = vars["ansible_host"] ?? host
        if let port = vars["ansible_port"].flatMap(Int.init) { connection.port = port }
        if let user = vars["ansible_user"] { connection.user = user }
        if let key = vars["ansible_ssh_private_key_file"] { connection.keyFiles = [key] }
        return connection
    }
}
