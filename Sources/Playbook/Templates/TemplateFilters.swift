import Foundation

/// Why a filter could not produce a value. `isUndefined` marks "no value" results (the first item
/// of an empty list) that `default` may replace, as opposed to type errors.
struct FilterFailure: Error {
    let message: String
    let isUndefined: Bool

    init(_ message: String, undefined: Bool = false) {
        self.message = message
        self.isUndefined = undefined
    }
}

/// One filter: how many arguments it takes and what it does. `default` is not here: it is the one
/// filter that sees undefined values, so the evaluator handles it itself.
struct TemplateFilter: Sendable {
    let arity: ClosedRange<Int>
    let apply: @Sendable (Value, [Value]) throws(FilterFailure) -> Value
}

/// The filters templates can use, by name. Each is documented with an example in docs/templates.md.
enum TemplateFilters {
    static let named: [String: TemplateFilter] = [
        "quote": TemplateFilter(arity: 0...0) { input, _ in
            if case .list(let items) = input {
                return .string(items.map { ShellQuoting.quote($0.renderedText) }.joined(separator: " "))
            }
            return .string(ShellQuoting.quote(input.renderedText))
        },
        "join": TemplateFilter(arity: 0...1) { input, arguments throws(FilterFailure) in
            let items = try list(input)
            let separator = try arguments.isEmpty ? "" : string(arguments[0], "the separator")
            return .string(items.map(\.renderedText).joined(separator: separator))
        },
        "split": TemplateFilter(arity: 0...1) { input, arguments throws(FilterFailure) in
            let text = try string(input)
            if arguments.isEmpty {
                return .list(text.split(whereSeparator: \.isWhitespace).map { .string(String($0)) })
            }
            let separator = try string(arguments[0], "the separator")
            guard !separator.isEmpty else { throw FilterFailure("the separator is empty") }
            return .list(text.components(separatedBy: separator).map { .string($0) })
        },
        "lower": TemplateFilter(arity: 0...0) { input, _ throws(FilterFailure) in
            .string(try string(input).lowercased())
        },
        "upper": TemplateFilter(arity: 0...0) { input, _ throws(FilterFailure) in
            .string(try string(input).uppercased())
        },
        "trim": TemplateFilter(arity: 0...0) { input, _ throws(FilterFailure) in
            .string(try string(input).trimmingCharacters(in: .whitespacesAndNewlines))
        },
        "replace": TemplateFilter(arity: 2...2) { input, arguments throws(FilterFailure) in
            let old = try string(arguments[0], "the text to replace")
            guard !old.isEmpty else { throw FilterFailure("the text to replace is empty") }
            let new = try string(arguments[1], "the replacement")
            return .string(try string(input).replacingOccurrences(of: old, with: new))
        },
        "regex_replace": TemplateFilter(arity: 2...2) { input, arguments throws(FilterFailure) in
            let text = try string(input)
            let pattern = try string(arguments[0], "the pattern")
            let replacement = try string(arguments[1], "the replacement")
            guard let regex = try? NSRegularExpression(pattern: pattern) else {
                throw FilterFailure("invalid regular expression '\(pattern)'")
            }
            return .string(regex.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text),
                                                          withTemplate: regexTemplate(replacement)))
        },
        "int": TemplateFilter(arity: 0...0) { input, _ throws(FilterFailure) in .int(try integer(input)) },
        "float": TemplateFilter(arity: 0...0) { input, _ throws(FilterFailure) in .double(try double(input)) },
        "bool": TemplateFilter(arity: 0...0) { input, _ throws(FilterFailure) in .bool(try boolean(input)) },
        "string": TemplateFilter(arity: 0...0) { input, _ in .string(input.renderedText) },
        "length": TemplateFilter(arity: 0...0) { input, _ throws(FilterFailure) in
            switch input {
            case .string(let text): return .int(text.count)
            case .list(let items): return .int(items.count)
            case .map(let map): return .int(map.count)
            default: throw FilterFailure("expected a string, list or map, got \(input.describedForError)")
            }
        },
        "first": TemplateFilter(arity: 0...0) { input, _ throws(FilterFailure) in try end(of: input, first: true) },
        "last": TemplateFilter(arity: 0...0) { input, _ throws(FilterFailure) in try end(of: input, first: false) },
        "to_json": TemplateFilter(arity: 0...0) { input, _ in .string(JSONWriter.encode(input)) },
        "from_json": TemplateFilter(arity: 0...0) { input, _ throws(FilterFailure) in
            do {
                return try JSONReader.parse(try string(input))
            } catch let failure as JSONReader.SyntaxError {
                throw FilterFailure("invalid JSON at character \(failure.offset + 1): \(failure.message)")
            } catch let failure as FilterFailure {
                throw failure
            } catch {
                throw FilterFailure("invalid JSON")
            }
        },
        "basename": TemplateFilter(arity: 0...0) { input, _ throws(FilterFailure) in
            let path = try string(input)
            return .string(path.lastIndex(of: "/").map { String(path[path.index(after: $0)...]) } ?? path)
        },
        "dirname": TemplateFilter(arity: 0...0) { input, _ throws(FilterFailure) in
            .string(PathText.dirname(try string(input)))
        },
        "b64encode": TemplateFilter(arity: 0...0) { input, _ throws(FilterFailure) in
            .string(Data(try string(input).utf8).base64EncodedString())
        },
        "b64decode": TemplateFilter(arity: 0...0) { input, _ throws(FilterFailure) in
            let text = try string(input).trimmingCharacters(in: .whitespacesAndNewlines)
            guard let data = Data(base64Encoded: text) else { throw FilterFailure("the input is not valid base64") }
            guard let decoded = String(data: data, encoding: .utf8) else {
                throw FilterFailure("the decoded bytes are not UTF-8 text")
            }
            return .string(decoded)
        },
        "sha256": TemplateFilter(arity: 0...0) { input, _ throws(FilterFailure) in
            .string(SHA256.hexDigest(of: Array(try string(input).utf8)))
        },
    ]

    // MARK: - Argument helpers

    private static func string(_ value: Value, _ what: String = "the input") throws(FilterFailure) -> String {
        switch value {
        case .string(let text): return text
        case .int, .double, .bool: return value.renderedText
        default: throw FilterFailure("expected a string for \(what), got \(value.describedForError)")
        }
    }

    private static func list(_ value: Value) throws(FilterFailure) -> [Value] {
        guard case .list(let items) = value else {
            throw FilterFailure("expected a list, got \(value.describedForError)")
        }
        return items
    }

    private static func end(of value: Value, first: Bool) throws(FilterFailure) -> Value {
        switch value {
        case .list(let items):
            guard let item = first ? items.first : items.last else {
                throw FilterFailure("the list is empty", undefined: true)
            }
            return item
        case .string(let text):
            guard let character = first ? text.first : text.last else {
                throw FilterFailure("the string is empty", undefined: true)
            }
            return .string(String(character))
        default:
            throw FilterFailure("expected a list or string, got \(value.describedForError)")
        }
    }

    static func integer(_ value: Value) throws(FilterFailure) -> Int {
        switch value {
        case .int(let number): return number
        case .double(let number):
            guard number.isFinite, let truncated = Int(exactly: number.rounded(.towardZero)) else {
                throw FilterFailure("cannot convert \(value.describedForError) to int")
            }
            return truncated
        case .bool(let flag): return flag ? 1 : 0
        case .string(let text):
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            if let number = Int(trimmed) { return number }
            throw FilterFailure("cannot convert \(value.describedForError) to int")
        default: throw FilterFailure("cannot convert \(value.describedForError) to int")
        }
    }

    static func double(_ value: Value) throws(FilterFailure) -> Double {
        switch value {
        case .int(let number): return Double(number)
        case .double(let number): return number
        case .bool(let flag): return flag ? 1 : 0
        case .string(let text):
            if let number = Double(text.trimmingCharacters(in: .whitespaces)) { return number }
            throw FilterFailure("cannot convert \(value.describedForError) to float")
        default: throw FilterFailure("cannot convert \(value.describedForError) to float")
        }
    }

    static func boolean(_ value: Value) throws(FilterFailure) -> Bool {
        switch value {
        case .bool(let flag): return flag
        case .int(let number) where number == 0 || number == 1: return number == 1
        case .string(let text):
            switch text.trimmingCharacters(in: .whitespaces).lowercased() {
            case "true", "yes", "on", "y", "1": return true
            case "false", "no", "off", "n", "0", "": return false
            default: break
            }
        default: break
        }
        throw FilterFailure("cannot convert \(value.describedForError) to bool "
            + "(expected true/false, yes/no, on/off or 1/0)")
    }

    /// Turns Python-style back-references (`\1`, `\g<1>`) into NSRegularExpression's (`$1`), and
    /// escapes a literal `$`, so regex_replace reads as it does in Ansible.
    static func regexTemplate(_ replacement: String) -> String {
        var output = ""
        var characters = Array(replacement)[...]
        while let character = characters.popFirst() {
            switch character {
            case "$": output += "\\$"
            case "\\":
                if let next = characters.first, next.isASCII, next.isNumber {
                    output += "$" + String(characters.prefix { $0.isASCII && $0.isNumber })
                    characters = characters.drop { $0.isASCII && $0.isNumber }
                } else if characters.starts(with: "g<"), let close = characters.firstIndex(of: ">"),
                          let group = Int(String(characters[characters.startIndex..<close].dropFirst(2))) {
                    output += "$\(group)"
                    characters = characters[characters.index(after: close)...]
                } else if let next = characters.popFirst() {
                    output += next == "\\" ? "\\\\" : String(next)
                }
            default: output.append(character)
            }
        }
        return output
    }
}

/// Path text helpers with Python's `os.path` meaning, which Ansible's filters have.
enum PathText {
    /// `/a/b` → `/a`, `a` → ``, `/a` → `/`, `a/b/` → `a/b`.
    static func dirname(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        let head = path[...slash]
        let trimmed = head.reversed().drop { $0 == "/" }
        return trimmed.isEmpty ? String(head) : String(trimmed.reversed())
    }
}
