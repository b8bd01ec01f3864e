/// The filter names and argument counts a template uses, checked without evaluating anything: as
/// in Jinja, where an unknown filter fails when the template is compiled, a misspelt filter is an
/// error on every host (and with no inventory at all), not only where its branch is evaluated.
extension TemplateFilters {
    /// Whether `name` is `default` (or its short form `d`), the filter the evaluator applies itself.
    static func isDefault(_ name: String) -> Bool {
        name == "default" || name == "d"
    }

    /// Why `name` cannot be applied with `argumentCount` arguments, or nil when it can.
    static func problem(_ name: String, argumentCount: Int) -> String? {
        if isDefault(name) {
            return argumentCount <= 2 ? nil : "filter 'default' takes at most 2 arguments, got \(argumentCount)"
        }
        guard let filter = named[name] else {
            let hint = Suggestion.closest(to: name, among: named.keys + ["default"]).map { " (did you mean '\($0)'?)" }
            return "unknown filter '\(name)'" + (hint ?? "")
        }
        guard !filter.arity.contains(argumentCount) else { return nil }
        let expected = filter.arity.lowerBound == filter.arity.upperBound
            ? "\(filter.arity.lowerBound)" : "\(filter.arity.lowerBound) to \(filter.arity.upperBound)"
        return "filter '\(name)' takes \(expected) argument\(filter.arity.upperBound == 1 ? "" : "s"), got \(argumentCount)"
    }

    /// The filter problems in `expression`, each at the filter's name in `source`.
    static func problems(in expression: Expression, source: TemplateSource) -> [Diagnostic] {
        var found: [(offset: Int, message: String)] = []
        // Iterative, so a deep tree costs no stack (the parser bounds depth, the walk stays linear).
        var pending = [expression]
        while let node = pending.popLast() {
            if case .filter(_, let name, let offset, let arguments) = node.kind,
               let problem = problem(name, argumentCount: arguments.count) {
                found.append((offset, problem))
            }
            pending += node.kind.children
        }
        return found.sorted { $0.offset < $1.offset }.map { source.diagnostic($0.message, at: $0.offset) }
    }
}

extension Template {
    /// Unknown filters and wrong argument counts, in the order written.
    public var filterProblems: [Diagnostic] {
        segments.flatMap { segment -> [Diagnostic] in
            guard case .expression(let expression) = segment else { return [] }
            return TemplateFilters.problems(in: expression, source: source)
        }
    }
}

extension Condition {
    /// Unknown filters and wrong argument counts, in the order written.
    public var filterProblems: [Diagnostic] {
        TemplateFilters.problems(in: expression, source: source)
    }
}
