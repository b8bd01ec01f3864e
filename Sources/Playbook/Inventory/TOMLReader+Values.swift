/// TOML values: strings, numbers, booleans, dates (as ISO text), arrays and inline tables.
extension TOMLReader {
    mutating func value(depth: Int) throws(Failure) -> Node {
        let start = location
        guard depth < InputLimits.maximumDepth else {
            throw failure("TOML is nested too deeply (more than \(InputLimits.maximumDepth) levels)")
        }
        switch current {
        case UInt8(ascii: "\""), UInt8(ascii: "'"):
            let multiline = peek(1) == current && peek(2) == current
            return Node(kind: .value(.string(try string(multiline: multiline))), location: start)
        case UInt8(ascii: "["):
            return Node(kind: .array(try array(depth: depth)), location: start)
        case UInt8(ascii: "{"):
            return Node(kind: .table(try inlineTable(depth: depth)), location: start)
        case nil, UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "#"):
            throw failure("expected a value, found \(describeCurrent())")
        default:
            return Node(kind: .value(try scalar()), location: start)
        }
    }

    /// `[ v, v, ]`: newlines and comments may sit between the items.
    private mutating func array(depth: Int) throws(Failure) -> TOMLDocument.ArrayNode {
        advance()
        var items: [Node] = []
        while true {
            try skipSpaceInArray()
            if current == UInt8(ascii: "]") { break }
            items.append(try value(depth: depth + 1))
            try skipSpaceInArray()
            if current == UInt8(ascii: ",") {
                advance()
                continue
            }
            guard current == UInt8(ascii: "]") else {
                throw failure("expected ',' or ']' in the array, found \(describeCurrent())")
            }
            break
        }
        advance()
        return TOMLDocument.ArrayNode(items: items, ofTables: false)
    }

    private mutating func skipSpaceInArray() throws(Failure) {
        while true {
            skipSpaces()
            try skipComment()
            guard try newline() else { return }
        }
    }

    /// `{ k = v, k.sub = v }` on one line, complete as written.
    private mutating func inlineTable(depth: Int) throws(Failure) -> Table {
        advance()
        let table = Table(origin: .inline, depth: depth)
        skipSpaces()
        if current == UInt8(ascii: "}") {
            advance()
            return table
        }
        while true {
            skipSpaces()
            if current == UInt8(ascii: "\n") || current == UInt8(ascii: "\r") {
                throw failure("expected a key, found the end of the line (an inline table stays on one line)")
            }
            try keyValue(into: table)
            skipSpaces()
            if current == UInt8(ascii: ",") {
                advance()
                continue
            }
            guard current == UInt8(ascii: "}") else {
                throw failure("expected ',' or '}' in the inline table, found \(describeCurrent())"
                              + " (an inline table stays on one line)")
            }
            advance()
            freeze(table)
            return table
        }
    }

    /// Makes the sub-tables dotted keys made inside an inline table complete too.
    private func freeze(_ table: Table) {
        table.origin = .inline
        for entry in table.entries {
            if case .table(let child) = entry.node.kind, child.origin == .dotted { freeze(child) }
        }
    }

    // MARK: - Strings

    /// A string at its opening quote: `"…"` or `"""…"""` with escapes, `'…'` or `'''…'''` exactly as
    /// written. A multi-line string drops a newline right after its opening quotes; in a basic one a
    /// backslash at the end of a line drops the line break and the spaces after it.
    mutating func string(multiline: Bool) throws(Failure) -> String {
        let start = location
        do {
            return try stringBody(multiline: multiline, start: start)
        } catch {
            var problem = error
            problem.insideMultilineString = multiline && error.location.line > start.line
            throw problem
        }
    }

    private mutating func stringBody(multiline: Bool, start: SourceLocation) throws(Failure) -> String {
        let quote = current ?? UInt8(ascii: "\"")
        try openQuotes(multiline)
        var out: [UInt8] = []
        while true {
            guard let byte = current else { throw failure("the string that starts here is not closed", at: start) }
            if byte == quote {
                if try closeQuotes(multiline, into: &out, quote: byte) { break }
            } else if byte == UInt8(ascii: "\\"), quote == UInt8(ascii: "\"") {
                try escape(multiline: multiline, into: &out)
            } else {
                try plainByte(byte, multiline: multiline, into: &out)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private mutating func openQuotes(_ multiline: Bool) throws(Failure) {
        for _ in 0..<(multiline ? 3 : 1) { advance() }
        if multiline { _ = try newline() }
    }

    /// At a quote: whether it closes the string. Before the closing three, a multi-line string may
    /// hold one or two quotes of its own (`"""a""""` is `a"`).
    private mutating func closeQuotes(_ multiline: Bool, into out: inout [UInt8], quote: UInt8) throws(Failure) -> Bool {
        guard multiline else {
            advance()
            return true
        }
        var count = 0
        while peek(count) == quote, count < 6 { count += 1 }
        guard count >= 3 else {
            for _ in 0..<count { out.append(quote); advance() }
            return false
        }
        guard count <= 5 else { throw failure("too many quotes to close the string") }
        for _ in 0..<(count - 3) { out.append(quote) }
        for _ in 0..<count { advance() }
        return true
    }

    private mutating func plainByte(_ byte: UInt8, multiline: Bool, into out: inout [UInt8]) throws(Failure) {
        if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
            guard multiline else { throw failure("the string is not closed before the end of the line") }
            guard try newline() else { throw failure("a carriage return must be followed by a newline") }
            out.append(UInt8(ascii: "\n"))
            return
        }
        if Self.isControl(byte) { throw failure("control character U+\(Self.hex(byte)) in a string; escape it") }
        out.append(byte)
        advance()
    }

    private mutating func escape(multiline: Bool, into out: inout [UInt8]) throws(Failure) {
        let start = location
        advance()
        guard let byte = current else { throw failure("the string is not closed before the end of the file") }
        let simple: [UInt8: UInt8] = [UInt8(ascii: "b"): 0x08, UInt8(ascii: "t"): 0x09, UInt8(ascii: "n"): 0x0A,
                                      UInt8(ascii: "f"): 0x0C, UInt8(ascii: "r"): 0x0D, UInt8(ascii: "\""): 0x22,
                                      UInt8(ascii: "\\"): 0x5C]
        if let replacement = simple[byte] {
            out.append(replacement)
            advance()
            return
        }
        if byte == UInt8(ascii: "u") || byte == UInt8(ascii: "U") {
            advance()
            out += try unicodeEscape(digits: byte == UInt8(ascii: "u") ? 4 : 8, at: start)
            return
        }
        if multiline, byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n")
            || byte == UInt8(ascii: "\r") {
            // A line-ending backslash: only spaces may follow it on its line.
            skipSpaces()
            guard try newline() else { throw failure("only spaces may follow a line-ending backslash", at: start) }
            while true {
                skipSpaces()
                guard try newline() else { return }
            }
        }
        throw failure("invalid escape sequence '\\\(String(decoding: [byte], as: UTF8.self))'", at: start)
    }

    private mutating func unicodeEscape(digits: Int, at start: SourceLocation) throws(Failure) -> [UInt8] {
        var code: UInt32 = 0
        for _ in 0..<digits {
            guard let byte = current, let digit = Self.hexDigit(byte) else {
                throw failure("\\u and \\U escapes need \(digits) hexadecimal digits", at: start)
            }
            code = code * 16 + UInt32(digit)
            advance()
        }
        guard let scalar = Unicode.Scalar(code) else {
            throw failure("escape U+\(String(code, radix: 16, uppercase: true)) is not a Unicode scalar value", at: start)
        }
        return Array(String(Character(scalar)).utf8)
    }

    static func hexDigit(_ byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return Int(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return Int(byte - UInt8(ascii: "a")) + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return Int(byte - UInt8(ascii: "A")) + 10
        default: return nil
        }
    }

    // MARK: - Bare values

    /// A boolean, number or date: the word up to the next delimiter, classified by its shape.
    private mutating func scalar() throws(Failure) -> Value {
        let start = location
        let from = index
        while let byte = current, Self.isWordByte(byte) { advance() }
        // A date and a time may be separated by one space: `1979-05-27 07:32:00`.
        if current == UInt8(ascii: " "), TOMLScalar.isDate(bytes[from..<index]),
           let next = peek(1), next >= UInt8(ascii: "0"), next <= UInt8(ascii: "9") {
            advance()
            while let byte = current, Self.isWordByte(byte) { advance() }
        }
        let word = String(decoding: bytes[from..<index], as: UTF8.self)
        guard !word.isEmpty else { throw failure("expected a value, found \(describeCurrent())") }
        guard let value = TOMLScalar.value(of: word) else {
            throw failure("invalid value: not a number, boolean or date (strings need quotes)", at: start)
        }
        return value
    }

    static func isWordByte(_ byte: UInt8) -> Bool {
        isBareKeyByte(byte) || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: ":")
    }
}
