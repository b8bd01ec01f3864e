/// A mapping node's pairs by key, after checking every key against the keys its schema object
/// allows: an unknown key is an error at the key, with a suggestion when one is close.
struct KeyedMapping {
    /// The mapping node itself.
    let node: YAMLNode
    private let byKey: [String: YAMLPair]
    /// The keys in source order.
    let keys: [String]

    /// Reads `node` as a mapping of `what` ("a step"); nil (after an error) when it is not one.
    init?(_ node: YAMLNode, what: String, allowed: [String], decoder: FieldDecoder,
          hint: (String) -> String? = { _ in nil }) {
        guard let pairs = node.pairs else {
            decoder.error(node.location, "expected \(what) (a mapping), found \(FieldDecoder.found(node))")
            return nil
        }
        var byKey: [String: YAMLPair] = [:]
        var keys: [String] = []
        let allowedSet = Set(allowed)
        for pair in pairs {
            guard let key = pair.key.scalar?.text else {
                decoder.error(pair.key.location, "keys of \(what) are strings, found \(FieldDecoder.found(pair.key))")
                continue
            }
            guard allowedSet.contains(key) else {
                if let message = hint(key) {
                    decoder.error(pair.key.location, message)
                } else if let close = Suggestion.closest(to: key, among: allowed) {
                    decoder.error(pair.key.location, "unknown key '\(key)' (did you mean '\(close)'?)")
                } else {
                    decoder.error(pair.key.location, "unknown key '\(key)' in \(what)")
                }
                continue
            }
            if byKey[key] == nil {
                byKey[key] = pair
                keys.append(key)
            }
        }
        self.node = node
        self.byKey = byKey
        self.keys = keys
    }

    /// The value node of `key`, if present.
    subscript(key: String) -> YAMLNode? {
        byKey[key]?.value
    }

    /// Where `key` itself is written.
    func keyLocation(_ key: String) -> SourceLocation? {
        byKey[key]?.key.location
    }

    /// Reads `key` with `read` when present.
    func read<T>(_ key: String, _ read: (String, YAMLNode) -> T?) -> T? {
        guard let node = byKey[key]?.value else { return nil }
        return read(key, node)
    }
}
