import Foundation

/// A `--limit` value read into its terms, as Ansible's `InventoryManager.subset` reads it: the
/// value is cut like a host pattern, and a term `@FILE` stands for the lines of FILE, each line one
/// pattern taken whole (a `--retry-file`). Blank lines are skipped; nothing else is special, so a
/// line `# note` or `web:db` is a pattern that names no host (Ansible warns and ignores it; pbrun
/// reports it at its line, as it reports every pattern that matches nothing).
public struct HostLimit: Sendable, Equatable {
    /// The patterns in written order, each with the line it came from when it came from a file.
    public let patterns: [String]
    /// Where each pattern was written: nil for the command line, the file's line for `@FILE`.
    let locations: [SourceLocation?]
    /// The value as given on the command line, for messages.
    public let text: String

    /// Reads a `--limit` value; an error when an `@FILE` cannot be read.
    public init(_ text: String) throws(DiagnosticList) {
        var patterns: [String] = []
        var locations: [SourceLocation?] = []
        for term in HostPattern.split(text) {
            guard term.hasPrefix("@") else {
                patterns.append(term)
                locations.append(nil)
                continue
            }
            let path = String(term.dropFirst())
            let fileText: String
            do {
                fileText = try InputFile.text(at: path)
            } catch {
                throw DiagnosticList([Diagnostic(at: nil, "limit file " + (error.diagnostics.first?.message ?? path))])
            }
            for (offset, line) in fileText.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let pattern = line.trimmingCharacters(in: .whitespaces)
                guard !pattern.isEmpty else { continue }
                let indent = line.prefix { $0 == " " || $0 == "\t" }.count
                patterns.append(pattern)
                locations.append(SourceLocation(file: path, line: offset + 1, column: indent + 1))
            }
        }
        self.patterns = patterns
        self.locations = locations
        self.text = text
    }

    /// A limit of patterns given one by one, none read from a file (each taken whole).
    public init(patterns: [String]) {
        self.patterns = patterns
        self.locations = patterns.map { _ in nil }
        self.text = patterns.joined(separator: ",")
    }

    /// The terms in the order Ansible applies them (`HostPattern.ordered`), each with its location.
    var orderedTerms: [(HostPattern, SourceLocation?)] {
        HostPattern.ordered(zip(patterns, locations).map { (HostPattern($0), $1) }, term: \.0,
                            all: (HostPattern("all"), nil))
    }
}

extension Inventory {
    /// The `--limit` value `text` read into its patterns (see `HostLimit`).
    public static func limitPatterns(from text: String) throws(DiagnosticList) -> HostLimit {
        try HostLimit(text)
    }
}
