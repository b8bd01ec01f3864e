/// Splits an INI host line into words the way Python's `shlex.split(line, comments=True)` does,
/// which is how Ansible reads it: blanks separate words, single quotes keep everything, double
/// quotes keep everything but `\"` and `\\`, a backslash outside quotes escapes the next character,
/// and `#` outside quotes ends the line (even inside a word).
enum ShellWords {
    /// One word and the 1-based column where it starts.
    struct Word: Equatable {
        let text: String
        let column: Int
    }

    /// An unterminated quote or escape, at the column where it began.
    struct Failure: Error {
        let message: String
        let column: Int
    }

    /// The words of one line, or the unterminated quote or escape.
    static func split(_ line: String) throws(Failure) -> [Word] {
        // Fast path: no quote, backslash, comment or non-ASCII byte, so columns are byte offsets.
        if !line.utf8.contains(where: { $0 == 0x27 || $0 == 0x22 || $0 == 0x5C || $0 == 0x23 || $0 >= 0x80 }) {
            var words: [Word] = []
            var start: Int?
            let bytes = Array(line.utf8)
            for (offset, byte) in bytes.enumerated() {
                let blank = byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A
                if blank, let begin = start {
                    words.append(Word(text: String(decoding: bytes[begin..<offset], as: UTF8.self), column: begin + 1))
                    start = nil
                } else if !blank, start == nil {
                    start = offset
                }
            }
            if let begin = start {
                words.append(Word(text: String(decoding: bytes[begin...], as: UTF8.self), column: begin + 1))
            }
            return words
        }
        var words: [Word] = []
        var current = ""
        var inWord = false
        var start = 0
        var quote: Character?
        var quoteColumn = 0
        var escaping = false
        var column = 0
        for char in line {
            column += 1
            if escaping {
                if quote == "\"", char != "\"", char != "\\" { current.append("\\") }
                current.append(char)
                escaping = false
                continue
            }
            if let open = quote {
                if char == open {
                    quote = nil
                } else if char == "\\", open == "\"" {
                    escaping = true
                } else {
                    current.append(char)
                }
                continue
            }
            switch char {
            case " ", "\t", "\r", "\n":
                if inWord {
                    words.append(Word(text: current, column: start))
                    current = ""
                    inWord = false
                }
            case "#":
                if inWord { words.append(Word(text: current, column: start)) }
                return words
            default:
                if !inWord {
                    inWord = true
                    start = column
                }
                if char == "'" || char == "\"" {
                    quote = char
                    quoteColumn = column
                } else if char == "\\" {
                    escaping = true
                } else {
                    current.append(char)
                }
            }
        }
        if quote != nil { throw Failure(message: "no closing quotation", column: quoteColumn) }
        if escaping { throw Failure(message: "no escaped character", column: column) }
        if inWord { words.append(Word(text: current, column: start)) }
        return words
    }
}
