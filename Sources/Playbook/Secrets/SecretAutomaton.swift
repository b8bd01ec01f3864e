/// An Aho-Corasick automaton over the bytes of every secret. Up to `denseStateLimit` states it is
/// compiled to a dense transition table, so masking costs one table lookup per byte of output however
/// many secrets there are. A larger one (a secret step's output learnt on 1,000 hosts: 40,000 states,
/// 40 MB as a table) keeps only the trie's edges and failure links, a few lookups per byte.
final class SecretAutomaton: Sendable {
    /// States beyond which the automaton is sparse: the dense table costs 1 KiB per state.
    static let denseStateLimit = 4096

    /// Dense form: `transitions[state * 256 + byte]` is the next state (empty when sparse).
    private let transitions: [Int32]
    /// Sparse form: each state's trie edges, and where to go on a byte it has no edge for.
    private let edges: [[UInt8: Int32]]
    private let failure: [Int32]
    /// For each state, the length of the longest secret that ends there (0: none).
    let matchLength: [Int32]
    /// For each state, how many bytes of a secret it has matched so far (the trie depth).
    let depth: [Int32]
    /// The length of the longest secret, in bytes.
    let longest: Int

    init(_ secrets: Set<String>, denseStateLimit: Int = SecretAutomaton.denseStateLimit) {
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
        self.depth = depth
        self.longest = longest
        if goto.count > denseStateLimit {
            (failure, matchLength) = Self.failureLinks(goto, ownMatch: ownMatch)
            edges = goto
            transitions = []
            return
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
        edges = []
        self.failure = []
    }

    /// The failure link of every state (the longest proper suffix that is also a trie state) and
    /// the longest match ending at each, breadth first over the trie `goto`.
    private static func failureLinks(_ goto: [[UInt8: Int32]], ownMatch: [Int32]) -> ([Int32], [Int32]) {
        var failure = [Int32](repeating: 0, count: goto.count)
        var matchLength = ownMatch
        var queue = Array(goto[0].values)
        var head = 0
        while head < queue.count {
            let state = Int(queue[head])
            head += 1
            matchLength[state] = max(matchLength[state], matchLength[Int(failure[state])])
            for (byte, next) in goto[state] {
                var fallback = failure[state]
                while true {
                    if let target = goto[Int(fallback)][byte] {
                        failure[Int(next)] = target
                        break
                    }
                    if fallback == 0 { break }
                    fallback = failure[Int(fallback)]
                }
                queue.append(next)
            }
        }
        return (failure, matchLength)
    }

    /// Runs the automaton over `bytes` from `state`, calling `onMatch(index, length)` where a
    /// secret of `length` bytes ends at `bytes[index]`; the hot loop of masking.
    func scan(_ bytes: UnsafeBufferPointer<UInt8>, state: inout Int32, onMatch: (Int, Int) -> Void) {
        guard !transitions.isEmpty else { return scanSparse(bytes, state: &state, onMatch: onMatch) }
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

    /// `scan` over the sparse form: follow failure links until a state has an edge for the byte.
    private func scanSparse(_ bytes: UnsafeBufferPointer<UInt8>, state: inout Int32, onMatch: (Int, Int) -> Void) {
        var current = Int(state)
        for index in 0..<bytes.count {
            let byte = bytes[index]
            while true {
                if let next = edges[current][byte] {
                    current = Int(next)
                    break
                }
                if current == 0 { break }
                current = Int(failure[current])
            }
            let length = matchLength[current]
            if length > 0 { onMatch(index, Int(length)) }
        }
        state = Int32(current)
    }

    /// Whether there is nothing to look for.
    var isEmpty: Bool { longest == 0 }
}
