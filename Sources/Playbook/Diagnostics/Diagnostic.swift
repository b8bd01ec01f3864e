/// One problem found in an input file, printed like a compiler's:
///
///     playbooks/deploy.yml:12:7: error: unknown key 'nedes' (did you mean 'needs'?)
///
/// followed, where the source line is known, by that line and a caret under the column.
public struct Diagnostic: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Severity: String, Sendable {
        case error
        case warning
        case note
    }

    public let severity: Severity
    /// Where the problem is; nil for a problem with no place in a file (a missing file's name goes
    /// in the message).
    public let location: SourceLocation?
    public let message: String
    /// The text of the source line at `location`, for the caret display.
    public let sourceLine: String?

    public init(_ severity: Severity = .error, at location: SourceLocation?, _ message: String,
                sourceLine: String? = nil) {
        self.severity = severity
        self.location = location
        self.message = message
        self.sourceLine = sourceLine
    }

    /// The one-line form: `path:line:column: error: message`.
    public var description: String {
        if let location {
            return "\(location): \(severity.rawValue): \(message)"
        }
        return "\(severity.rawValue): \(message)"
    }

    /// The one-line form plus the source line and a caret under the column.
    public var rendered: String {
        guard let location, let sourceLine else { return description }
        let caretPad = String(repeating: " ", count: max(0, location.column - 1))
        return "\(description)\n\(sourceLine)\n\(caretPad)^"
    }
}

/// Every diagnostic a load found, thrown together so the user sees all of them at once.
public struct DiagnosticList: Error, Sendable, CustomStringConvertible {
    public let diagnostics: [Diagnostic]

    public init(_ diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
    }

    public var description: String {
        diagnostics.map(\.rendered).joined(separator: "\n")
    }
}
