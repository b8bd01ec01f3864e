import Playbook

/// What `ansible-inventory --list` prints, made comparable with pbrun's listing.
enum AnsibleListing {
    /// ansible-core 2.19 prints a string it does not trust as a template as
    /// `{"__ansible_unsafe": "text"}`; the variable's value is the text, which is what pbrun prints.
    static func withoutTrustMarkers(_ value: Value) -> Value {
        switch value {
        case .map(let map):
            if map.count == 1, let inner = map["__ansible_unsafe"] { return inner }
            return .map(Value.OrderedMap(map.pairs.map { ($0.key, withoutTrustMarkers($0.value)) }))
        case .list(let items):
            return .list(items.map(withoutTrustMarkers))
        default:
            return value
        }
    }
}
