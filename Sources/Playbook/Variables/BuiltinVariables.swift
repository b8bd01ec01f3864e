import Foundation

/// The facts pbrun itself provides about the host, play and run a template is rendered for.
public struct BuiltinFacts: Sendable {
    /// The host's inventory name.
    public var hostName: String
    /// Where pbrun connects (`ansible_host`, or the name).
    public var hostAddress: String
    /// The groups the host belongs to (without `all`), in inventory order.
    public var hostGroups: [String]
    /// Every group of the inventory with its hosts, `all` included.
    public var groups: [(name: String, hosts: [String])]
    /// The play's name, if it has one.
    public var playName: String?
    /// The run's identifier (also used in reports and output folders).
    public var runID: String
    /// When the run started.
    public var runStarted: Date

    public init(hostName: String, hostAddress: String, hostGroups: [String],
                groups: [(name: String, hosts: [String])], playName: String?, runID: String, runStarted: Date) {
        self.hostName = hostName
        self.hostAddress = hostAddress
        self.hostGroups = hostGroups
        self.groups = groups
        self.playName = playName
        self.runID = runID
        self.runStarted = runStarted
    }
}

extension VariableScope {
    /// The names `setBuiltins` defines; they cannot be overridden by variables.
    public static let builtinNames = ["host", "play", "run", "steps", "inventory_hostname", "group_names", "groups",
                                      "hostvars"] + StepResult.ownResultNames

    /// Defines `host.name`, `host.address`, `host.groups`, `play.name`, `run.id`, `run.started`
    /// (ISO 8601, UTC), and Ansible's `inventory_hostname`, `group_names` and `groups`.
    public mutating func setBuiltins(_ facts: BuiltinFacts) {
        let groupNames = Value.list(facts.hostGroups.map { .string($0) })
        setBuiltin("host", .map(Value.OrderedMap([
            ("name", .string(facts.hostName)), ("address", .string(facts.hostAddress)), ("groups", groupNames),
        ])))
        setBuiltin("play", .map(Value.OrderedMap([("name", facts.playName.map { .string($0) } ?? .null)])))
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        setBuiltin("run", .map(Value.OrderedMap([
            ("id", .string(facts.runID)), ("started", .string(formatter.string(from: facts.runStarted))),
        ])))
        setBuiltin("inventory_hostname", .string(facts.hostName))
        setBuiltin("group_names", groupNames)
        let groups = facts.groups.map { ($0.name, Value.list($0.hosts.map { .string($0) })) }
        setBuiltin("groups", .map(Value.OrderedMap(groups)))
    }
}
