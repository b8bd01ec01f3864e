extension StepGraph {
    /// Builds the graph of `steps` and `handlers`, resolving `needs` and `notify` (an id or an exact
    /// name) and finding cycles. Every problem is returned as a diagnostic: an unknown or ambiguous
    /// reference at the reference, a step that needs itself, and each cycle once, followed by a
    /// note at every member that says what it waits for.
    ///
    /// Each step's `index` must be its position in `steps` (and each handler's in `handlers`), as
    /// `StepDecoder` numbers them.
    public static func build(steps: [Step], handlers: [Step]) -> (graph: StepGraph, diagnostics: [Diagnostic]) {
        precondition(steps.indices.allSatisfy { steps[$0].index == $0 }
                         && handlers.indices.allSatisfy { handlers[$0].index == $0 },
                     "a step's index is its position in its list")
        var diagnostics: [Diagnostic] = []
        let stepTable = ReferenceTable(steps)
        let handlerTable = ReferenceTable(handlers)
        var dependencies: [[Int]] = []
        for step in steps {
            guard let needs = step.needs else {
                dependencies.append(step.index > 0 ? [step.index - 1] : [])
                continue
            }
            var waits: Set<Int> = []
            for reference in needs {
                guard let target = stepTable.resolve(reference, kind: "step", from: step, into: &diagnostics) else {
                    continue
                }
                if target == step.index {
                    diagnostics.append(Diagnostic(.error, at: reference.location,
                                                  "step '\(step.id.value)' needs itself"))
                } else {
                    waits.insert(target)
                }
            }
            dependencies.append(waits.sorted())
        }
        let notifications = steps.map { step in
            step.notify.compactMap { handlerTable.resolve($0, kind: "handler", from: step, into: &diagnostics) }
        }
        let handlerNotifications = handlers.map { handler in
            handler.notify.compactMap { handlerTable.resolve($0, kind: "handler", from: handler, into: &diagnostics) }
        }
        let order = topologicalOrder(dependencies)
        if order.count < steps.count {
            diagnostics += cycleDiagnostics(steps: steps, dependencies: dependencies, ordered: Set(order))
        }
        let graph = StepGraph(dependencies: dependencies, notifications: notifications,
                              handlerNotifications: handlerNotifications, order: order, ids: steps.map(\.id.value))
        return (graph, diagnostics)
    }

    // MARK: - Order

    /// Kahn's algorithm, always taking the ready step that comes first in the file.
    static func topologicalOrder(_ dependencies: [[Int]]) -> [Int] {
        var waiting = dependencies.map(\.count)
        var dependents = [[Int]](repeating: [], count: dependencies.count)
        for (step, needs) in dependencies.enumerated() {
            for need in needs { dependents[need].append(step) }
        }
        var ready = MinHeap()
        for step in dependencies.indices where waiting[step] == 0 { ready.push(step) }
        var order: [Int] = []
        order.reserveCapacity(dependencies.count)
        while let step = ready.pop() {
            order.append(step)
            for next in dependents[step] {
                waiting[next] -= 1
                if waiting[next] == 0 { ready.push(next) }
            }
        }
        return order
    }

    // MARK: - Cycles

    /// One diagnostic per cycle among the steps left out of the order: the cycle's members in
    /// order, then a note at each member saying what it waits for.
    private static func cycleDiagnostics(steps: [Step], dependencies: [[Int]], ordered: Set<Int>) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var reported: Set<Int> = []
        for start in steps.indices where !ordered.contains(start) && !reported.contains(start) {
            guard let cycle = findCycle(from: start, dependencies: dependencies, ordered: ordered),
                  cycle.allSatisfy({ !reported.contains($0) }) else { continue }
            reported.formUnion(cycle)
            // Start the cycle at its earliest member so the message does not depend on the search.
            let first = cycle.indices.min { cycle[$0] < cycle[$1] } ?? 0
            let members = Array(cycle[first...] + cycle[..<first])
            let path = (members + [members[0]]).map { "'\(steps[$0].id.value)'" }.joined(separator: " → ")
            let head = steps[members[0]]
            diagnostics.append(Diagnostic(.error, at: head.location, "dependency cycle: \(path)"))
            for (position, member) in members.enumerated() {
                let waitsFor = members[(position + 1) % members.count]
                diagnostics.append(note(step: steps[member], waitsFor: steps[waitsFor]))
            }
        }
        return diagnostics
    }

    private static func note(step: Step, waitsFor: Step) -> Diagnostic {
        if let needs = step.needs,
           let reference = needs.first(where: { $0.value == waitsFor.id.value || $0.value == waitsFor.name?.value }) {
            return Diagnostic(.note, at: reference.location, "'\(step.id.value)' needs '\(waitsFor.id.value)' here")
        }
        return Diagnostic(.note, at: step.location,
                          "'\(step.id.value)' runs after '\(waitsFor.id.value)', the step before it (no 'needs')")
    }

    /// A cycle through steps outside `ordered`, reached by following dependencies from `start`,
    /// listed so that each member waits for the next.
    private static func findCycle(from start: Int, dependencies: [[Int]], ordered: Set<Int>) -> [Int]? {
        var path: [Int] = []
        var position: [Int: Int] = [:]
        var current = start
        while position[current] == nil {
            position[current] = path.count
            path.append(current)
            // Every step outside the order waits for at least one other step outside it.
            guard let next = dependencies[current].first(where: { !ordered.contains($0) }) else { return nil }
            current = next
        }
        return Array(path[(position[current] ?? 0)...])
    }
}

