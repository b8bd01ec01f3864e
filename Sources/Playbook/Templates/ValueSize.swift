/// How much a template's value holds, so that no template can build more than
/// `InputLimits.maximumValueSize`: `a: "{{ b ~ b }}"`, `b: "{{ c ~ c }}"`, … doubles at each
/// variable, and thirty of them would ask for gigabytes.
extension Value {
    /// Whether the value holds more than `limit`: the UTF-8 bytes of its strings (map keys included)
    /// plus one per list item, map entry and scalar. Stops as soon as it is past the limit, so its cost
    /// is at most `limit` nodes even for a list that holds itself many times over (`[l, l]`, shared).
    func isLarger(than limit: Int) -> Bool {
        var total = 0
        var pending = [self]
        while let value = pending.popLast() {
            total += 1
            switch value {
            case .string(let text): total += text.utf8.count
            case .list(let items): pending.append(contentsOf: items)
            case .map(let map):
                for (key, item) in map.pairs {
                    total += key.utf8.count
                    pending.append(item)
                }
            case .null, .bool, .int, .double: break
            }
            if total > limit { return true }
        }
        return false
    }
}

extension InputLimits {
    /// The message for a value past `maximumValueSize`, naming what built it.
    static func tooLarge(_ what: String) -> String {
        "\(what) is too large (more than \(maximumValueSize) bytes of text and items, the most a template may build)"
    }
}
