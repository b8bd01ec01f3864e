/// An Aho-Corasick automaton over the bytes of every secret, compiled to a dense transition table,
/// so masking costs one table lookup per byte of output however many secrets there are.
final class SecretAutomaton: Sendable {
    /// `transitions[state * 256 + byte]` is the next state.
    private let transitions: [Int32]
    /// For each state, the length of the longest secret that ends there (0: none).
    let matchLength: [Int32]
    /// For each state, how many bytes of a secret it has matched so far (the trie depth).
    let depth: [Int32]
    /// The length of the longest secret, in bytes.
    let longest: Int

    init(_ secrets: Set<String>) {
        var goto: [[UInt8: Int32]] = [[:]]
        var ownMatch: [Int32] = [0]
        var depth: [Int32] = [0]
        var longest = 0
        for secret in secrets where !secret.isEmpty {
            var state: Int32 = 0
            for byte in secret.utf8 {
                if let next = goto[Int(state)][byte] {
                    state = next
                } else {
                    goto.append([:])
                    ownMatch.append(0)
                    depth.append(depth[Int(state)] + 1)
                    let next = Int32(goto.count - 1)
                    goto[Int(state)][byte] = next
                    state = next
                }
            }
            ownMatch[Int(state)] = Int32(secret.utf8.count)
            longest = max(longest, secret.utf8.count)
        }
        let count = goto.count
        var transitions = [Int32](repeating: 0, count: count * 256)
        var failure = [Int32](repeating: 0, count: count)
        var matchLength = ownMatch
        var queue: [Int32] = []
        for byte in 0..<256 {
            if let next = goto[0][UInt8(byte)] {
                transitions[byte] = next
                queue.append(next)
            }
        }
        var head = 0
        while head < queue.count {
            let state = Int(queue[head])
            head += 1
            matchLength[state] = max(matchLength[state], matchLength[Int(failure[state])])
            for byte in 0..<256 {
                if let next = goto[state][UInt8(byte)] {
                    failure[Int(next)] = transitions[Int(failure[state]) * 256 + byte]
                    transitions[state * 256 + byte] = next
                    queue.append(next)
                } else {
                    transitions[state * 256 + byte] = transitions[Int(failure[state]) * 256 + byte]
                }
            }
        }
        self.transitions = transitions
        self.matchLength = matchLength
        self.depth = depth
        self.longest = longest
    }

    /// Runs the automaton over `bytes` from `state`, calling `onMatch(index, length)` where a
    /// secret of `length` bytes ends at `bytes[index]`; the hot loop of masking.
    func scan(_ bytes: UnsafeBufferPointer<UInt8>, state: inout Int32, onMatch: (Int, Int) -> Void) {
        transitions.withUnsafeBufferPointer { table in
            matchLength.withUnsafeBufferPointer { lengths in
                var current = Int(state)
                for index in 0..<bytes.count {
                    current = Int(table[current &* 256 &+ Int(bytes[index])])
                    let length = lengths[current]
                    if length > 0 { onMatch(index, Int(length)) }
                }
                state = Int32(current)
            }
        }
    }

    /// Whether there is nothing to look for.
    var isEmpty: Bool { longest == 0 }
}
