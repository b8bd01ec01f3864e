/// The steps regular expressions may still take in one evaluation: every `matches`,
/// `regex_search` and `regex_replace` of one template or condition (with the variables it expands),
/// across all their searches.
struct RegexBudget {
    /// `InputLimits.maximumRegexSteps` unless a caller (a test) needs less.
    private(set) var remaining: Int

    init(steps: Int = InputLimits.maximumRegexSteps) {
        remaining = steps
    }

    mutating func spend() throws(RegexLimitReached) {
        remaining -= 1
        if remaining < 0 { throw .steps }
    }
}

/// Why an evaluation stopped: it ran out of its `RegexBudget`, or `regex_replace` built more than
/// `InputLimits.maximumValueSize`.
enum RegexLimitReached: Error {
    case steps
    case size
}

/// Runs a `RegexProgram` over a text by simulating all its paths at once (Pike's VM, as RE2 and
/// Rust's regex do): each character advances every live thread one step, and two threads at the
/// same instruction are one thread, the one with the higher priority. So a search costs at most
/// (program size × text length) steps, whatever the pattern: `(a+)+$` on a long run of `a`s, which
/// a backtracking engine takes 2^n steps for, is linear here. Priorities give the same matches
/// and groups as a backtracking engine (leftmost, then greedy or lazy as written).
struct RegexMachine {
    private let program: [RegexInstruction]
    private let slotCount: Int
    private let text: [Unicode.Scalar]
    /// The list (search and position, see `stamp`) each instruction was last added to: a thread
    /// reaching an instruction already there has a lower priority and is dropped.
    private var seen: [Int]
    /// How many searches ran, so each search's stamps differ from the last one's without clearing `seen`.
    private var searches = 0

    private struct Threads {
        var instructions: [Int] = []
        var slots: [[Int]] = []

        mutating func removeAll() {
            instructions.removeAll(keepingCapacity: true)
            slots.removeAll(keepingCapacity: true)
        }
    }

    init(_ program: RegexProgram, text: [Unicode.Scalar]) {
        self.program = program.instructions
        self.slotCount = program.slotCount
        self.text = text
        self.seen = Array(repeating: -1, count: program.instructions.count)
    }

    /// The capture slots (start and end of each group, -1 when it did not take part) of the first
    /// match at or after `start`, or nil; `anchored` allows only matches beginning at `start`.
    mutating func firstMatch(from start: Int, anchored: Bool, budget: inout RegexBudget)
        throws(RegexLimitReached) -> [Int]? {
        precondition(start >= 0 && start <= text.count, "a search starts inside the text")
        searches += 1
        var current = Threads(), next = Threads()
        var matched: [Int]?
        let unset = Array(repeating: -1, count: slotCount)
        var position = start
        while true {
            if matched == nil, !anchored || position == start {
                try addThread(to: &current, instruction: 0, slots: unset, at: position, budget: &budget)
            }
            // No live thread: done once a match is found (or only one start was allowed); a search
            // still has later starts to try.
            if current.instructions.isEmpty, matched != nil || anchored { break }
            for index in current.instructions.indices {
                try budget.spend()
                let instruction = current.instructions[index]
                switch program[instruction] {
                case .match:
                    matched = current.slots[index]
                case .scalar(let scalar):
                    if position < text.count, text[position] == scalar {
                        try addThread(to: &next, instruction: instruction + 1, slots: current.slots[index],
                                      at: position + 1, budget: &budget)
                    }
                case .set(let set):
                    if position < text.count, set.contains(text[position]) {
                        try addThread(to: &next, instruction: instruction + 1, slots: current.slots[index],
                                      at: position + 1, budget: &budget)
                    }
                case .split, .jump, .save, .assertion:
                    preconditionFailure("addThread follows every instruction that reads no character")
                }
                // Threads after a match have lower priority than it: they are cut.
                if case .match = program[instruction] { break }
            }
            if position == text.count { break }
            swap(&current, &next)
            next.removeAll()
            position += 1
        }
        return matched
    }

    /// Adds the thread at `instruction` and, in priority order, every thread it reaches without
    /// reading a character (jumps, splits, capture marks, assertions that hold). An explicit stack,
    /// so a long chain of them cannot exhaust the call stack.
    private mutating func addThread(to threads: inout Threads, instruction: Int, slots: [Int], at position: Int,
                                    budget: inout RegexBudget) throws(RegexLimitReached) {
        var pending = [(instruction, slots)]
        while let (instruction, slots) = pending.popLast() {
            try budget.spend()
            let stamp = searches * (text.count + 1) + position
            guard seen[instruction] != stamp else { continue }
            seen[instruction] = stamp
            switch program[instruction] {
            case .jump(let target):
                pending.append((target, slots))
            case .split(let preferred, let other):
                pending.append((other, slots))
                pending.append((preferred, slots))
            case .save(let slot):
                var updated = slots
                updated[slot] = position
                pending.append((instruction + 1, updated))
            case .assertion(let assertion):
                if assertion.holds(at: position, in: text) { pending.append((instruction + 1, slots)) }
            case .scalar, .set, .match:
                threads.instructions.append(instruction)
                threads.slots.append(slots)
            }
        }
    }
}
