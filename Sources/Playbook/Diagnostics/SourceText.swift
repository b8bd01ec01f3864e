/// The text of one input file split into lines, so a diagnostic can show the line it points at.
public struct SourceText: Sendable {
    /// The path the text was read from.
    public let file: String
    private let lines: [Substring]

    /// The lines of `text`, read from `file`.
    public init(text: String, file: String) {
        self.file = file
        self.lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    }

    /// The text of 1-based line `number` without its line break, or nil past the end.
    public func line(_ number: Int) -> String? {
        guard number >= 1, number <= lines.count else { return nil }
        var line = lines[number - 1]
        if line.hasSuffix("\r") { line = line.dropLast() }
        return String(line)
    }

    /// An error at `location` that carries the source line for the caret display.
    public func error(at location: SourceLocation, _ message: String) -> Diagnostic {
        Diagnostic(.error, at: location, message, sourceLine: line(location.line))
    }
}

extension Diagnostic {
    /// The same diagnostic with its source line filled in from `sources` when it has none yet.
    public func withSourceLine(from sources: [String: SourceText]) -> Diagnostic {
        guard sourceLine == nil, let location, let text = sources[location.file] else { return self }
        return Diagnostic(severity, at: location, message, sourceLine: text.line(location.line))
    }
}
