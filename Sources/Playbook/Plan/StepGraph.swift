/// The steps of one play as a dependency graph (DESIGN.md, decision 4). A step waits for the step
/// before it in the file unless it says `needs:`; then it waits for exactly the steps it names
/// (`needs: []`: for none). The graph gives one deterministic order (dependencies first, ties
/// broken by file order, so a play without `needs` runs in file order) and tells which steps are
/// independent of each other. It also holds the handlers each step (and handler) notifies.
public struct StepGraph: Sendable {
    /// For each step (by index), the steps it waits for, ascending.
    public let dependencies: [[Int]]
    /// For each step, the handlers (indices into the play's handlers) it notifies, in the order
    /// written.
    public let notifications: [[Int]]
    /// For each handler, the handlers it notifies.
    public let handlerNotifications: [[Int]]
    /// Every step not caught in a cycle, dependencies first; ties go to the earlier step in the
    /// file.
    public let order: [Int]
    /// The step ids, by index, for looking references up.
    public let ids: [String]

    /// A graph from its parts; `build(steps:handlers:)` makes one from a play.
    public init(dependencies: [[Int]], notifications: [[Int]], handlerNotifications: [[Int]], order: [Int],
                ids: [String]) {
        self.dependencies = dependencies
        self.notifications = notifications
        self.handlerNotifications = handlerNotifications
        self.order = order
        self.ids = ids
    }

    /// A graph over no steps.
    public static let empty = StepGraph(dependencies: [], notifications: [], handlerNotifications: [], order: [],
                                        ids: [])

    /// The number of steps.
    public var count: Int { dependencies.count }

    /// The steps that wait for `step` directly.
    public func dependents(of step: Int) -> [Int] {
        dependencies.indices.filter { dependencies[$0].contains(step) }
    }

    /// Whether `step` waits, directly or through others, for `other`.
    public func dependsOn(_ step: Int, _ other: Int) -> Bool {
        guard step != other else { return false }
        var seen = [Bool](repeating: false, count: count)
        var stack = dependencies[step]
        while let next = stack.popLast() {
            if next == other { return true }
            if seen[next] { continue }
            seen[next] = true
            stack += dependencies[next]
        }
        return false
    }

    /// For each step, every step it waits for directly or through others, ascending; steps in a
    /// cycle get the ancestors found outside it. One pass over the order with a bit set per step, so
    /// the cost is that of the lists themselves, not a search per pair of steps.
    public var ancestors: [[Int]] {
        ancestorSets.bits.map { set in
            var members: [Int] = []
            for (word, value) in set.enumerated() where value != 0 {
                for bit in 0..<64 where value & (1 << UInt64(bit)) != 0 { members.append(word * 64 + bit) }
            }
            return members
        }
    }

    /// The ancestors of every step as bit sets, for asking about one pair without listing them all
    /// (a long playbook in file order has n²/2 pairs).
    var ancestorSets: AncestorSets {
        let words = (count + 63) / 64
        var bits = [[UInt64]](repeating: [UInt64](repeating: 0, count: words), count: count)
        for step in order {
            var own = [UInt64](repeating: 0, count: words)
            for dependency in dependencies[step] {
                own[dependency / 64] |= 1 << UInt64(dependency % 64)
                for word in 0..<words { own[word] |= bits[dependency][word] }
            }
            bits[step] = own
        }
        return AncestorSets(bits: bits)
    }

    /// Every step's ancestors, one bit set per step (see `ancestorSets`).
    struct AncestorSets: Sendable {
        let bits: [[UInt64]]

        /// Whether `step` waits for `ancestor`, directly or through others.
        func contains(_ ancestor: Int, of step: Int) -> Bool {
            bits[step][ancestor / 64] & (1 << UInt64(ancestor % 64)) != 0
        }
    }

    /// Whether two steps may run at the same time on a host: neither waits for the other.
    public func areIndependent(_ a: Int, _ b: Int) -> Bool {
        a != b && !dependsOn(a, b) && !dependsOn(b, a)
    }

    /// The steps in waves: each wave holds the steps whose dependencies are all in earlier waves,
    /// so the steps of one wave are independent of each other. Steps in a cycle are left out.
    public var waves: [[Int]] {
        var level = [Int](repeating: 0, count: count)
        var deepest = -1
        for step in order {
            level[step] = (dependencies[step].map { level[$0] + 1 }.max()) ?? 0
            deepest = max(deepest, level[step])
        }
        guard deepest >= 0 else { return [] }
        var waves = [[Int]](repeating: [], count: deepest + 1)
        for step in order { waves[level[step]].append(step) }
        return waves.map { $0.sorted() }
    }
}
