import Foundation
import Testing
import Playbook

/// The run's masker learns secrets while the run goes on (a `secret: true` step's output).
@Suite struct LiveSecretMaskerTests {
    @Test func aSecretAddedLaterIsMaskedInTextAndInAStreamAlreadyOpen() {
        let masker = LiveSecretMasker(secrets: ["abc-secret-1"])
        var stream = masker.streaming()
        // "abc-sec" could still begin the known secret, so it is held back, not written.
        var written = stream.feed(Array("x learnt-later abc-sec".utf8))
        #expect(String(decoding: written, as: UTF8.self) == "x learnt-later ")
        #expect(masker.mask("learnt-later") == "learnt-later")
        masker.add(["learnt-later", "abc-second"])
        written += stream.feed(Array("ond y learnt-later abc-secret-1".utf8))
        written += stream.finish()
        // What was written before the secrets were known stays; the held-back bytes are masked.
        #expect(String(decoding: written, as: UTF8.self) == "x learnt-later ******** y ******** ********")
        #expect(masker.mask("x learnt-later abc-second") == "x ******** ********")
        #expect(masker.secrets == ["abc-secret-1", "learnt-later", "abc-second"])
    }

    @Test func aStreamOpenedAfterTheAdditionKnowsIt() {
        let masker = LiveSecretMasker()
        #expect(masker.mask("token-123") == "token-123")
        masker.add(["token-123", ""])
        var stream = masker.streaming()
        let written = stream.feed(Array("got token-123\n".utf8)) + stream.finish()
        #expect(String(decoding: written, as: UTF8.self) == "got ********\n")
        #expect(masker.secrets == ["token-123"])
    }

    @Test func theValuesOfAnOutputAreTheWholeAndEachLineOfUsefulLength() {
        #expect(LiveSecretMasker.values(ofOutput: "  s3cr3t-token\n") == ["s3cr3t-token"])
        #expect(LiveSecretMasker.values(ofOutput: "user: admin\r\npass: hunter22\nok\n")
            == ["user: admin\r\npass: hunter22\nok", "user: admin", "pass: hunter22"])
        #expect(LiveSecretMasker.values(ofOutput: "ok\n") == [])
        #expect(LiveSecretMasker.values(ofOutput: "0\n1\n") == [])
        let long = String(repeating: "x", count: 2000)
        #expect(LiveSecretMasker.values(ofOutput: long + "\nshort-line\n") == ["short-line"])
        let many = (0..<1000).map { "line-\($0)-of-many" }.joined(separator: "\n")
        #expect(LiveSecretMasker.values(ofOutput: many).reduce(0) { $0 + $1.utf8.count } <= 4096)
    }
}

/// Many secrets (a secret step's output learnt on many hosts) make the masker's automaton sparse;
/// it must find exactly what the dense one finds.
@Suite struct ManySecretsTests {
    @Test func aMaskerOfThousandsOfSecretsMasksEachOfThemAlsoAcrossChunks() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        let secrets = (0..<600).map { index in
            "host\(index)-" + String((0..<24).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
        }
        let masker = SecretMasker(secrets: Set(secrets))
        var text = "", expected = ""
        for (index, secret) in secrets.enumerated() where index % 7 == 0 {
            text += "got \(secret) and hos\(index) "
            expected += "got ******** and hos\(index) "
        }
        // Two secrets back to back, and one cut short.
        text += secrets[1] + secrets[2] + " " + String(secrets[3].dropLast())
        expected += "**************** " + String(secrets[3].dropLast())
        #expect(masker.mask(text) == expected)
        var stream = masker.streaming()
        var written: [UInt8] = []
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let end = min(bytes.count, offset + 13)
            written += stream.feed(bytes[offset..<end])
            offset = end
        }
        written += stream.finish()
        #expect(String(decoding: written, as: UTF8.self) == expected)
    }
}
