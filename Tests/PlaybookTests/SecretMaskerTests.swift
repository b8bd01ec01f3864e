import Foundation
import Testing
import Playbook

@Suite struct SecretMaskerTests {
    @Test func masksEverySecretInText() {
        let masker = SecretMasker(secrets: ["hunter2", "s3cr3t-token"])
        #expect(masker.mask("pw=hunter2 token=s3cr3t-token again hunter2.")
            == "pw=******** token=******** again ********.")
        #expect(masker.mask("nothing here") == "nothing here")
        #expect(SecretMasker(secrets: []).mask("hunter2") == "hunter2")
    }

    @Test func overlappingSecretsBecomeOneMask() {
        let masker = SecretMasker(secrets: ["abcd", "cdef", "bc"])
        #expect(masker.mask("xabcdefx") == "x********x")
        #expect(masker.mask("abcdabcd") == "****************")
    }

    @Test func masksTheQuotedAndJSONFormsToo() throws {
        let secret = "it's \"x\"\n"
        let masker = SecretMasker(secrets: [secret])
        #expect(masker.mask("echo \(ShellQuoting.quote(secret))") == "echo ********")
        #expect(masker.mask("{\"pw\":\(JSONWriter.quoted(secret))}") == "{\"pw\":\"********\"}")
    }

    @Test func masksEachLongLineOfAMultiLineSecret() {
        let key = "-----BEGIN KEY-----\nAAAAB3NzaC1lZDI1\n}\n-----END KEY-----"
        let masker = SecretMasker(secrets: [key])
        #expect(masker.mask("line: AAAAB3NzaC1lZDI1 and }") == "line: ******** and }")
    }

    @Test func masksUnicodeSecrets() {
        let masker = SecretMasker(secrets: ["pässwörd🔑"])
        #expect(masker.mask("→pässwörd🔑←") == "→********←")
    }

    @Test func masksDiagnostics() {
        let masker = SecretMasker(secrets: ["hunter2"])
        let diagnostic = Diagnostic(.error, at: SourceLocation(file: "p.yml", line: 1, column: 1),
                                    "command 'login hunter2' failed", sourceLine: "run: login hunter2")
        #expect(masker.mask(diagnostic).rendered
            == "p.yml:1:1: error: command 'login ********' failed\nrun: login ********\n^")
    }

    @Test func aSecretSplitAcrossTwoChunksIsMasked() {
        let masker = SecretMasker(secrets: ["hunter2"])
        var stream = masker.streaming()
        var output = stream.feed(Array("login: hun".utf8))
        #expect(String(decoding: output, as: UTF8.self) == "login: ", "the possible start of a secret is held back")
        output += stream.feed(Array("ter2 ok\n".utf8))
        output += stream.finish()
        #expect(String(decoding: output, as: UTF8.self) == "login: ******** ok\n")
    }

    @Test func heldBytesThatAreNotASecretAreReleased() {
        var stream = SecretMasker(secrets: ["hunter2"]).streaming()
        var output = stream.feed(Array("hunt".utf8))
        #expect(output.isEmpty)
        output += stream.feed(Array("ing".utf8))
        #expect(String(decoding: output, as: UTF8.self) == "hunting")
        output += stream.feed(Array("hun".utf8))
        output += stream.finish()
        #expect(String(decoding: output, as: UTF8.self) == "huntinghun")
    }

    /// Every way of cutting a text into chunks, down to one byte each, gives the same masked output.
    @Test func chunkingNeverChangesTheResult() {
        let masker = SecretMasker(secrets: ["abcab", "bca", "cc", "pässwörd"])
        let text = "xabcabcab ccc bcabca pässwörd abcab"
        let expected = masker.mask(text)
        #expect(!expected.contains("cc") && !expected.contains("pässwörd"))
        let bytes = Array(text.utf8)
        for size in 1...bytes.count {
            var stream = masker.streaming()
            var output: [UInt8] = []
            for start in stride(from: 0, to: bytes.count, by: size) {
                output += stream.feed(bytes[start..<min(start + size, bytes.count)])
            }
            output += stream.finish()
            #expect(String(decoding: output, as: UTF8.self) == expected, "chunk size \(size)")
        }
    }

    @Test func holdsBackNoMoreThanTheLongestSecret() {
        var stream = SecretMasker(secrets: ["abcdef"]).streaming()
        let output = stream.feed(Array(String(repeating: "abcde", count: 1000).utf8))
        #expect(output.count == 5000 - 5)
    }
}

