/// One entry of a play's `serial:` list: a host count or a share of the play's hosts.
public enum BatchSize: Hashable, Sendable {
    case count(Int)
    /// A percentage of all the play's hosts, e.g. 10 for "10%".
    case percent(Double)

    /// How many hosts this entry means out of `total`, as Ansible computes it: a percentage is
    /// rounded down, but a batch always holds at least one host.
    public func hosts(outOf total: Int) -> Int {
        switch self {
        case .count(let count):
            return max(1, count)
        case .percent(let percent):
            return max(1, Int((Double(total) * percent / 100).rounded(.down)))
        }
    }
}

/// Rolling batches for `serial:` (DESIGN.md, decision 4): `[1, "10%", "100%"]` is a canary of one
/// host, then a tenth of the hosts, then the rest. The last size repeats until every host is in a
/// batch; no `serial:` means one batch of all hosts.
public enum SerialBatches {
    public static func split<Host>(_ hosts: [Host], sizes: [BatchSize]) -> [[Host]] {
        guard !hosts.isEmpty else { return [] }
        guard let last = sizes.last else { return [hosts] }
        var batches: [[Host]] = []
        var start = 0
        var index = 0
        while start < hosts.count {
            let size = (index < sizes.count ? sizes[index] : last).hosts(outOf: hosts.count)
            let end = min(hosts.count, start + size)
            batches.append(Array(hosts[start..<end]))
            start = end
            index += 1
        }
        return batches
    }
}
