internal import CYAML

/// One libyaml parser event, in Swift terms. Marks are already 1-based (line, column) pairs;
/// columns count characters, as libyaml counts them.
enum YAMLEvent {
    case streamStart
    case streamEnd
    case documentStart
    case documentEnd
    case alias(anchor: String, mark: YAMLMark)
    case scalar(YAMLScalar, anchor: String?, mark: YAMLMark)
    case sequenceStart(anchor: String?, tag: String?, mark: YAMLMark)
    case sequenceEnd
    case mappingStart(anchor: String?, tag: String?, mark: YAMLMark)
    case mappingEnd
}

/// A 1-based line and column in the parsed text.
struct YAMLMark: Equatable {
    /// 1-based line.
    let line: Int
    /// 1-based column, in characters.
    let column: Int
}

/// A syntax error libyaml reported: what went wrong, where, and what it was reading at the time.
struct YAMLSyntaxError: Error {
    /// Where libyaml found the problem.
    let mark: YAMLMark
    /// libyaml's problem, and what it was reading and where that started.
    let message: String
}

/// The one owner of a libyaml parser. It copies the input into a buffer it keeps for as long as
/// the parser lives (libyaml reads the input lazily, so the bytes must outlive every `next()`
/// call) and frees the parser and the buffer together in `deinit`.
final class YAMLEventParser {
    private let parser: UnsafeMutablePointer<yaml_parser_t>
    private let input: UnsafeMutableBufferPointer<UInt8>
    private var finished = false

    /// Prepares a parser over a copy of `text`'s UTF-8 bytes.
    init(text: String) {
        parser = .allocate(capacity: 1)
        let bytes = Array(text.utf8)
        // One extra byte so an empty input still has a valid base address.
        input = .allocate(capacity: bytes.count + 1)
        _ = input.initialize(from: bytes)
        input[bytes.count] = 0
        // yaml_parser_initialize only fails when malloc fails; libyaml then leaves the struct
        // zeroed, which yaml_parser_delete accepts, and the first parse reports the memory error.
        _ = yaml_parser_initialize(parser)
        yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
        yaml_parser_set_input_string(parser, input.baseAddress, bytes.count)
    }

    deinit {
        yaml_parser_delete(parser)
        parser.deallocate()
        input.deallocate()
    }

    /// The next event, or nil after the stream's end. A syntax error ends the stream.
    func next() throws(YAMLSyntaxError) -> YAMLEvent? {
        if finished { return nil }
        var event = yaml_event_t()
        guard yaml_parser_parse(parser, &event) == 1 else {
            finished = true
            throw syntaxError()
        }
        defer { yaml_event_delete(&event) }
        let mark = YAMLMark(line: Int(event.start_mark.line) + 1, column: Int(event.start_mark.column) + 1)
        switch event.type {
        case YAML_STREAM_START_EVENT:
            return .streamStart
        case YAML_STREAM_END_EVENT:
            finished = true
            return .streamEnd
        case YAML_DOCUMENT_START_EVENT:
            return .documentStart
        case YAML_DOCUMENT_END_EVENT:
            return .documentEnd
        case YAML_ALIAS_EVENT:
            return .alias(anchor: string(event.data.alias.anchor) ?? "", mark: mark)
        case YAML_SCALAR_EVENT:
            let data = event.data.scalar
            let text = data.value.map { String(decoding: UnsafeBufferPointer(start: $0, count: data.length),
                                               as: UTF8.self) } ?? ""
            let scalar = YAMLScalar(text: text, style: style(data.style), tag: tag(string(data.tag)))
            return .scalar(scalar, anchor: string(data.anchor), mark: mark)
        case YAML_SEQUENCE_START_EVENT:
            let data = event.data.sequence_start
            return .sequenceStart(anchor: string(data.anchor), tag: tag(string(data.tag)), mark: mark)
        case YAML_SEQUENCE_END_EVENT:
            return .sequenceEnd
        case YAML_MAPPING_START_EVENT:
            let data = event.data.mapping_start
            return .mappingStart(anchor: string(data.anchor), tag: tag(string(data.tag)), mark: mark)
        case YAML_MAPPING_END_EVENT:
            return .mappingEnd
        default:
            // YAML_NO_EVENT: libyaml only returns it after an error, which was handled above.
            finished = true
            return nil
        }
    }

    // MARK: - Conversions

    private func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: UnsafeRawPointer(pointer).assumingMemoryBound(to: CChar.self))
    }

    /// The non-specific tag `!` says "a string, whatever it looks like", like `!!str`.
    private func tag(_ text: String?) -> String? {
        text == "!" ? YAMLTag.string : text
    }

    private func style(_ style: yaml_scalar_style_t) -> YAMLScalar.Style {
        switch style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: return .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: return .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: return .literal
        case YAML_FOLDED_SCALAR_STYLE: return .folded
        default: return .plain
        }
    }

    /// libyaml's error as a message at its problem mark, naming what was being read and where
    /// that started (an unclosed quote is reported at the end of the text, so the start matters).
    private func syntaxError() -> YAMLSyntaxError {
        let p = parser.pointee
        let problem = p.problem.map { String(cString: $0) } ?? "invalid YAML"
        var message = problem
        if p.error == YAML_READER_ERROR {
            message = "\(problem) (byte offset \(p.problem_offset))"
            return YAMLSyntaxError(mark: YAMLMark(line: Int(p.mark.line) + 1, column: Int(p.mark.column) + 1),
                                   message: message)
        }
        if p.error == YAML_MEMORY_ERROR {
            return YAMLSyntaxError(mark: YAMLMark(line: 1, column: 1), message: "out of memory while parsing YAML")
        }
        if let context = p.context.map({ String(cString: $0) }) {
            let start = p.context_mark
            message += " \(context) (started at line \(start.line + 1), column \(start.column + 1))"
        }
        let mark = YAMLMark(line: Int(p.problem_mark.line) + 1, column: Int(p.problem_mark.column) + 1)
        return YAMLSyntaxError(mark: mark, message: message)
    }
}
