/// Host ranges as Ansible writes them in an inventory: `web[01:20].example.com`, `db-[a:f]`,
/// `node[0:10:2]`, several ranges in one name (`r[1:2]n[1:3]`).
///
/// The rules are Ansible's `expand_hostname_range`: the first `[...]` is expanded, then the rest of
/// the name again; a begin with a leading zero pads every number to its width (and the end must be
/// as wide); an empty begin means 0; letter ranges run over `a…zA…Z`; the optional third number is
/// the stride.
enum HostRange {
    /// Why a range could not be expanded; the message is shown with the host's location.
    struct Failure: Error, Equatable {
        let message: String
    }

    /// The most hosts one inventory may hold, counting every range's expansion: ten times the largest
    /// fleets pbrun is measured on, and small enough that a typo such as `web[1:99999999999]` is an
    /// error at its line instead of minutes of work and gigabytes of names.
    static let maximumHosts = 1_000_000

    /// The names a host entry stands for: itself when it holds no `[`, else every expansion in order;
    /// more than `limit` names is an error.
    static func expand(_ pattern: String, limit: Int = maximumHosts) throws(Failure) -> [String] {
        guard pattern.contains("[") else { return [pattern] }
        var result: [String] = []
        try expand(pattern, into: &result, limit: limit, whole: pattern)
        return result
    }

    private static func tooMany(_ whole: String) -> Failure {
        Failure(message: "host range '\(whole)' stands for more hosts than an inventory may hold "
                + "(\(maximumHosts) in all)")
    }

    private static let letters = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")

    private static func expand(_ pattern: String, into result: inout [String], limit: Int,
                               whole: String) throws(Failure) {
        guard let open = pattern.firstIndex(of: "[") else {
            guard result.count < limit else { throw tooMany(whole) }
            result.append(pattern)
            return
        }
        let head = pattern[..<open]
        let afterOpen = pattern[pattern.index(after: open)...]
        guard let close = afterOpen.firstIndex(of: "]") else {
            throw Failure(message: "host range '\(pattern)' has '[' without a closing ']'")
        }
        let body = afterOpen[..<close]
        let tail = afterOpen[afterOpen.index(after: close)...]
        let bounds = body.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard bounds.count == 2 || bounds.count == 3 else {
            throw Failure(message: "host range '[\(body)]' must be begin:end or begin:end:step")
        }
        let begin = bounds[0].isEmpty ? "0" : bounds[0]
        let end = bounds[1]
        guard !end.isEmpty else { throw Failure(message: "host range '[\(body)]' must specify an end value") }
        var stride = 1
        if bounds.count == 3 {
            guard let value = Int(bounds[2]), value > 0 else {
                throw Failure(message: "host range '[\(body)]' has a step that is not a positive whole number")
            }
            stride = value
        }
        var width = 0
        if begin.hasPrefix("0"), begin.count > 1 {
            width = begin.count
            guard end.count == width else {
                throw Failure(message: "host range '[\(body)]' must have begin and end of equal width")
            }
        }
        var items: [String] = []
        if begin.count == 1, end.count == 1, let first = letters.firstIndex(of: Character(begin)),
           let last = letters.firstIndex(of: Character(end)) {
            guard first <= last else { throw Failure(message: "host range '[\(body)]' must have begin <= end") }
            items = Swift.stride(from: first, through: last, by: stride).map { String(letters[$0]) }
        } else {
            guard let low = Int(begin), let high = Int(end), low >= 0, high >= 0 else {
                throw Failure(message: "host range '[\(body)]' must use numbers or single letters")
            }
            if low <= high {
                // Count before building: a range of billions must fail without allocating them.
                guard (high - low) / stride < limit - result.count else { throw tooMany(whole) }
                items = Swift.stride(from: low, through: high, by: stride).map { number in
                    let digits = String(number)
                    return digits.count < width ? String(repeating: "0", count: width - digits.count) + digits : digits
                }
            }
        }
        for item in items {
            try expand(head + item + tail, into: &result, limit: limit, whole: whole)
        }
    }
}
