import Playbook
import Testing

/// Each style of printing seconds, as the console, reports and plan print them.
@Suite struct SecondsTextTests {
    @Test func humanHasOneDecimalBelowAMinuteThenPaddedParts() {
        #expect(SecondsText.format(1.25, .human) == "1.2s")
        #expect(SecondsText.format(0, .human) == "0.0s")
        #expect(SecondsText.format(123, .human) == "2m03s")
        #expect(SecondsText.format(3720, .human) == "1h02m")
    }

    @Test func compactDropsZeroPartsAndTrailingZeros() {
        #expect(SecondsText.format(0, .compact) == "0s")
        #expect(SecondsText.format(0.5, .compact) == "0.5s")
        #expect(SecondsText.format(120, .compact) == "2m")
        #expect(SecondsText.format(90, .compact) == "1m30s")
        #expect(SecondsText.format(3600, .compact) == "1h")
        #expect(SecondsText.format(5400, .compact) == "1h30m")
    }

    @Test func plainFixedAndMilliseconds() {
        #expect(SecondsText.format(90, .plain) == "90s")
        #expect(SecondsText.format(1.5, .plain) == "1.5s")
        #expect(SecondsText.format(0.25, .fixed(decimals: 3, unit: "s")) == "0.250s")
        #expect(SecondsText.format(0.25, .fixed(decimals: 2, unit: " s")) == "0.25 s")
        #expect(SecondsText.format(2, .fixed(decimals: 3, unit: "")) == "2.000")
        #expect(SecondsText.format(0.01234, .milliseconds) == "12.3")
    }
}
