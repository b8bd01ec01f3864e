import Foundation

/// Reads YAML text into `YAMLNode` trees: every document of a stream, with anchors, aliases and
/// `<<` merge keys resolved. Duplicate keys and libyaml's syntax errors become diagnostics that
/// carry their source line.
public enum YAMLLoader {
    /// Every document of the file at `path`.
    public static func load(contentsOf path: String) throws(DiagnosticList) -> [YAMLNode] {
        let text = try readText(contentsOf: path)
        return try load(text: text, file: path)
    }

    /// Every document of `text`, whose locations name `file`.
    public static func load(text: String, file: String) throws(DiagnosticList) -> [YAMLNode] {
        let result = parse(text: text, file: file)
        if !result.diagnostics.isEmpty { throw DiagnosticList(result.diagnostics) }
        return result.documents
    }

    /// What a key written twice in one mapping is.
    public enum DuplicateKeys: Sendable {
        /// An error: a playbook means one thing or is refused.
        case error
        /// A warning, the last value kept: how Ansible's loader reads inventories and vars files.
        case lastWins
    }

    /// Every document of `text` and every problem found, without throwing, so a caller that
    /// keeps going after a duplicate key can report the rest too. After a syntax error the
    /// documents hold only those completed before it.
    public static func parse(text: String, file: String, duplicateKeys: DuplicateKeys = .error)
        -> (documents: [YAMLNode], diagnostics: [Diagnostic]) {
        var builder = YAMLTreeBuilder(file: file, duplicateKeys: duplicateKeys)
        let parser = YAMLEventParser(text: text)
        var documents: [YAMLNode] = []
        var diagnostics: [Diagnostic] = []
        do {
            while let event = try parser.next() {
                if let document = builder.handle(event) { documents.append(document) }
            }
        } catch {
            let location = SourceLocation(file: file, line: error.mark.line, column: error.mark.column)
            builder.diagnostics.append(Diagnostic(.error, at: location, error.message))
        }
        diagnostics = builder.diagnostics
        guard !diagnostics.isEmpty else { return (documents, []) }
        let source = SourceText(text: text, file: file)
        return (documents, diagnostics.map { $0.withSourceLine(from: [file: source]) })
    }

    /// The text of the file at `path`, or a diagnostic naming the file and the reason.
    public static func readText(contentsOf path: String) throws(DiagnosticList) -> String {
        try InputFile.text(at: path)
    }
}