@Suite struct SecretMaskerValueTests {
    @Test func masksStringsInsideValues() {
        let masker = SecretMasker(secrets: ["hunter2"])
        let value = Value.map(Value.OrderedMap([("pw", .string("hunter2")), ("n", .int(1)),
                                                ("l", .list([.string("x hunter2 y")]))]))
        #expect(masker.mask(value) == .map(Value.OrderedMap([("pw", .string("********")), ("n", .int(1)),
                                                              ("l", .list([.string("x ******** y")]))])))
    }

    @Test func mergedVariablesShowTheirOriginAndHideSecrets() throws {
        let inventory = VariableLayer(.inventoryAll, name: "all",
                                      values: Value.OrderedMap([("a", .int(1)), ("db", .string("x"))]), file: "inv.yml")
        let secrets = VariableLayer(.extra, name: "secrets file 's.yml'",
                                    values: Value.OrderedMap([
                                        ("db", .map(Value.OrderedMap([("pw", .string("hunter2"))]))),
                                    ]),
                                    defaultLocation: nil, secretNames: ["db"])
        let rows = VariableScope(layers: [inventory, secrets]).mergedWithOrigins()
        #expect(rows.map(\.name) == ["a", "db"])
        #expect(rows.map(\.origin.name) == ["all", "secrets file 's.yml'"])
        #expect(rows[1].value == .map(Value.OrderedMap([("pw", .string("********"))])))
    }
}

@Suite struct SecretDerivationTests {
    static let scope = VariableScope(layers: [
        VariableLayer(.play, name: "play", values: Value.OrderedMap([("user", .string("admin")), ("db", .string("db1"))]),
                      file: "p.yml"),
        VariableLayer(.extra, name: "secrets", values: Value.OrderedMap([("pw", .string("hunter2"))]),
                      defaultLocation: nil, secretNames: ["pw"]),
    ])

    static func render(_ text: String) throws -> RenderedTemplate {
        try Template(TemplateSource(text, named: "t")).renderWithSecrets(in: scope)
    }

    @Test func valuesComputedFromASecretAreMaskedToo() throws {
        let header = try Self.render("Authorization: Basic {{ (user ~ ':' ~ pw) | b64encode }}")
        #expect(header.text == "Authorization: Basic YWRtaW46aHVudGVyMg==")
        #expect(header.usesSecret)
        #expect(header.derivedSecrets == ["YWRtaW46aHVudGVyMg=="])
        let masker = SecretMasker(secrets: Self.scope.secretValues.union(header.derivedSecrets))
        #expect(masker.mask(header.text) == "Authorization: Basic ********")
        #expect(try Self.render("{{ pw | sha256 }}").derivedSecrets
            == ["f52fbd32b2b3b86ff88ef6c490628285f482af15ddcb29541f94bcf526a3f6c7"])
    }

    @Test func valuesThatDoNotComeFromASecretAreLeftAlone() throws {
        let plain = try Self.render("{{ user | upper }} {{ db ~ '-x' }}")
        #expect(!plain.usesSecret && plain.derivedSecrets.isEmpty)
        let short = try Self.render("{{ pw | length }} {{ pw == 'x' }} {{ pw | upper | lower }}")
        #expect(short.usesSecret)
        #expect(short.derivedSecrets == ["HUNTER2"], "a length, a bool and the secret itself are not added")
    }
}
