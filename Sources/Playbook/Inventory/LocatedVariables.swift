/// Variables together with where each one was set, so `pbrun hosts --connection` can say which
/// file and line a connection value came from. Merging is Ansible's default (`hash_behaviour =
/// replace`): a later layer replaces a key's whole value.
struct LocatedVariables: Sendable {
    var values = Value.OrderedMap()
    var origins: [String: SourceLocation] = [:]
    /// Where each value's text starts, when known (a `group_vars/` file), for template errors.
    var valueOrigins: [String: SourceLocation] = [:]

    /// Sets every key of `other` over this layer's.
    mutating func merge(_ other: LocatedVariables) {
        for (key, value) in other.values.pairs {
            values[key] = value
            origins[key] = other.origins[key]
            valueOrigins[key] = other.valueOrigins[key]
        }
    }

    /// Sets every key of `map` over this layer's, all from one place.
    mutating func merge(_ map: Value.OrderedMap, origins mapOrigins: [String: SourceLocation]) {
        for (key, value) in map.pairs {
            values[key] = value
            origins[key] = mapOrigins[key]
            valueOrigins[key] = nil
        }
    }
}
