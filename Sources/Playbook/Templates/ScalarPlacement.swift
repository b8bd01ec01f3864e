/// Where each character of a YAML scalar's value is written in its file, so an error about any
/// character of a template (an undefined name in `run: "echo \"{{ nope }}\""`) points at that exact
/// line and column, whatever the scalar's style.
///
/// The value is matched against the source text character by character, undoing what YAML did:
///
/// - plain and quoted scalars start at the node (after the opening quote); block scalars (`|`, `>`)
///   on the line after the indicator, each line after its indentation (that of the first non-blank
///   line: an explicit indentation indicator such as `|4` is not read);
/// - `''` in a single-quoted scalar and an escape (`\"`, `\t`, `\x41`, `\u00e9`) in a double-quoted
///   one are one character of the value, placed at its first source character (the quote or the
///   backslash); the characters after it keep their exact columns;
/// - a line break folded into a space (plain, quoted and `>` scalars) is placed at the end of the
///   line it joined; a line continued with `\` in a double-quoted scalar produces nothing.
///
/// Where the source cannot be matched (it was not the text the node came from), the remaining
/// characters are placed where matching stopped, so a message is never lost, only less exact.
public struct ScalarPlacement: Hashable, Sendable {
    /// A 1-based line and column (in characters).
    public struct Position: Hashable, Sendable {
        /// The 1-based line.
        public let line: Int
        /// The 1-based column, in characters.
        public let column: Int
    }

    /// The position of each character of the value, plus one for the position just after the last.
    public let positions: [Position]

    /// The placement of the characters of `node`'s value in `sourceText`; nil for a non-scalar node.
    public init?(node: YAMLNode, sourceText: SourceText) {
        guard let scalar = node.scalar else { return nil }
        var scanner = ScalarScanner(node: node, style: scalar.style, sourceText: sourceText)
        var positions: [Position] = []
        positions.reserveCapacity(scalar.text.count + 1)
        for character in scalar.text { positions.append(scanner.place(character)) }
        positions.append(scanner.position)
        self.positions = positions
    }

    /// The position of the character at `offset` (clamped to the value's end).
    public func position(ofOffset offset: Int) -> Position {
        positions[max(0, min(offset, positions.count - 1))]
    }
}

/// Walks the source text of one scalar, matching it against the value's characters.
private struct ScalarScanner {
    let style: YAMLScalar.Style
    let sourceText: SourceText
    /// The current line's characters; the line's end reads as "\n".
    private var current: [Character] = []
    private(set) var lineNumber: Int
    private var column: Int
    /// The indentation block scalar lines are stripped of.
    private var indentation = 0

    init(node: YAMLNode, style: YAMLScalar.Style, sourceText: SourceText) {
        self.style = style
        self.sourceText = sourceText
        lineNumber = node.location.line
        column = node.location.column
        switch style {
        case .plain:
            break
        case .singleQuoted, .doubleQuoted:
            column += 1
        case .literal, .folded:
            var number = lineNumber + 1
            while let text = sourceText.line(number), text.allSatisfy({ $0 == " " || $0 == "\t" }) { number += 1 }
            indentation = sourceText.line(number).map { $0.prefix { $0 == " " }.count } ?? 0
            lineNumber += 1
            column = 1
            load()
            skipIndentation()
            return
        }
        load()
    }

    var position: ScalarPlacement.Position { ScalarPlacement.Position(line: lineNumber, column: column) }

    private mutating func load() {
        current = sourceText.line(lineNumber).map(Array.init) ?? []
    }

    /// The character `ahead` places after the cursor; "\n" at a line's end, nil past the file's end.
    private func peek(_ ahead: Int = 0) -> Character? {
        let index = column - 1 + ahead
        if index < current.count { return current[index] }
        if index == current.count { return sourceText.line(lineNumber) == nil ? nil : "\n" }
        return nil
    }

    private mutating func advance(_ count: Int = 1) {
        for _ in 0..<count {
            guard let character = peek() else { return }
            if character == "\n" {
                lineNumber += 1
                column = 1
                load()
                skipIndentation()
            } else {
                column += 1
            }
        }
    }

    private mutating func skipIndentation() {
        guard style == .literal || style == .folded else { return }
        var skipped = 0
        while skipped < indentation, peek() == " " {
            column += 1
            skipped += 1
        }
    }

    private mutating func skipBlank() {
        while let character = peek(), character == " " || character == "\t" || character == "\n" { advance() }
    }

    /// The position of the value's next character, `character`, with the cursor moved past its source.
    mutating func place(_ character: Character) -> ScalarPlacement.Position {
        while let source = peek() {
            let here = position
            if style == .doubleQuoted, source == "\\" {
                guard let escaped = peek(1) else { return here }
                if escaped == "\n" {
                    advance(2)
                    skipBlank()
                    continue
                }
                advance(escaped == "x" ? 4 : escaped == "u" ? 6 : escaped == "U" ? 10 : 2)
                return here
            }
            if style == .singleQuoted, source == "'", peek(1) == "'" {
                advance(2)
                return here
            }
            if source == character {
                advance()
                return here
            }
            if character == " " || character == "\n" {
                // A folded line break: the value has one character where the source has a break and
                // the next line's indentation.
                if source == " " || source == "\t" || source == "\n" { skipBlank() }
                return here
            }
            guard source == " " || source == "\t" || source == "\n" else { return here }
            advance()  // trailing spaces of a folded line, or the next line's indentation
        }
        return position
    }
}