/// Looks `needs`/`notify` references up by id, then by exact name.
private struct ReferenceTable {
    private let byID: [String: Int]
    private let byName: [String: [Int]]
    private let steps: [Step]

    init(_ steps: [Step]) {
        self.steps = steps
        var byID: [String: Int] = [:]
        var byName: [String: [Int]] = [:]
        for step in steps {
            byID[step.id.value] = byID[step.id.value] ?? step.index
            if let name = step.name?.value { byName[name, default: []].append(step.index) }
        }
        self.byID = byID
        self.byName = byName
    }

    func resolve(_ reference: Located<String>, kind: String, from step: Step,
                 into diagnostics: inout [Diagnostic]) -> Int? {
        if let index = byID[reference.value] { return index }
        if let matches = byName[reference.value] {
            if matches.count == 1 { return matches[0] }
            let lines = matches.map { String(steps[$0].location.line) }.joined(separator: ", ")
            diagnostics.append(Diagnostic(.error, at: reference.location,
                "'\(reference.value)' is the name of \(matches.count) \(kind)s (lines \(lines)); refer to one by its id"))
            return nil
        }
        let verb = kind == "handler" ? "notifies" : "needs"
        var message = "step '\(step.id.value)' \(verb) '\(reference.value)', which is not a \(kind) of this play"
        if steps.isEmpty {
            message += " (it has no \(kind)s)"
        } else if let close = Suggestion.closest(to: reference.value, among: steps.map(\.id.value) + byName.keys.sorted()) {
            message += " (did you mean '\(close)'?)"
        }
        diagnostics.append(Diagnostic(.error, at: reference.location, message))
        return nil
    }
}

/// A binary min-heap of step indices.
private struct MinHeap {
    private var items: [Int] = []

    mutating func push(_ value: Int) {
        items.append(value)
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard items[child] < items[parent] else { break }
            items.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> Int? {
        guard let top = items.first else { return nil }
        let last = items.removeLast()
        if !items.isEmpty {
            items[0] = last
            var parent = 0
            while true {
                let left = 2 * parent + 1, right = left + 1
                var smallest = parent
                if left < items.count, items[left] < items[smallest] { smallest = left }
                if right < items.count, items[right] < items[smallest] { smallest = right }
                if smallest == parent { break }
                items.swapAt(parent, smallest)
                parent = smallest
            }
        }
        return top
    }
}
