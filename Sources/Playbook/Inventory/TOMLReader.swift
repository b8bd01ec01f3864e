/// Reads TOML's structure: headers, keys and the rules that say which table a key may add to.
/// Every byte is looked at a bounded number of times, so reading is linear in the input.
struct TOMLReader {
    typealias Table = TOMLDocument.Table
    typealias Node = TOMLDocument.Node
    typealias Failure = TOMLDocument.Failure

    let bytes: [UInt8]
    let file: String
    var index = 0
    /// Line and column (in characters) of `index`, kept as the reader moves.
    var line = 1
    var column = 1

    init(bytes: [UInt8], file: String) {
        self.bytes = bytes
        self.file = file
    }

    // MARK: - Moving

    var location: SourceLocation { SourceLocation(file: file, line: line, column: column) }
    var atEnd: Bool { index >= bytes.count }
    var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    func peek(_ offset: Int) -> UInt8? { index + offset < bytes.count ? bytes[index + offset] : nil }

    func failure(_ message: String, at location: SourceLocation? = nil) -> Failure {
        Failure(message: message, location: location ?? self.location)
    }

    mutating func advance() {
        guard index < bytes.count else { return }
        if bytes[index] == UInt8(ascii: "\n") {
            line += 1
            column = 1
        } else if bytes[index] & 0xC0 != 0x80 {
            column += 1
        }
        index += 1
    }

    mutating func skipSpaces() {
        while let byte = current, byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") { advance() }
    }

    /// Consumes a newline (`\n` or `\r\n`); false when there is none here.
    mutating func newline() throws(Failure) -> Bool {
        if current == UInt8(ascii: "\n") {
            advance()
            return true
        }
        if current == UInt8(ascii: "\r") {
            guard peek(1) == UInt8(ascii: "\n") else { throw failure("a carriage return must be followed by a newline") }
            advance()
            advance()
            return true
        }
        return false
    }

    /// Skips a `# comment` up to (not past) the end of its line.
    mutating func skipComment() throws(Failure) {
        guard current == UInt8(ascii: "#") else { return }
        while let byte = current, byte != UInt8(ascii: "\n") {
            if byte == UInt8(ascii: "\r"), peek(1) == UInt8(ascii: "\n") { return }
            if Self.isControl(byte) { throw failure("control character U+\(Self.hex(byte)) in a comment") }
            advance()
        }
    }

    /// After a header or a key/value pair: only spaces and a comment may follow on the line.
    mutating func endOfLine() throws(Failure) {
        skipSpaces()
        try skipComment()
        if atEnd { return }
        guard try newline() else { throw failure("expected the end of the line, found \(describeCurrent())") }
    }

    static func isControl(_ byte: UInt8) -> Bool {
        (byte < 0x20 && byte != UInt8(ascii: "\t")) || byte == 0x7F
    }

    static func hex(_ byte: UInt8) -> String {
        let digits = String(byte, radix: 16, uppercase: true)
        return String(repeating: "0", count: 4 - digits.count) + digits
    }

    func describeCurrent() -> String {
        guard let byte = current else { return "the end of the file" }
        if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") { return "the end of the line" }
        if Self.isControl(byte) { return "control character U+\(Self.hex(byte))" }
        var end = index + 1
        while end < bytes.count, bytes[end] & 0xC0 == 0x80 { end += 1 }
        return "'\(String(decoding: bytes[index..<end], as: UTF8.self))'"
    }

    // MARK: - Document

    mutating func document() throws(Failure) -> Table {
        let root = Table(origin: .header, depth: 0)
        var table = root
        while true {
            skipSpaces()
            try skipComment()
            if atEnd { return root }
            if try newline() { continue }
            if current == UInt8(ascii: "[") {
                table = try header(root: root)
            } else {
                try keyValue(into: table)
            }
            try endOfLine()
        }
    }

