/// Every variable one host sees at one point of a play: the layers of the precedence chain,
/// the built-in names, and other hosts' variables for `hostvars`.
///
/// Lookups go from the highest layer down; built-ins (`host`, `play`, `run`, `steps`,
/// `inventory_hostname`, `group_names`, `groups`, and in a step's own conditions `result`,
/// `exit`, `stdout`, `stderr`) are looked up first and cannot be overridden.
public struct VariableScope: VariableLookup, Sendable {
    /// The layers, sorted by precedence (stable: within a level, later layers win).
    public private(set) var layers: [VariableLayer] = []
    /// Names pbrun defines itself, looked up before any layer.
    public private(set) var builtins = Value.OrderedMap()
    /// Built-in names whose values hold secrets (a `steps` map with a secret result).
    public private(set) var secretBuiltins: Set<String> = []
    private var hostVariablesProvider: (@Sendable (String) -> Value?)?
    /// The hosts `hostvars` can name.
    public private(set) var hostNames: [String] = []

    public init(layers: [VariableLayer] = []) {
        for layer in layers { add(layer) }
    }

    /// Orders inventory groups for the chain: parent before child (by depth below `all`), then by name.
    public static func orderGroups<Group>(_ groups: [Group], depth: (Group) -> Int,
                                          name: (Group) -> String) -> [Group] {
        groups.sorted { lhs, rhs in
            let (leftDepth, rightDepth) = (depth(lhs), depth(rhs))
            return leftDepth != rightDepth ? leftDepth < rightDepth : name(lhs) < name(rhs)
        }
    }

    /// Adds a layer above every layer of a lower or equal level.
    public mutating func add(_ layer: VariableLayer) {
        let index = layers.lastIndex { $0.precedence <= layer.precedence }.map { $0 + 1 } ?? 0
        layers.insert(layer, at: index)
    }

    /// A copy with one more layer (a step's vars on top of its play's scope).
    public func adding(_ layer: VariableLayer) -> VariableScope {
        var copy = self
        copy.add(layer)
        return copy
    }

    /// Sets a built-in name.
    public mutating func setBuiltin(_ name: String, _ value: Value, isSecret: Bool = false) {
        builtins[name] = value
        if isSecret { secretBuiltins.insert(name) } else { secretBuiltins.remove(name) }
    }

    /// Lets `hostvars['NAME']` read other hosts' merged variables, computed only when asked for
    /// (a 1,000-host inventory never builds 1,000 × 1,000 values).
    public mutating func setHostVariables(hosts: [String], _ provider: @escaping @Sendable (String) -> Value?) {
        hostNames = hosts
        hostVariablesProvider = provider
    }

    // MARK: - VariableLookup

    public func binding(of name: String) -> VariableBinding? {
        if let value = builtins[name] {
            return VariableBinding(value: value, templateSource: nil, isSecret: secretBuiltins.contains(name))
        }
        for layer in layers.reversed() {
            guard let value = layer.values[name] else { continue }
            let location = layer.defaultLocation == nil ? nil : (layer.locations[name] ?? layer.defaultLocation)
            return VariableBinding(value: value, templateSource: location, isSecret: layer.secretNames.contains(name))
        }
        return nil
    }

    public func bindings(of name: String) -> [VariableBinding] {
        if let builtin = binding(of: name), builtins[name] != nil { return [builtin] }
        return layers.reversed().compactMap { layer in
            guard let value = layer.values[name] else { return nil }
            let location = layer.defaultLocation == nil ? nil : (layer.locations[name] ?? layer.defaultLocation)
            return VariableBinding(value: value, templateSource: location, isSecret: layer.secretNames.contains(name))
        }
    }

    public var definedNames: [String] {
        var names = builtins.keys
        if hostVariablesProvider != nil { names.append("hostvars") }
        var seen = Set(names)
        for layer in layers.reversed() {
            for key in layer.values.keys where seen.insert(key).inserted { names.append(key) }
        }
        return names
    }

    public var secretStrings: Set<String> { secretValues }

    public func hostVariables(of host: String) -> Value? {
        hostVariablesProvider?(host)
    }

    // MARK: - Showing the result

    /// The layer a top-level name comes from, or nil for a built-in or undefined name.
    public func origin(of name: String) -> VariableLayer? {
        if builtins[name] != nil { return nil }
        return layers.last { $0.values[name] != nil }
    }

    /// Every layered variable with its winning value, in the order names first appear from the
    /// lowest layer up (what `pbrun hosts --host NAME` prints). Templates are not expanded.
    public func merged() -> Value.OrderedMap {
        var result = Value.OrderedMap()
        for layer in layers { for (key, value) in layer.values.pairs { result[key] = value } }
        return result
    }

    /// Every layered variable with its winning value and the layer it came from, in the order of
    /// `merged()`, for `pbrun hosts --host NAME --playbook P`. Secret values are shown as `********`.
    public func mergedWithOrigins() -> [(name: String, value: Value, origin: VariableLayer)] {
        let masker = SecretMasker(secrets: secretValues)
        return merged().keys.compactMap { name in
            guard let layer = layers.last(where: { $0.values[name] != nil }), let value = layer.values[name] else {
                return nil
            }
            return (name, layer.secretNames.contains(name) ? masker.mask(value) : value, layer)
        }
    }

    /// Every secret string held by a secret variable of this scope, for the `SecretMasker`.
    public var secretValues: Set<String> {
        var secrets = Set<String>()
        for layer in layers { secrets.formUnion(layer.secretValues) }
        for name in secretBuiltins { builtins[name]?.forEachString { secrets.insert($0) } }
        return secrets
    }
}
