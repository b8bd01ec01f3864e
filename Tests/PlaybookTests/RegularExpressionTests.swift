import Foundation
import Testing
@testable import Playbook

/// pbrun's regular expressions: Python's `re` syntax and matches, in time linear in the text.
@Suite struct RegularExpressionTests {
    typealias T = TemplateTestSupport

    /// The first match of `pattern` in `text` and its groups, or nil.
    private func search(_ pattern: String, _ text: String, anchored: Bool = false) throws -> [String?]? {
        var budget = RegexBudget()
        return try RegularExpression(pattern).firstMatch(in: text, anchored: anchored, budget: &budget)
    }

    private func replace(_ text: String, _ pattern: String, _ replacement: String) throws -> String {
        let regex = try RegularExpression(pattern)
        var budget = RegexBudget()
        return try regex.replacingMatches(in: text, with: RegexReplacement(replacement, for: regex), budget: &budget)
    }

    /// Each row as Python 3.11's `re.search(pattern, text)` answers it: the whole match and groups.
    @Test func matchesAsPythonDoes() throws {
        let rows: [(String, String, [String?]?)] = [
            ("web[0-9]+", "the web01 host", ["web01"]),
            ("^web", "a web", nil),
            ("(a|ab)(c|bcd)(d*)", "abcd", ["abcd", "a", "bcd", ""]),
            ("a*?b", "aaab", ["aaab"]),
            ("<.+?>", "<a><b>", ["<a>"]),
            ("<.+>", "<a><b>", ["<a><b>"]),
            ("(a)|(b)", "b", ["b", nil, "b"]),
            (#"(?P<major>\d+)\.(?P<minor>\d+)"#, "v1.22", ["1.22", "1", "22"]),
            (#"x{2,3}"#, "xxxxx", ["xxx"]),
            (#"x{2,3}?"#, "xxxxx", ["xx"]),
            (#"x{,2}y"#, "xxxy", ["xxy"]),
            (#"x{2}"#, "x", nil),
            (#"a{"#, "a{", ["a{"]),
            (#"\bcat\b"#, "concat cat", ["cat"]),
            (#"\Bcat"#, "concat", ["cat"]),
            ("end$", "the end\n", ["end"]),
            (#"end\Z"#, "the end\n", nil),
            ("(?m)^b$", "a\nb\nc", ["b"]),
            ("a.c", "a\nc", nil),
            ("(?s)a.c", "a\nc", ["a\nc"]),
            ("(?i)WEB", "web", ["web"]),
            ("[^a-c]+", "abcdef", ["def"]),
            (#"[\d_]+"#, "ab_12c", ["_12"]),
            ("[]a]+", "x]a]", ["]a]"]),
            ("[a-]+", "x-a-", ["-a-"]),
            (#"\s+"#, "a \t b", [" \t "]),
            (#"\w+"#, "héllo wörld", ["héllo"]),
            (#"\x41\u00e9"#, "Aé", ["Aé"]),
            (#"\.tar\.gz$"#, "x.tar.gz", [".tar.gz"]),
            ("(?:ab)+", "ababx", ["abab"]),
            ("(a*)+", "b", ["", ""]),
            ("", "abc", [""]),
            ("(?i:A)b", "ab", ["ab"]),
            ("(?i:A)b", "aB", nil),
        ]
        for (pattern, text, expected) in rows {
            let found = try search(pattern, text)
            #expect(found == expected, "re.search(\(pattern.debugDescription), \(text.debugDescription))")
        }
        #expect(try search("b", "ab", anchored: true) == nil)
        #expect(try search("a", "ab", anchored: true) == ["a"])
    }

    @Test func replacesAsPythonDoes() throws {
        #expect(try replace("abxd", "x*", "-") == "-a-b--d-")
        #expect(try replace("web01 web02", #"web(\d+)"#, #"app\1"#) == "app01 app02")
        #expect(try replace("1.22", #"(?P<a>\d+)\.(?P<b>\d+)"#, #"\g<b>.\g<a>"#) == "22.1")
        #expect(try replace("b", "(a)?b", #"[\1]"#) == "[]")
        #expect(try replace("a.b", #"\."#, #"\n$\&"#) == "a\n$\\&b")
        #expect(try replace("ééé", "é", "e") == "eee")
        #expect(throws: RegexSyntaxError(message: "invalid group reference 2", offset: 0)) {
            try replace("a", "(a)", #"\2"#)
        }
        #expect(throws: RegexSyntaxError(message: "bad escape \\q", offset: 1)) { try replace("a", "a", #"x\q"#) }
        #expect(throws: RegexSyntaxError(message: "invalid group reference -1", offset: 0)) {
            try replace("a", "(a)", #"\g<-1>"#)
        }
        #expect(try replace("ab", "(a)", #"[\g<0>]"#) == "[a]b")
    }

    @Test func syntaxErrorsSayWhatAndWhere() {
        let rows: [(String, String)] = [
            ("([", "unterminated character set at character 2"),
            ("(a", "missing ')', unterminated subpattern at character 1"),
            ("a)", "unbalanced parenthesis ')' at character 2"),
            ("*a", "nothing to repeat at character 1"),
            ("a**", "multiple repeat at character 3"),
            ("x{3,2}", "min repeat greater than max repeat at character 2"),
            (#"(a)\1"#, "back-references are not supported at character 4"),
            ("(?=a)", "look-ahead and look-behind are not supported at character 1"),
            ("a(?i)", "global flags not at the start of the expression at character 2"),
            (#"\q"#, "bad escape \\q at character 1"),
            ("[z-a]", "bad character range at character 2"),
            ("(a{100}){200}", "too large once its repetitions are expanded (more than 10000 steps) at character 1"),
            (String(repeating: "(", count: 300), "groups nested more than 200 deep at character 201"),
        ]
        for (pattern, message) in rows {
            do {
                _ = try RegularExpression(pattern)
                Issue.record("\(pattern) compiled")
            } catch {
                #expect(RegularExpression.describe(error, in: pattern)
                    == "invalid regular expression '\(pattern)': \(message)")
            }
        }
    }

    /// `(a+)+$` takes a backtracking engine (ICU's, Python's) 2^n steps on n `a`s and a `!`; here it is
    /// linear, so a long value answers at once.
    @Test func catastrophicPatternsRunInLinearTime() throws {
        let long = String(repeating: "a", count: 20_000) + "!"
        let scope = T.scope(Value.OrderedMap([("long", .string(long))]))
        let started = Date()
        #expect(try !T.holds("long matches '(a+)+$'", in: scope))
        #expect(try !T.holds(#"long matches '^(\w+\s?)*$'"#, in: scope))
        #expect(try T.render("{{ long | regex_replace('(a|aa)+$', 'x') | length }}", in: scope) == "20001")
        #expect(try T.render("{{ long | regex_search('(a|a?)+!') | length }}", in: scope) == "20001")
        #expect(Date().timeIntervalSince(started) < 10)
    }

    /// Linear is still large for a large pattern over a large text: each evaluation has a budget,
    /// and running out of it is an error at the operator or filter, naming the pattern.
    @Test func anEvaluationPastItsBudgetIsAnError() {
        let long = String(repeating: "a", count: 100_000)
        let scope = T.scope(Value.OrderedMap([("long", .string(long))]))
        let started = Date()
        #expect(T.conditionError("long matches '[ab]{1,500}c'", in: scope)
            == "play.yml:3:15: error: regular expression '[ab]{1,500}c' took too long on a text of 100000 characters "
            + "(more than 10000000 steps)")
        #expect(T.renderError("{{ long | regex_replace('a{1,3000}b', '') }}", in: scope)
            == "play.yml:3:20: error: filter 'regex_replace': regular expression 'a{1,3000}b' took too long on "
            + "a text of 100000 characters (more than 10000000 steps)")
        #expect(Date().timeIntervalSince(started) < 30)
    }

    /// The budget is the whole template's: many calls, each within it alone, cannot add up past it.
    @Test func theBudgetIsSharedByATemplatesRegularExpressions() throws {
        let scope = T.scope(Value.OrderedMap([("long", .string(String(repeating: "a", count: 10_000)))]))
        let call = "(long | regex_replace('[ab]{1,100}c', ''))"
        #expect(try T.render("{{ \(call) | length }}", in: scope) == "10000")
        let many = "{{ " + Array(repeating: call, count: 8).joined(separator: " ~ ") + " }}"
        #expect(T.renderError(many, in: scope).hasSuffix("error: filter 'regex_replace': regular expression "
            + "'[ab]{1,100}c' took too long on a text of 10000 characters (more than 10000000 steps)"))
    }

    @Test func regexSearchFindsTheFirstMatch() throws {
        #expect(try T.value(#"{{ 'release-1.22.3' | regex_search('\d+\.\d+') }}"#) == .string("1.22"))
        #expect(try T.value("{{ 'abc' | regex_search('x') }}") == .null)
        #expect(T.renderError("{{ 'a' | regex_search('(') }}")
            == "play.yml:3:19: error: filter 'regex_search': invalid regular expression '(': "
            + "missing ')', unterminated subpattern at character 1")
    }
}
