/// Where a value came from: a file and a 1-based line and column (columns count characters, not
/// bytes). Converted once, where libyaml's 0-based marks enter Swift, and kept on every model value
/// so any later error can point at its line.
public struct SourceLocation: Hashable, Sendable, CustomStringConvertible {
    public let file: String
    public let line: Int
    public let column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `path:line:column`, the form compilers and editors understand.
    public var description: String { "\(file):\(line):\(column)" }
}
