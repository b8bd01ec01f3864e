import Testing
@testable import Playbook

/// Shell-glob host patterns: fnmatch's meaning, in time linear in the name for each pattern token.
struct GlobMatchingTests {
    private func matches(_ pattern: String, _ name: String) -> Bool {
        NameMatcher(pattern)?.matches(name) ?? false
    }

    @Test(arguments: [
        ("web*", "web01", true), ("web*", "db01", false), ("*", "", true), ("", "", true), ("", "a", false),
        ("w?b", "web", true), ("w?b", "wb", false), ("*b*", "abc", true), ("a*b*c", "aXbYc", true),
        ("a*b*c", "aXbY", false), ("*.example.com", "web.example.com", true), ("[ab]x", "bx", true),
        ("[!ab]x", "bx", false), ("[!ab]x", "cx", true), ("[a-c]1", "b1", true), ("[a-c]1", "d1", false),
        ("[]x]", "]", true), ("web[", "web[", true), ("web[", "webx", false), ("**a**", "bab", true),
        ("*a", "aaaab", false), ("a*a*a", "aaa", true), ("a*a*a", "aa", false),
    ])
    func fnmatchMeaning(pattern: String, name: String, expected: Bool) {
        #expect(matches(pattern, name) == expected, "\(pattern) ~ \(name)")
    }

    /// `*` repeated before a character that never comes made the old matcher try every split of the
    /// name between the stars: 8 stars took 3 s and each further one six times longer.
    @Test(.timeLimit(.minutes(1)))
    func manyStarsDoNotBacktrackExponentially() {
        let name = String(repeating: "a", count: 200)
        #expect(!matches(String(repeating: "*", count: 60) + "x", name))
        #expect(!matches(String(repeating: "*a", count: 60) + "x", name))
        #expect(matches(String(repeating: "*a", count: 60) + "*", name))
        #expect(!matches(String(repeating: "[a]*", count: 60) + "b", name))
    }
}
