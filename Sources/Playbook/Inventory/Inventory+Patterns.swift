import Foundation

/// Host patterns, for a play's `hosts:` and for `--limit`, evaluated as Ansible's
/// `InventoryManager` evaluates them:
///
/// - terms are split by `,` (or `:` when there is no comma); plain terms are applied first, in order,
///   each adding the hosts it matches that are not there yet; then `&` terms keep only the hosts
///   they match; then `!` terms remove the hosts they match;
/// - a term that is exactly a host name is that host; otherwise it is matched (as a glob, or as a
///   regex after `~`) against group names, giving each matching group's hosts and its descendants'
///   hosts; if no group matches, or the term has `~`, `*`, `?`, `[` or `.`, it is matched against
///   host names as well;
/// - `term[i]`, `term[i:j]` (inclusive), `term[i:]`, `term[-1]` slice a term's matches.
///
/// Unlike Ansible, which warns and goes on, a term that matches no group and no host is an error
/// with a "did you mean", and so is a whole pattern that leaves no host.
extension Inventory {
    /// Host names matching an Ansible pattern, in Ansible's order: term by term as above; within a
    /// group, its own hosts, then its children's, level by level (what `ansible PATTERN --list-hosts`
    /// prints). An error (with did-you-mean) when a term matches nothing or no host is left.
    public func hosts(matching pattern: String) throws(DiagnosticList) -> [String] {
        try hosts(matching: pattern, limit: nil, at: nil)
    }

    /// Host names matching `pattern` and, when given, the `--limit` too. `location` is where the
    /// pattern was written (a play's `hosts:`), for the diagnostic.
    public func hosts(matching pattern: String, limit: HostLimit?, at location: SourceLocation?)
        throws(DiagnosticList) -> [String] {
        var problems: [Diagnostic] = []
        var implicitName: String?
        var selected = evaluate(HostPattern.terms(of: pattern).map { ($0, location) }, problems: &problems,
                                implicitName: &implicitName)
        if let limit {
            var limitImplicitName: String?
            let allowed = Set(evaluate(limit.orderedTerms, problems: &problems, implicitName: &limitImplicitName))
            selected = selected.filter { allowed.contains($0) }
        }
        guard problems.isEmpty else { throw DiagnosticList(problems) }
        guard !selected.isEmpty else {
            var message = "host pattern '\(pattern)' matches no hosts"
            if let limit { message += " within --limit '\(limit.text)'" }
            // Ansible's warning for an empty inventory, less its "only localhost is available".
            if graph.hosts.isEmpty { message += " (the inventory has no hosts; the implicit localhost does not match "
                + "'all', a play names it: hosts: localhost)" }
            throw DiagnosticList([Diagnostic(at: location, message)])
        }
        return selected.map { name(of: $0, implicitName: implicitName) }
    }

    /// The host names a `--limit` selects, as Ansible's `subset` selects them: all its terms
    /// together, plain ones first, then `&`, then `!` (so a limit of only `&`/`!` terms starts from
    /// `all`). An error when a term matches nothing or no host is left.
    public func hosts(within limit: HostLimit) throws(DiagnosticList) -> Set<String> {
        var problems: [Diagnostic] = []
        var implicitName: String?
        let selected = evaluate(limit.orderedTerms, problems: &problems, implicitName: &implicitName)
        guard problems.isEmpty else { throw DiagnosticList(problems) }
        guard !selected.isEmpty else {
            throw DiagnosticList([Diagnostic(at: nil, "--limit '\(limit.text)' matches no hosts")])
        }
        var names = Set(selected.filter { $0 != Self.implicitLocalhost }.map { graph.hosts[$0].name })
        // The implicit localhost is one host by every name: a play may name it otherwise than the limit.
        if selected.contains(Self.implicitLocalhost) { names.formUnion(Self.localhostNames) }
        return names
    }

    /// Stands for the implicit localhost among host numbers, which number only the inventory's hosts.
    private static let implicitLocalhost = -1

