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
/// filter that sees undefined values, so the evaluator handles it itself. The regular expression
/// filters spend the budget the whole evaluation shares (`ExpressionEvaluator.regexBudget`).
struct TemplateFilter: Sendable {
    let arity: ClosedRange<Int>
    let apply: @Sendable (Value, [Value], inout RegexBudget) throws(FilterFailure) -> Value
}

/// The filters templates can use, by name. Each is documented with an example in docs/templates.md.
enum TemplateFilters {
    static let named: [String: TemplateFilter] = [
        "quote": TemplateFilter(arity: 0...0) { input, _, _ in
            if case .list(let items) = input {
                return .string(items.map { ShellQuoting.quote($0.renderedText) }.joined(separator: " "))
            }
            return .string(ShellQuoting.quote(input.renderedText))
        },
        "join": TemplateFilter(arity: 0...1) { input, arguments, _ throws(FilterFailure) in
            let items = try list(input)
            let separator = try arguments.isEmpty ? "" : string(arguments[0], "the separator")
            let texts = items.map(\.renderedText)
            let size = texts.reduce(0) { $0 + $1.utf8.count } + separator.utf8.count * max(texts.count - 1, 0)
            if size > InputLimits.maximumValueSize { throw FilterFailure(InputLimits.tooLarge("the result")) }
            return .string(texts.joined(separator: separator))
        },
        "split": TemplateFilter(arity: 0...1) { input, arguments, _ throws(FilterFailure) in
            let text = try string(input)
            if arguments.isEmpty {
                return .list(text.split(whereSeparator: \.isWhitespace).map { .string(String($0)) })
            }
            let separator = try string(arguments[0], "the separator")
            guard !separator.isEmpty else { throw FilterFailure("the separator is empty") }
            return .list(text.components(separatedBy: separator).map { .string($0) })
        },
        "lower": TemplateFilter(arity: 0...0) { input, _, _ throws(FilterFailure) in
            .string(try string(input).lowercased())
        },
        "upper": TemplateFilter(arity: 0...0) { input, _, _ throws(FilterFailure) in
            .string(try string(input).uppercased())
        },
        "trim": TemplateFilter(arity: 0...0) { input, _, _ throws(FilterFailure) in
            .string(try string(input).trimmingCharacters(in: .whitespacesAndNewlines))
        },
        "replace": TemplateFilter(arity: 2...2) { input, arguments, _ throws(FilterFailure) in
            let old = try string(arguments[0], "the text to replace")
            guard !old.isEmpty else { throw FilterFailure("the text to replace is empty") }
            let new = try string(arguments[1], "the replacement")
            let text = try string(input)
            // Each occurrence may grow by the replacement: count them before building the result.
            let occurrences = text.components(separatedBy: old).count - 1
            if text.utf8.count + occurrences * max(new.utf8.count - old.utf8.count, 0) > InputLimits.maximumValueSize {
                throw FilterFailure(InputLimits.tooLarge("the result"))
            }
            return .string(text.replacingOccurrences(of: old, with: new))
        },
        "regex_replace": TemplateFilter(arity: 2...2) { input, arguments, budget throws(FilterFailure) in
            let text = try string(input)
            let pattern = try string(arguments[0], "the pattern")
            let regex = try compile(pattern)
            let replacement = try replacement(try string(arguments[1], "the replacement"), for: regex)
            return .string(try withinLimits(of: regex, on: text, &budget) { budget throws(RegexLimitReached) in
                try regex.replacingMatches(in: text, with: replacement, budget: &budget)
            })
        },
        "regex_search": TemplateFilter(arity: 1...1) { input, arguments, budget throws(FilterFailure) in
            let text = try string(input)
            let pattern = try string(arguments[0], "the pattern")
            let regex = try compile(pattern)
            let groups = try withinLimits(of: regex, on: text, &budget) { budget throws(RegexLimitReached) in
                try regex.firstMatch(in: text, budget: &budget)
            }
            return groups?[0].map { .string($0) } ?? .null
        },
        "int": TemplateFilter(arity: 0...0) { input, _, _ throws(FilterFailure) in .int(try integer(input)) },
        "float": TemplateFilter(arity: 0...0) { input, _, _ throws(FilterFailure) in .double(try double(input)) },
        "bool": TemplateFilter(arity: 0...0) { input, _, _ throws(FilterFailure) in .bool(try boolean(input)) },
        "string": TemplateFilter(arity: 0...0) { input, _, _ in .string(input.renderedText) },
        "length": TemplateFilter(arity: 0...0) { input, _, _ throws(FilterFailure) in
            switch input {
            case .string(let text): return .int(text.count)
            case .list(let items): return .int(items.count)
            case .map(let map): return .int(map.count)
            default: throw FilterFailure("expected a string, list or map, got \(input.describedForError)")
            }
        },
        "first": TemplateFilter(arity: 0...0) { input, _, _ throws(FilterFailure) in try end(of: input, first: true) },
        "last": TemplateFilter(arity: 0...0) { input, _, _ throws(FilterFailure) in try end(of: input, first: false) },
        "to_json": TemplateFilter(arity: 0...0) { input, _, _ in .string(JSONWriter.encode(input)) },
        "from_json": TemplateFilter(arity: 0...0) { input, _, _ throws(FilterFailure) in
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
        "basename": TemplateFilter(arity: 0...0) { input, _, _ throws(FilterFailure) in
            let path = try string(input)
            return .string(path.lastIndex(of: "/").map { String(path[path.index(after: $0)...]) } ?? path)
        },
        "dirname": TemplateFilter(arity: 0...0) { input, _, _ throws(FilterFailure) in
            .string(PathText.dirname(try string(input)))
        },
        "b64encode": TemplateFilter(arity: 0...0) { input, _, _ throws(FilterFailure) in
            .string(Data(try string(input).utf8).base64EncodedString())
        },
        "b64decode": TemplateFilter(arity: 0...0) { input, _, _ throws(FilterFailure) in
            let text = try string(input).trimmingCharacters(in: .whitespacesAndNewlines)
            guard let data = Data(base64Encoded: text) else { throw FilterFailure("the input is not valid base64") }
            guard let decoded = String(data: data, encoding: .utf8) else {
                throw FilterFailure("the decoded bytes are not UTF-8 text")
            }
            return .string(decoded)
        },
        "sha256": TemplateFilter(arity: 0...0) { input, _, _ throws(FilterFailure) in
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

    private static func replacement(_ text: String, for regex: RegularExpression) throws(FilterFailure)
        -> RegexReplacement {
        do {
            return try RegexReplacement(text, for: regex)
        } catch {
            let failure: RegexSyntaxError = error
            throw FilterFailure("invalid replacement '\(text)': \(failure.message) at character \(failure.offset + 1)")
        }
    }

    /// Runs `regex` on `text` within `budget`, turning a limit reached into the filter's error.
    private static func withinLimits<Result>(of regex: RegularExpression, on text: String, _ budget: inout RegexBudget,
                                             _ body: (inout RegexBudget) throws(RegexLimitReached) -> Result)
        throws(FilterFailure) -> Result {
        do {
            return try body(&budget)
        } catch {
            throw FilterFailure(RegularExpression.describe(error, of: regex.pattern, on: text))
        }
    }

    private static func compile(_ pattern: String) throws(FilterFailure) -> RegularExpression {
        do {
            return try RegularExpression(pattern)
        } catch {
            throw FilterFailure(RegularExpression.describe(error, in: pattern))
        }
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