    /// `[a.b]` or `[[a.b]]`: the table later pairs go into.
    mutating func header(root: Table) throws(Failure) -> Table {
        let start = location
        advance()
        let isArray = current == UInt8(ascii: "[")
        if isArray { advance() }
        skipSpaces()
        let path = try dottedKey()
        for _ in 0..<(isArray ? 2 : 1) {
            guard current == UInt8(ascii: "]") else {
                throw failure("expected '\(isArray ? "]]" : "]")' to close the table header, found \(describeCurrent())")
            }
            advance()
        }
        return try openTable(path, arrayOfTables: isArray, root: root, at: start)
    }

    private func openTable(_ path: [(String, SourceLocation)], arrayOfTables: Bool, root: Table,
                           at start: SourceLocation) throws(Failure) -> Table {
        var table = root
        let name = path.map(\.0).joined(separator: ".")
        for (position, (key, keyLocation)) in path.enumerated() {
            let isLast = position == path.count - 1
            guard let entry = table[key] else {
                let child = try newTable(in: table, origin: isLast ? .header : .implicit, at: keyLocation)
                if isLast && arrayOfTables {
                    let array = TOMLDocument.ArrayNode(items: [Node(kind: .table(child), location: start)], ofTables: true)
                    table.add(.init(key: key, keyLocation: keyLocation, node: Node(kind: .array(array), location: start)))
                } else {
                    table.add(.init(key: key, keyLocation: keyLocation, node: Node(kind: .table(child), location: start)))
                }
                table = child
                continue
            }
            switch entry.node.kind {
            case .table(let existing):
                if existing.origin == .inline {
                    throw failure("'\(key)' is an inline table, which cannot be extended", at: keyLocation)
                }
                if isLast {
                    if arrayOfTables {
                        throw failure("[[\(name)]] names a table, not an array of tables", at: start)
                    }
                    switch existing.origin {
                    case .header: throw failure("table [\(name)] is defined twice (first at line "
                                                + "\(entry.node.location.line))", at: start)
                    case .dotted: throw failure("table [\(name)] was already defined with dotted keys (line "
                                                + "\(entry.keyLocation.line))", at: start)
                    default: existing.origin = .header
                    }
                }
                table = existing
            case .array(let array) where array.ofTables:
                if isLast {
                    guard arrayOfTables else {
                        throw failure("[\(name)] is an array of tables; write [[\(name)]] to add to it", at: start)
                    }
                    let child = try newTable(in: table, origin: .header, at: keyLocation)
                    array.items.append(Node(kind: .table(child), location: start))
                    table = child
                } else if case .table(let last) = array.items.last?.kind {
                    table = last
                }
            default:
                throw failure("'\(key)' is already \(entry.node.kindDescription) (line \(entry.keyLocation.line)), "
                              + "not a table", at: keyLocation)
            }
        }
        return table
    }

    func newTable(in parent: Table, origin: TOMLDocument.Origin, at location: SourceLocation) throws(Failure) -> Table {
        guard parent.depth + 1 < InputLimits.maximumDepth else {
            throw failure("TOML is nested too deeply (more than \(InputLimits.maximumDepth) levels)", at: location)
        }
        return Table(origin: origin, depth: parent.depth + 1)
    }

    // MARK: - Keys

    /// `a.b."c d"`, with the location of each part.
    mutating func dottedKey() throws(Failure) -> [(String, SourceLocation)] {
        var parts: [(String, SourceLocation)] = []
        while true {
            let start = location
            parts.append((try simpleKey(), start))
            guard parts.count < InputLimits.maximumDepth else {
                throw failure("the key has more than \(InputLimits.maximumDepth) parts", at: start)
            }
            skipSpaces()
            guard current == UInt8(ascii: ".") else { return parts }
            advance()
            skipSpaces()
        }
    }

    mutating func simpleKey() throws(Failure) -> String {
        switch current {
        case UInt8(ascii: "\""):
            if peek(1) == UInt8(ascii: "\""), peek(2) == UInt8(ascii: "\"") {
                throw failure("a key cannot be a multi-line string")
            }
            return try string(multiline: false)
        case UInt8(ascii: "'"):
            if peek(1) == UInt8(ascii: "'"), peek(2) == UInt8(ascii: "'") {
                throw failure("a key cannot be a multi-line string")
            }
            return try string(multiline: false)
        default:
            let start = index
            while let byte = current, Self.isBareKeyByte(byte) { advance() }
            guard index > start else { throw failure("expected a key, found \(describeCurrent())") }
            return String(decoding: bytes[start..<index], as: UTF8.self)
        }
    }

    static func isBareKeyByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "_")
            || byte == UInt8(ascii: "-")
    }

    /// `key = value` into `table` (a dotted key makes or extends sub-tables of it).
    mutating func keyValue(into table: Table) throws(Failure) {
        let path = try dottedKey()
        guard current == UInt8(ascii: "=") else {
            throw failure("expected '=' after the key, found \(describeCurrent())")
        }
        advance()
        skipSpaces()
        var target = table
        for (key, keyLocation) in path.dropLast() {
            guard let entry = target[key] else {
                let child = try newTable(in: target, origin: .dotted, at: keyLocation)
                target.add(.init(key: key, keyLocation: keyLocation, node: Node(kind: .table(child), location: keyLocation)))
                target = child
                continue
            }
            guard case .table(let existing) = entry.node.kind, existing.origin == .dotted || existing.origin == .implicit
            else {
                throw failure("'\(key)' is already defined (line \(entry.keyLocation.line)); a dotted key cannot add "
                              + "to it", at: keyLocation)
            }
            target = existing
        }
        let (key, keyLocation) = path[path.count - 1]
        if let previous = target[key] {
            throw failure("duplicate key '\(key)' (first at line \(previous.keyLocation.line))", at: keyLocation)
        }
        let node = try value(depth: target.depth + 1)
        target.add(.init(key: key, keyLocation: keyLocation, node: node))
    }
}
