import Testing
import Playbook

@Suite struct FoundationTests {
    @Test func libyamlLinksAndIsVersion02() {
        #expect(libyamlVersion.hasPrefix("0.2."), "libyaml version was \(libyamlVersion)")
    }

    @Test func suggestionFindsATransposedKey() {
        #expect(Suggestion.closest(to: "nedes", among: ["needs", "name", "notify"]) == "needs")
        #expect(Suggestion.closest(to: "zzzzz", among: ["needs", "name"]) == nil)
    }
}
