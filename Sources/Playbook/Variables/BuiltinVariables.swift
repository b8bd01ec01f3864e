import Foundation

/// The facts pbrun itself provides about the host, play and run a template is rendered for.
public struct BuiltinFacts: Sendable {
    /// The host's inventory name.
    public var hostName: String
    /// Where pbrun connects (`ansible_host`, or the name).
    public var hostAddress: String
    /// The groups the host belongs to (without `all`), in inventory order.
    public var hostGroups: [String]
    /// The play's name, if it has one.
    public var playName: String?
    /// The values every host of a run shares (`groups`, `run`), built once.
    public var shared: Shared

    /// The built-ins that are the same for every host: built once per play, not once per host (the
    /// `groups` map of a 1,000-host inventory would otherwise be copied 1,000 times).
    public struct Shared: Sendable {
        let groups: Value
        let run: Value

        /// `groups`: every group of the inventory with its hosts, `all` included; the run's
        /// identifier and start time.
        public init(groups: [(name: String, hosts: [String])], runID: String, runStarted: Date) {
            self.groups = .map(Value.OrderedMap(groups.map { ($0.name, Value.list($0.hosts.map { .string($0) })) }))
            run = .map(Value.OrderedMap([
                ("id", .string(runID)), ("started", .string(UTCTimestamp.iso8601(runStarted))),
            ]))
        }
    }

    public init(hostName: String, hostAddress: String, hostGroups: [String], playName: String?, shared: Shared) {
        self.hostName = hostName
        self.hostAddress = hostAddress
        self.hostGroups = hostGroups
        self.playName = playName
        self.shared = shared
    }

    public init(hostName: String, hostAddress: String, hostGroups: [String],
                groups: [(name: String, hosts: [String])], playName: String?, runID: String, runStarted: Date) {
        self.init(hostName: hostName, hostAddress: hostAddress, hostGroups: hostGroups, playName: playName,
                  shared: Shared(groups: groups, runID: runID, runStarted: runStarted))
    }
}

extension VariableScope {
    /// Defines `host.name`, `host.address`, `host.groups`, `play.name`, `run.id`, `run.started`
    /// (ISO 8601, UTC), and Ansible's `inventory_hostname`, `group_names` and `groups`.
    public mutating func setBuiltins(_ facts: BuiltinFacts) {
        let groupNames = Value.list(facts.hostGroups.map { .string($0) })
        setBuiltin("host", .map(Value.OrderedMap([
            ("name", .string(facts.hostName)), ("address", .string(facts.hostAddress)), ("groups", groupNames),
        ])))
        setBuiltin("play", .map(Value.OrderedMap([("name", facts.playName.map { .string($0) } ?? .null)])))
        setBuiltin("run", facts.shared.run)
        setBuiltin("inventory_hostname", .string(facts.hostName))
        setBuiltin("group_names", groupNames)
        setBuiltin("groups", facts.shared.groups)
    }
}
