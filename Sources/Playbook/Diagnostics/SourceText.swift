/// The text of one input file split into lines, so a diagnostic can show the line it points at.
public struct SourceText: Sendable {
    /// The path the text was read from.
    public let file: String
    private let text: String
    /// The UTF-8 offset where each line starts (found with one byte scan, since most texts are
    /// read whole and never asked for a line).
    private let lineStarts: [Int]

    /// The lines of `text`, read from `file`.
    public init(text: String, file: String) {
        self.file = file
        self.text = text
        var starts = [0]
        var offset = 0
        for byte in text.utf8 {
            offset += 1
            if byte == UInt8(ascii: "\n") { starts.append(offset) }
        }
        self.lineStarts = starts
    }

    /// The text of 1-based line `number` without its line break, or nil past the end.
    public func line(_ number: Int) -> String? {
        guard number >= 1, number <= lineStarts.count else { return nil }
        let utf8 = text.utf8
        let start = utf8.index(utf8.startIndex, offsetBy: lineStarts[number - 1])
        var end = number < lineStarts.count
            ? utf8.index(utf8.startIndex, offsetBy: lineStarts[number] - 1) : utf8.endIndex
        if end > start, utf8[utf8.index(before: end)] == UInt8(ascii: "\r") { end = utf8.index(before: end) }
        return String(decoding: utf8[start..<end], as: UTF8.self)
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
