import Foundation

/// `--report json=PATH`: the whole run in one JSON document (`"format": 1`, docs/report-format.md),
/// written atomically when the run ends — also after an interrupt, with what happened until then.
public actor JSONReportReporter: Reporter {
    private let path: String
    private let masking: Masking
    private var ledger: RunLedger

    public init(path: String, masking: Masking) {
        self.path = path
        self.masking = masking
        self.ledger = RunLedger(masking: masking)
    }

    public func handle(_ event: RunEvent) async {
        ledger.apply(event)
    }

    public func finish() async throws {
        try AtomicFile.write(Self.document(ledger, masking: masking).pretty(), to: path)
    }

    /// The report document for a ledger.
    public static func document(_ ledger: RunLedger, masking: Masking) -> JSONValue {
        let interrupted: JSONValue = ledger.interrupts.last.map { .string($0.kind.rawValue) } ?? .null
        let hosts: [JSONValue] = ledger.allHosts.map { name in
            let record = ledger.hosts[name]
            let unreachable: JSONValue = record?.unreachable.map {
                .object([("address", .string($0.address)), ("port", .int($0.port)), ("cause", .string($0.cause)),
                         ("at", .optional($0.at))])
            } ?? .null
            return .object([("name", .string(name)),
                            ("connection", record?.connection.map(ReportJSON.connection) ?? .null),
                            ("unreachable", unreachable),
                            ("recap", ReportJSON.tally(ledger.tally(for: name)))])
        }
        let plays: [JSONValue] = ledger.plan.map { play in
            var results: [JSONValue] = []
            for host in play.hosts {
                for step in play.steps {
                    let outcome = ledger.outcome(host: host, step: step)
                    results.append(ReportJSON.result(host: host, step: step, outcome: outcome))
                }
            }
            return .object([("play", ReportJSON.play(play.play)), ("hosts", .array(play.hosts.map(JSONValue.string))),
                            ("steps", .array(play.steps.map(ReportJSON.step))), ("results", .array(results))])
        }
        return .object([
            ("format", .int(ReportJSON.format)),
            ("provenance", ledger.provenance.map { ReportJSON.provenance($0, masking: masking) } ?? .null),
            ("started_at", .optional(ledger.startedAt)),
            ("ended_at", .optional(ledger.finishedAt)),
            ("duration", .optional(ledger.duration)),
            ("exit_code", .optional(ledger.exitCode)),
            ("interrupted", interrupted),
            ("totals", ReportJSON.tally(ledger.totals())),
            ("hosts", .array(hosts)),
            ("plays", .array(plays)),
            ("gates", .array(ledger.gates.map(ReportJSON.gate))),
        ])
    }
}
