/// One step of a compiled regular expression, as in Thompson's construction: a character to read,
/// or a choice, jump, capture mark or assertion that reads nothing.
enum RegexInstruction {
    case scalar(Unicode.Scalar)
    case set(RegexScalarSet)
    /// Try `preferred` first, then `other`: the order decides greedy versus lazy and `a|b`.
    case split(preferred: Int, other: Int)
    case jump(Int)
    /// Record the current position in capture slot `slot` (group `n` has slots `2n` and `2n+1`).
    case save(slot: Int)
    case assertion(RegexAssertion)
    case match
}

/// A regular expression compiled to instructions for `RegexMachine`. Counted repetitions are
/// expanded (`a{3}` is three copies), so the program's size, and with it the cost of matching each
/// character, is capped: `maximumInstructions`.
struct RegexProgram {
    /// The most instructions a pattern may compile to, its `{m,n}` repetitions expanded; a pattern
    /// written by hand is a few dozen.
    static let maximumInstructions = InputLimits.maximumRegexInstructions

    private(set) var instructions: [RegexInstruction] = []
    /// Two slots per group, group 0 being the whole match.
    let slotCount: Int

    init(_ node: RegexNode, captureCount: Int) throws(RegexSyntaxError) {
        slotCount = 2 * (captureCount + 1)
        try emit(.save(slot: 0))
        try compile(node)
        try emit(.save(slot: 1))
        try emit(.match)
    }

    private mutating func emit(_ instruction: RegexInstruction) throws(RegexSyntaxError) {
        guard instructions.count < Self.maximumInstructions else {
            throw RegexSyntaxError(message: "too large once its repetitions are expanded "
                + "(more than \(Self.maximumInstructions) steps)", offset: 0)
        }
        instructions.append(instruction)
    }

    /// Emits a placeholder to be patched once its target is known.
    private mutating func emitPlaceholder() throws(RegexSyntaxError) -> Int {
        try emit(.match)
        return instructions.count - 1
    }

    private mutating func compile(_ node: RegexNode) throws(RegexSyntaxError) {
        switch node {
        case .empty: break
        case .scalar(let scalar): try emit(.scalar(scalar))
        case .set(let set): try emit(.set(set))
        case .assertion(let assertion): try emit(.assertion(assertion))
        case .group(let inner, let capture):
            if let capture { try emit(.save(slot: 2 * capture)) }
            try compile(inner)
            if let capture { try emit(.save(slot: 2 * capture + 1)) }
        case .concatenation(let items):
            for item in items { try compile(item) }
        case .alternation(let branches):
            var exits: [Int] = []
            for (index, branch) in branches.enumerated() {
                if index == branches.count - 1 {
                    try compile(branch)
                    break
                }
                let split = try emitPlaceholder()
                try compile(branch)
                exits.append(try emitPlaceholder())
                instructions[split] = .split(preferred: split + 1, other: instructions.count)
            }
            for exit in exits { instructions[exit] = .jump(instructions.count) }
        case .repetition(let inner, let minimum, let maximum, let lazy):
            try compileRepetition(inner, minimum: minimum, maximum: maximum, lazy: lazy)
        }
    }

    private mutating func compileRepetition(_ inner: RegexNode, minimum: Int, maximum: Int?,
                                            lazy: Bool) throws(RegexSyntaxError) {
        let required = maximum == nil ? max(minimum - 1, 0) : minimum
        for _ in 0..<required { try compile(inner) }
        guard let maximum else {
            if minimum == 0 {
                // x*: L: split(body, out); body; jump L
                let loop = try emitPlaceholder()
                try compile(inner)
                try emit(.jump(loop))
                instructions[loop] = choice(continuing: loop + 1, leaving: instructions.count, lazy: lazy)
            } else {
                // x+ (after the required copies): body; split(body, out)
                let body = instructions.count
                try compile(inner)
                try emit(choice(continuing: body, leaving: instructions.count + 1, lazy: lazy))
            }
            return
        }
        // x{m,n}: the optional copies each may be skipped to the end: split(body, end); body; …
        var skips: [Int] = []
        for _ in minimum..<maximum {
            skips.append(try emitPlaceholder())
            try compile(inner)
        }
        for skip in skips { instructions[skip] = choice(continuing: skip + 1, leaving: instructions.count, lazy: lazy) }
    }

    private func choice(continuing: Int, leaving: Int, lazy: Bool) -> RegexInstruction {
        lazy ? .split(preferred: leaving, other: continuing) : .split(preferred: continuing, other: leaving)
    }
}
