/// Decodes one play's mapping (or, for an inline play, the file's top-level mapping) by the
/// schema, then builds its step graph.
struct PlayDecoder {
    /// The file the play is written in.
    let file: String
    /// Where diagnostics go.
    let decoder: FieldDecoder

    /// The play, or nil when it lacks what a play cannot do without (`hosts`).
    /// - Parameter map: the play's keys, already checked against the allowed ones.
    /// - Parameter inline: the play is the file's top level, whose `name` and `vars` are the file's.
    func decode(_ map: KeyedMapping, inline: Bool) -> Play? {
        let node = map.node
        let hosts = map.read("hosts", hostPattern)
        if map["hosts"] == nil {
            decoder.error(node.location, inline ? "a playbook with 'steps' needs 'hosts' (the host pattern to run on)"
                                                : "a play needs 'hosts' (the host pattern to run on)")
        }
        if map["steps"] == nil {
            decoder.error(node.location, inline ? "a playbook with 'hosts' needs 'steps'" : "a play needs 'steps'")
        }
        let steps = map.read("steps") { StepDecoder(file: file, decoder: decoder, kind: "step").decodeList($0, $1) } ?? []
        let handlers = map.read("handlers") {
            StepDecoder(file: file, decoder: decoder, kind: "handler").decodeList($0, $1)
        } ?? []
        let (graph, graphDiagnostics) = StepGraph.build(steps: steps, handlers: handlers)
        decoder.append(graphDiagnostics)
        let name = map.read("name", decoder.nonEmptyString)
        let vars = inline ? Variables() : (map.read("vars", decoder.variables) ?? Variables())
        let forks = map.read("forks") { decoder.int($0, $1, in: 1...Int.max) }
        let strategy = map.read("strategy") { decoder.choice($0, $1, Strategy.self) } ?? .linear
        let parallelSteps = map.read("parallel_steps") { decoder.int($0, $1, in: 1...Int.max) }
        let serial = map.read("serial", serialBatches) ?? []
        let maxFail = map.read("max_fail_percentage") { decoder.number($0, $1, in: 0...100) }
        let anyErrorsFatal = map.read("any_errors_fatal", decoder.bool) ?? false
        let timeout = map.read("timeout") { decoder.duration($0, $1) }
        let connectTimeout = map.read("connect_timeout") { decoder.duration($0, $1) }
        let env = map.read("env", decoder.environment) ?? []
        let cwd = map.read("cwd", decoder.nonEmptyString)
        let become = map.read("become", decoder.bool) ?? false
        let becomeUser = map.read("become_user", decoder.nonEmptyString)
        guard let hosts else { return nil }
        return Play(file: file, location: node.location, name: name, hosts: hosts, vars: vars, forks: forks,
                    strategy: strategy, parallelSteps: parallelSteps, serial: serial, maxFailPercentage: maxFail, anyErrorsFatal: anyErrorsFatal,
                    timeout: timeout, connectTimeout: connectTimeout, env: env, cwd: cwd, become: become,
                    becomeUser: becomeUser, steps: steps, handlers: handlers, graph: graph)
    }

    /// `hosts:` a pattern, or a list of patterns joined with `:` as Ansible joins them.
    private func hostPattern(_ key: String, _ node: YAMLNode) -> Located<String>? {
        if node.items != nil {
            let patterns = decoder.strings(key, node)
            guard !patterns.isEmpty else {
                decoder.error(node.location, "'hosts' must not be empty")
                return nil
            }
            return Located(patterns.map(\.value).joined(separator: ":"), at: node.location)
        }
        return decoder.nonEmptyString(key, node)
    }

    /// `serial:` a count, a percentage, or a non-empty list of them.
    private func serialBatches(_ key: String, _ node: YAMLNode) -> [Located<BatchSize>]? {
        guard let items = node.items else { return batchSize(key, node).map { [$0] } }
        guard !items.isEmpty else {
            decoder.error(node.location, "'serial' must not be an empty list")
            return nil
        }
        let sizes = items.compactMap { batchSize(key, $0) }
        return sizes.count == items.count ? sizes : nil
    }

    private func batchSize(_ key: String, _ node: YAMLNode) -> Located<BatchSize>? {
        guard let scalar = node.scalar, !scalar.isNull else {
            decoder.error(node.location, "'serial' expects a host count or a percentage such as \"10%\", found "
                + FieldDecoder.found(node))
            return nil
        }
        let text = scalar.text
        if text.hasSuffix("%") {
            guard let percent = Double(text.dropLast()), percent > 0, percent <= 100 else {
                decoder.error(node.location, "'serial' percentages must be more than 0% and at most 100%, found '\(text)'")
                return nil
            }
            return Located(.percent(percent), at: node.location)
        }
        guard let count = YAMLResolver.int(text) else {
            decoder.error(node.location, "'serial' expects a host count or a percentage such as \"10%\", found '\(text)'")
            return nil
        }
        guard count >= 1 else {
            decoder.error(node.location, "'serial' must be at least 1, found \(count)")
            return nil
        }
        return Located(.count(count), at: node.location)
    }
}
