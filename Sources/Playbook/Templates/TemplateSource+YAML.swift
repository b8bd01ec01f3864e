/// Template sources from YAML scalars, placing the first character of the value where the file
/// has it: after the opening quote of a quoted scalar, on the line after the `|`/`>` of a block.
extension TemplateSource {
    /// The template a scalar node holds, or nil when the node is not a scalar. `sourceText` (the
    /// file's text) gives block scalars their exact indentation and every diagnostic its source line.
    public init?(node: YAMLNode, sourceText: SourceText? = nil) {
        guard let scalar = node.scalar else { return nil }
        let start = Self.contentStart(of: node, sourceText: sourceText)
        self.init(scalar.text, at: start.location, continuationColumn: start.continuationColumn,
                  sourceLine: sourceText?.line(start.location.line))
    }

    /// Where the text of a scalar node starts, and the column its later lines start at: the
    /// location to give a template read from that node (a YAML node's own location is its quote or
    /// its `|`). `sourceText` gives a block scalar its exact indentation.
    public static func contentStart(of node: YAMLNode,
                             sourceText: SourceText?) -> (location: SourceLocation, continuationColumn: Int) {
        let location = node.location
        switch node.scalar?.style {
        case .singleQuoted?, .doubleQuoted?:
            let start = SourceLocation(file: location.file, line: location.line, column: location.column + 1)
            return (start, 1)
        case .literal?, .folded?:
            let line = location.line + 1
            let indentation = sourceText?.line(line).map { $0.prefix { $0 == " " }.count } ?? 0
            return (SourceLocation(file: location.file, line: line, column: indentation + 1), indentation + 1)
        default:
            return (location, location.column)
        }
    }
}
