/// A binary min-heap of (deadline, token) pairs: the reactor's timer queue. Entries are removed
/// lazily (a token whose waiter already woke is skipped when it reaches the top), so the heap can
/// hold stale entries; `compact(keeping:)` drops them when they outnumber the live ones.
struct DeadlineHeap {
    /// One timer: when it fires and which waiter it belongs to.
    struct Entry {
        var deadline: Deadline
        var token: UInt64
    }

    private(set) var entries: [Entry] = []

    var count: Int { entries.count }

    /// The earliest entry, if any.
    var first: Entry? { entries.first }

    mutating func insert(_ entry: Entry) {
        entries.append(entry)
        siftUp(entries.count - 1)
    }

    /// Removes and returns the earliest entry.
    mutating func popFirst() -> Entry? {
        guard !entries.isEmpty else { return nil }
        entries.swapAt(0, entries.count - 1)
        let first = entries.removeLast()
        if !entries.isEmpty { siftDown(0) }
        return first
    }

    /// Keeps only the entries `isLive` accepts and restores heap order.
    mutating func compact(keeping isLive: (UInt64) -> Bool) {
        entries.removeAll { !isLive($0.token) }
        var index = entries.count / 2
        while index > 0 {
            index -= 1
            siftDown(index)
        }
    }

    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard entries[child].deadline < entries[parent].deadline else { return }
            entries.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < entries.count, entries[left].deadline < entries[smallest].deadline { smallest = left }
            if right < entries.count, entries[right].deadline < entries[smallest].deadline { smallest = right }
            guard smallest != parent else { return }
            entries.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
