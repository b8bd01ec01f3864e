import Testing
import Playbook

/// Source lines for the caret display.
@Suite struct SourceTextTests {
    @Test func linesByNumber() {
        let text = SourceText(text: "first\r\nsécond ü\n\nlast", file: "t.yml")
        #expect(text.line(0) == nil)
        #expect(text.line(1) == "first")
        #expect(text.line(2) == "sécond ü")
        #expect(text.line(3) == "")
        #expect(text.line(4) == "last")
        #expect(text.line(5) == nil)
    }

    @Test func aTrailingNewlineEndsTheLastLine() {
        let text = SourceText(text: "a\nb\n", file: "t.yml")
        #expect(text.line(2) == "b")
        #expect(text.line(3) == "")
        #expect(text.line(4) == nil)
    }

    @Test func errorsCarryTheirLine() {
        let text = SourceText(text: "a: 1\nb: 2\n", file: "t.yml")
        let diagnostic = text.error(at: SourceLocation(file: "t.yml", line: 2, column: 4), "bad")
        #expect(diagnostic.rendered == "t.yml:2:4: error: bad\nb: 2\n   ^")
    }
}
