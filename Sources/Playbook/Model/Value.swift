/// A variable's value, keeping the type YAML (or JSON, or an INI inventory's typing rules) gave it.
/// Maps keep their keys' order, as the source wrote them.
public enum Value: Hashable, Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case list([Value])
    case map(OrderedMap)

    /// A map whose keys keep insertion order; looking a key up is O(1).
    public struct OrderedMap: Hashable, Sendable {
        public private(set) var keys: [String] = []
        private var storage: [String: Value] = [:]

        public init() {}

        public init(_ pairs: [(String, Value)]) {
            for (key, value) in pairs { self[key] = value }
        }

        public subscript(key: String) -> Value? {
            get { storage[key] }
            set {
                if let newValue {
                    if storage.updateValue(newValue, forKey: key) == nil { keys.append(key) }
                } else if storage.removeValue(forKey: key) != nil {
                    keys.removeAll { $0 == key }
                }
            }
        }

        public var count: Int { keys.count }
        public var isEmpty: Bool { keys.isEmpty }

        /// The pairs in insertion order.
        public var pairs: [(key: String, value: Value)] { keys.map { ($0, storage[$0] ?? .null) } }

        public static func == (lhs: OrderedMap, rhs: OrderedMap) -> Bool {
            lhs.keys == rhs.keys && lhs.storage == rhs.storage
        }

        public func hash(into hasher: inout Hasher) {
            hasher.combine(keys)
            for key in keys { hasher.combine(storage[key]) }
        }
    }
}