    /// The name of a selected host: the inventory's, or the implicit localhost's as first written.
    private func name(of host: Int, implicitName: String?) -> String {
        host == Self.implicitLocalhost ? implicitName ?? "localhost" : graph.hosts[host].name
    }

    /// Applies terms in the order given, each with where it was written.
    /// `implicitName` is set to the first name the implicit localhost is chosen by.
    private func evaluate(_ terms: [(HostPattern, SourceLocation?)], problems: inout [Diagnostic],
                          implicitName: inout String?) -> [Int] {
        var result: [Int] = []
        var present: Set<Int> = []
        for (term, location) in terms {
            let matched: [Int]
            if let host = graph.hostIndex[term.text] {
                matched = [host]
            } else {
                guard let hosts = match(term, problems: &problems, at: location, implicitName: &implicitName)
                else { continue }
                matched = hosts
            }
            switch term.operation {
            case .union:
                for host in matched where present.insert(host).inserted { result.append(host) }
            case .intersection:
                let keep = Set(matched)
                result.removeAll { !keep.contains($0) }
                present = Set(result)
            case .exclusion:
                let drop = Set(matched)
                result.removeAll { drop.contains($0) }
                present = Set(result)
            }
        }
        return result
    }

    /// The hosts one term matches, sliced; nil after reporting a term that matches nothing.
    private func match(_ term: HostPattern, problems: inout [Diagnostic], at location: SourceLocation?,
                       implicitName: inout String?) -> [Int]? {
        guard let matcher = NameMatcher(term.expression) else {
            problems.append(Diagnostic(at: location, "host pattern '\(term.text)' is not a valid regular expression"))
            return nil
        }
        var hosts: [Int] = []
        var seen: Set<Int> = []
        let groups = graph.groups.indices.filter { matcher.matches(graph.groups[$0].name) }
        for group in groups {
            for host in graph.hostsBelow(group) where seen.insert(host).inserted { hosts.append(host) }
        }
        var matchedHost = false
        if groups.isEmpty || term.matchesHostsToo {
            for host in graph.hosts.indices where matcher.matches(graph.hosts[host].name) {
                matchedHost = true
                if seen.insert(host).inserted { hosts.append(host) }
            }
        }
        if matcher.ranOutOfSteps {
            problems.append(Diagnostic(at: location, "host pattern '\(term.text)' took too long (more than "
                + "\(InputLimits.maximumRegexSteps) steps over the inventory's names)"))
            return nil
        }
        if hosts.isEmpty, Self.localhostNames.contains(term.expression) {
            // Ansible's `_enumerate_matches`: a localhost name nothing else matched is the controller.
            if let localhost = graph.localhost {
                hosts = [localhost]
            } else {
                hosts = [Self.implicitLocalhost]
                if implicitName == nil { implicitName = term.expression }
            }
        } else if groups.isEmpty, !matchedHost, term.expression != "all" {
            var message = "host pattern '\(term.expression)' matches no group and no host"
            let candidates = graph.groups.lazy.map(\.name) + graph.hosts.lazy.map(\.name)
            if let close = Suggestion.closest(to: term.expression, among: candidates) {
                message += " (did you mean '\(close)'?)"
            }
            problems.append(Diagnostic(at: location, message))
            return nil
        }
        guard let slice = term.subscriptRange, !hosts.isEmpty else { return hosts }
        switch slice {
        case .index(let index):
            let position = index < 0 ? hosts.count + index : index
            guard hosts.indices.contains(position) else {
                problems.append(Diagnostic(at: location, "host pattern '\(term.text)' is out of range: "
                                           + "'\(term.expression)' matches \(hosts.count) host(s)"))
                return nil
            }
            return [hosts[position]]
        case .range(let start, let end):
            let last = min(end ?? hosts.count - 1, hosts.count - 1)
            guard start < hosts.count else {
                problems.append(Diagnostic(at: location, "host pattern '\(term.text)' is out of range: "
                                           + "'\(term.expression)' matches \(hosts.count) host(s)"))
                return nil
            }
            return start <= last ? Array(hosts[start...last]) : []
        }
    }
}
