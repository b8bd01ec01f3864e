/// A report file rendered from the whole run (`--report json=…`, `junit=…`, `html=…`).
public protocol LedgerDocument: Sendable {
    /// The file's text for what the ledger holds: the whole run, or what happened until an interrupt.
    static func document(_ ledger: RunLedger) -> String
}

/// Writes one `LedgerDocument` file: the events fold into a ledger as they come, and the document
/// is written atomically when the run ends, also after an interrupt, so a reader never sees half a
/// report.
public actor LedgerFileReporter<Document: LedgerDocument>: Reporter {
    private let path: String
    private var ledger: RunLedger

    public init(path: String, masking: Masking) {
        self.path = path
        self.ledger = RunLedger(masking: masking)
    }

    public func handle(_ event: RunEvent) async {
        ledger.apply(event)
    }

    public func finish() async throws {
        try AtomicFile.write(Document.document(ledger), to: path)
    }
}

/// `--report html=PATH` (`HTMLReport`).
public typealias HTMLReporter = LedgerFileReporter<HTMLReport>
/// `--report junit=PATH` (`JUnitReport`).
public typealias JUnitReporter = LedgerFileReporter<JUnitReport>
