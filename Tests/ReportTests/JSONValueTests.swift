import Foundation
import Playbook
@testable import Report
import Testing

@Suite struct JSONValueTests {
    @Test func stringsAreEscapedByteForByte() throws {
        let text = "quote \" backslash \\ tab\t cr\r nl\n bell\u{07} esc\u{1B} del\u{7F} ls\u{2028} ps\u{2029} é 日本 🙂"
        let serialized = JSONValue.string(text).serialized()
        #expect(serialized == #""quote \" backslash \\ tab\t cr\r nl\n bell\u0007 esc\u001b del\u007f ls\u2028 ps\u2029 é 日本 🙂""#)
        let parsed = try JSONSerialization.jsonObject(with: Data(serialized.utf8), options: [.fragmentsAllowed])
        #expect(parsed as? String == text)
    }

    @Test func anEmptyStringAndAPlainOneNeedNoEscapes() {
        #expect(JSONValue.string("").serialized() == #""""#)
        #expect(JSONValue.object([("k", .string("plain text"))]).serialized() == #"{"k":"plain text"}"#)
    }

    @Test func timestampsAreUTCWithOrWithoutMilliseconds() {
        let date = Date(timeIntervalSince1970: 1_795_687_200.1237)  // 2026-11-26T10:00:00.124Z
        #expect(ReportTime.iso8601(date) == "2026-11-26T10:00:00.124Z")
        #expect(UTCTimestamp.iso8601(date) == "2026-11-26T10:00:00Z")
        #expect(UTCTimestamp.iso8601(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00Z")
        #expect(ReportTime.iso8601(Date(timeIntervalSince1970: -0.5)) == "1969-12-31T23:59:59.500Z")
    }
}
