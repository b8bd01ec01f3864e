extension PlanPrinter {
    /// The version of the `pbrun plan --json` document; it changes only when a field changes meaning or
    /// goes away (adding a field keeps it). docs/dry-runs.md describes every field.
    public static let jsonFormat = 1

    /// The plan as the stable JSON document of `pbrun plan --json` (every key present, sorted, two-space
    /// indent), so a CI job can diff the plans of two revisions of a playbook.
    public func json() -> String {
        let document = Value.OrderedMap([
            ("format", .int(Self.jsonFormat)),
            ("hosts", .list(plan.hosts.map { hostJSON($0) })),
            ("plays", .list(plan.plays.map { playJSON($0) })),
        ])
        return JSONText.write(.map(document), indent: 2) + "\n"
    }

    private func hostJSON(_ host: String) -> Value {
        let connection = plan.connections[host]
        return .map(Value.OrderedMap([
            ("name", .string(host)),
            ("address", connection.map { .string(masked($0.address)) } ?? .null),
            ("port", connection.map { .int($0.port) } ?? .null),
            ("user", connection?.user.map { .string(masked($0)) } ?? .null),
        ]))
    }

    private func playJSON(_ play: PlannedPlay) -> Value {
        let dependencies = plan.dependencies(play: play.position)
        let steps = play.steps.map { step in
            let needs = (dependencies[step.position] ?? []).map { stepID(play: play.position, position: $0) }
            return stepJSON(step, play: play, needs: needs)
        }
        let batches = play.batches.enumerated().map { index, batch in
            Value.map(Value.OrderedMap([
                ("batch", .int(index + 1)),
                ("hosts", .list(batch.map { hostStepsJSON($0, play: play) })),
            ]))
        }
        return .map(Value.OrderedMap([
            ("position", .int(play.position)),
            ("name", .string(masked(play.name))),
            ("location", play.location.map { .string(locationText($0)) } ?? .null),
            ("strategy", .string(play.strategy.rawValue)),
            ("forks", play.forks.map { .int($0) } ?? .null),
            ("any_errors_fatal", .bool(play.gate.anyErrorsFatal)),
            ("max_fail_percentage", play.gate.maxFailPercentage.map { .double($0) } ?? .null),
            ("steps", .list(steps)),
            ("handlers", .list(play.handlers.map { stepJSON($0, play: play, needs: []) })),
            ("batches", .list(batches)),
        ]))
    }

    private func stepJSON(_ step: PlannedStep, play: PlannedPlay, needs: [String]) -> Value {
        let notifies = step.notifies.map { position in
            Value.string(play.handlers.first { $0.position == position }?.id ?? "\(position)")
        }
        return .map(Value.OrderedMap([
            ("position", .int(step.position)),
            ("id", .string(step.id)),
            ("name", .string(masked(step.name))),
            ("location", step.location.map { .string(locationText($0)) } ?? .null),
            ("needs", .list(needs.map { .string($0) })),
            ("when", .list(plan.conditions(play: play.position, step: step).map { .string(masked($0)) })),
            ("ok_exit", .list(step.okExit.map { .int($0) })),
            ("ignore_errors", .bool(step.ignoreErrors)),
            ("run_once", .bool(step.runOnce)),
            ("retries", .int(step.retries)),
            ("delay", .double(step.delay)),
            ("notifies", .list(notifies)),
            ("secret", .bool(step.secret)),
            ("run_time", plan.runTimeReason(play: play.position, step: step).map { .string(masked($0)) } ?? .null),
        ]))
    }

    private func hostStepsJSON(_ host: String, play: PlannedPlay) -> Value {
        let steps = (play.steps + play.handlers).map { step in
            var map = Value.OrderedMap([
                ("step", .string(step.id)),
                ("handler", .bool(step.isHandler)),
            ])
            switch plan.decision(play: play.position, step: step, host: host) {
            case .runs(let work):
                map["decision"] = .string("run")
                for (key, value) in workJSON(work, secret: step.secret) { map[key] = value }
            case .skipped(let reason):
                map["decision"] = .string("skip")
                map["reason"] = .string(masked(reason))
            case .decidedAtRunTime(let reason):
                map["decision"] = .string("run_time")
                map["reason"] = .string(masked(reason))
            case .invalid(let message):
                map["decision"] = .string("invalid")
                map["reason"] = .string(masked(message))
            }
            return Value.map(map)
        }
        return .map(Value.OrderedMap([("name", .string(host)), ("steps", .list(steps))]))
    }

    private func workJSON(_ work: HostWork, secret: Bool) -> [(String, Value)] {
        var action = Value.OrderedMap()
        switch work.action {
        case .shell(let command):
            action = Value.OrderedMap([("kind", .string("run")),
                                       ("command", .string(commandText(command, secret: secret)))])
        case .local(let command):
            action = Value.OrderedMap([("kind", .string("local")),
                                       ("command", .string(commandText(command, secret: secret)))])
        case .script(let path, let arguments):
            action = Value.OrderedMap([("kind", .string("script")), ("source", .string(masked(relative(path)))),
                                       ("arguments", .string(commandText(arguments, secret: secret)))])
        case .upload(let content, let destination, let mode, let owner, let group):
            action = Value.OrderedMap([
                ("kind", .string("upload")), ("destination", .string(masked(destination))),
                ("size", .int(content.count)), ("sha256", .string(SHA256.hexDigest(of: content))),
                ("mode", mode.map { .string("0" + String($0, radix: 8)) } ?? .null),
                ("owner", owner.map { .string(masked($0)) } ?? .null),
                ("group", group.map { .string(masked($0)) } ?? .null),
            ])
        case .download(let source, let directory):
            action = Value.OrderedMap([("kind", .string("download")), ("source", .string(masked(source))),
                                       ("directory", .string(relative(directory)))])
        }
        func optional(_ text: String?) -> Value { text.map { .string(masked($0)) } ?? .null }
        let environment = work.environment.keys.sorted().map { name in
            (name, Value.string(secret ? Self.mask : masked(work.environment[name] ?? "")))
        }
        return [
            ("action", .map(action)),
            ("creates", optional(work.creates)),
            ("removes", optional(work.removes)),
            ("unless", optional(work.unless)),
            ("check", optional(work.check)),
            ("env", .map(Value.OrderedMap(environment))),
            ("cwd", optional(work.workingDirectory)),
            ("become_user", work.becomeUser.map { .string(masked($0)) } ?? .null),
            ("timeout", work.timeout.map { .double($0) } ?? .null),
        ]
    }
}
