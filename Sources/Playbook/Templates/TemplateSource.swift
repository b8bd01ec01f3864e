/// A template's text and where its first character sits in a file, so an error found at any
/// character of the template can be reported at its exact `file:line:column`.
///
/// For a single-line scalar the column of a character is the start column plus its offset. For a
/// multi-line scalar (a YAML block), lines after the first start at `continuationColumn` (the
/// block's indentation plus one), which the caller knows and the template does not.
public struct TemplateSource: Hashable, Sendable {
    /// The template text, as the scalar's value (after YAML removed quotes and indentation).
    public let text: String
    /// The location of the first character of `text`.
    public let location: SourceLocation
    /// The column at which lines after the first start in the file: by default the first line's
    /// column, which is right for a YAML block scalar (`run: |`) when `location` is where its
    /// text starts (see `contentStart(of:sourceText:)`).
    public let continuationColumn: Int
    /// The file's line at `location.line`, for the caret display of diagnostics, when known.
    public let sourceLine: String?
    /// Where each character of `text` is in the file, when the text came from a YAML scalar whose
    /// source was at hand; it overrides `location` and `continuationColumn`.
    public let placement: ScalarPlacement?

    public init(_ text: String, at location: SourceLocation, continuationColumn: Int? = nil,
                sourceLine: String? = nil) {
        self.init(text, at: location, continuationColumn: continuationColumn ?? location.column, sourceLine: sourceLine,
                  placement: nil)
    }

    private init(_ text: String, at location: SourceLocation, continuationColumn: Int, sourceLine: String?,
                 placement: ScalarPlacement?) {
        self.text = text
        self.location = location
        self.continuationColumn = continuationColumn
        self.sourceLine = sourceLine
        self.placement = placement
    }

    /// The template a string field holds: placed character by character when the decoder knew
    /// the scalar's source (`Located.placement`), else from the field's location.
    public init(_ located: Located<String>) {
        guard let placement = located.placement, placement.positions.count == located.value.count + 1 else {
            self.init(located.value, at: located.location)
            return
        }
        let start = placement.position(ofOffset: 0)
        let location = SourceLocation(file: located.location.file, line: start.line, column: start.column)
        self.init(located.value, at: location,
                  continuationColumn: start.column, sourceLine: nil, placement: placement)
    }

    /// A template with no file behind it (a `-e` value, a test): reported as `<name>:1:column`.
    public init(_ text: String, named name: String) {
        self.init(text, at: SourceLocation(file: name, line: 1, column: 1), sourceLine: nil)
    }

    /// The file location of the character at `offset` (counted in characters from the start).
    public func location(ofOffset offset: Int) -> SourceLocation {
        if let placement {
            let position = placement.position(ofOffset: offset)
            return SourceLocation(file: location.file, line: position.line, column: position.column)
        }
        var line = location.line
        var column = location.column
        for (index, character) in text.enumerated() {
            if index >= offset { break }
            if character == "\n" || character == "\r\n" {
                line += 1
                column = continuationColumn
            } else {
                column += 1
            }
        }
        return SourceLocation(file: location.file, line: line, column: column)
    }

    /// A diagnostic for a problem at `offset`, with the source line when the offset is on the
    /// template's first line and that line is known.
    func diagnostic(_ message: String, at offset: Int) -> Diagnostic {
        let place = location(ofOffset: offset)
        let line = place.line == location.line ? sourceLine : nil
        return Diagnostic(.error, at: place, message, sourceLine: line)
    }
}

/// A problem found while parsing or evaluating a template, before it is placed in a file: the
/// message and the character offset in the template text it is about.
struct TemplateError: Error {
    let message: String
    let offset: Int

    init(_ message: String, at offset: Int) {
        self.message = message
        self.offset = offset
    }
}
