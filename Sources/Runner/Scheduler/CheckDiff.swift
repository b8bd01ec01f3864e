/// A unified diff (`diff -u` format) of two texts, line by line, for `pbrun run --check --diff`: what an
/// upload or template step would change in the host's file. The edit script is the shortest one, found
/// with Myers' O(ND) algorithm; hunks carry three lines of context, as `diff -u` does.
public enum CheckDiff {
    /// Beyond this many differing lines the diff is not computed (its memory grows with their square).
    public static let maximumEdits = 4000

    /// One step of the edit script, by 0-based line index.
    enum Edit: Equatable {
        case keep(old: Int, new: Int)
        case delete(old: Int)
        case insert(new: Int)
    }

    /// The unified diff turning `old` into `new`, with `---`/`+++` header lines naming them; an empty
    /// string when they are equal; nil when they differ in more than `maximumEdits` lines.
    public static func unified(old: String, new: String, oldLabel: String, newLabel: String,
                               context: Int = 3) -> String? {
        let a = lines(old), b = lines(new)
        guard let edits = script(a, b) else { return nil }
        guard edits.contains(where: { if case .keep = $0 { false } else { true } }) else { return "" }
        var out = "--- \(oldLabel)\n+++ \(newLabel)\n"
        for hunk in hunks(edits, context: context) {
            out += header(hunk, edits: edits)
            for edit in edits[hunk] {
                switch edit {
                case .keep(let index, _): out += line(" ", a[index])
                case .delete(let index): out += line("-", a[index])
                case .insert(let index): out += line("+", b[index])
                }
            }
        }
        return out
    }

    /// The lines of `text`, each with its "\n" when it has one (so a missing final newline is a change).
    static func lines(_ text: String) -> [Substring] {
        var result: [Substring] = []
        var start = text.startIndex
        while start < text.endIndex {
            if let newline = text[start...].firstIndex(of: "\n") {
                let end = text.index(after: newline)
                result.append(text[start..<end])
                start = end
            } else {
                result.append(text[start...])
                break
            }
        }
        return result
    }

    private static func line(_ prefix: String, _ text: Substring) -> String {
        text.hasSuffix("\n") ? prefix + text : prefix + text + "\n\\ No newline at end of file\n"
    }

    // MARK: - Myers

    /// The shortest edit script from `a` to `b`, or nil when it is longer than `maximumEdits`.
    static func script(_ a: [Substring], _ b: [Substring]) -> [Edit]? {
        let n = a.count, m = b.count
        let limit = min(n + m, maximumEdits)
        // frontier[k + offset]: the furthest x reached on diagonal k (y = x - k); trace[d] keeps the
        // frontier as it was before round d, for diagonals -d...d, to walk the path back.
        let offset = limit + 1
        var frontier = [Int](repeating: 0, count: 2 * limit + 3)
        var trace: [[Int]] = []
        var found = false
        rounds: for d in 0...limit {
            trace.append(Array(frontier[(offset - d)...(offset + d)]))
            for k in stride(from: -d, through: d, by: 2) {
                var x = k == -d || (k != d && frontier[offset + k - 1] < frontier[offset + k + 1])
                    ? frontier[offset + k + 1] : frontier[offset + k - 1] + 1
                var y = x - k
                while x < n, y < m, a[x] == b[y] {
                    x += 1
                    y += 1
                }
                frontier[offset + k] = x
                if x >= n, y >= m {
                    found = true
                    break rounds
                }
            }
        }
        guard found else { return nil }
        var edits: [Edit] = []
        var x = n, y = m
        for d in stride(from: trace.count - 1, through: 1, by: -1) {
            let before = trace[d]  // diagonals -d...d, at index k + d
            let k = x - y
            let previousK = k == -d || (k != d && before[k - 1 + d] < before[k + 1 + d]) ? k + 1 : k - 1
            let previousX = before[previousK + d]
            let previousY = previousX - previousK
            while x > previousX, y > previousY {
                x -= 1
                y -= 1
                edits.append(.keep(old: x, new: y))
            }
            if x == previousX {
                y -= 1
                edits.append(.insert(new: y))
            } else {
                x -= 1
                edits.append(.delete(old: x))
            }
        }
        while x > 0, y > 0 {
            x -= 1
            y -= 1
            edits.append(.keep(old: x, new: y))
        }
        return edits.reversed()
    }

    // MARK: - Hunks

    /// Ranges of `edits` to print: each change with `context` kept lines around it, changes closer than
    /// twice that merged into one hunk.
    private static func hunks(_ edits: [Edit], context: Int) -> [Range<Int>] {
        let changes = edits.indices.filter { if case .keep = edits[$0] { false } else { true } }
        var hunks: [Range<Int>] = []
        for index in changes {
            let lower = max(0, index - context), upper = min(edits.count, index + context + 1)
            if let last = hunks.last, lower <= last.upperBound {
                hunks[hunks.count - 1] = last.lowerBound..<max(last.upperBound, upper)
            } else {
                hunks.append(lower..<upper)
            }
        }
        return hunks
    }

    /// `@@ -start,count +start,count @@`, numbered as `diff -u` numbers them (a count of 1 is left out;
    /// an empty range starts at the line before it).
    private static func header(_ hunk: Range<Int>, edits: [Edit]) -> String {
        var oldStart = 0, newStart = 0
        for edit in edits[..<hunk.lowerBound] {
            switch edit {
            case .keep: oldStart += 1; newStart += 1
            case .delete: oldStart += 1
            case .insert: newStart += 1
            }
        }
        var oldCount = 0, newCount = 0
        for edit in edits[hunk] {
            switch edit {
            case .keep: oldCount += 1; newCount += 1
            case .delete: oldCount += 1
            case .insert: newCount += 1
            }
        }
        func range(_ start: Int, _ count: Int) -> String {
            count == 1 ? "\(start + 1)" : "\(count == 0 ? start : start + 1),\(count)"
        }
        return "@@ -\(range(oldStart, oldCount)) +\(range(newStart, newCount)) @@\n"
    }
}
