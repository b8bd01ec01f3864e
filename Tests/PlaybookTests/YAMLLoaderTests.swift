import Testing
import Playbook

/// The YAML layer: node shapes and marks, anchors, aliases, merge keys, multi-document streams and
/// libyaml's syntax errors, each asserted by exact text and position.
@Suite struct YAMLLoaderTests {
    private func load(_ text: String) throws -> [YAMLNode] {
        try YAMLLoader.load(text: text, file: "t.yml")
    }

    /// The diagnostics `text` produces, one-line form.
    private func errors(_ text: String) -> [String] {
        do {
            _ = try YAMLLoader.load(text: text, file: "t.yml")
            return []
        } catch {
            return error.diagnostics.map(\.description)
        }
    }

    @Test func scalarsKeepTextStyleTagAndOneBasedMarks() throws {
        let docs = try load("a: plain\nb: 'single'\nc: \"dou\\tble\"\nd: |\n  lit\ne: >\n  fol\n  ded\nf: !!str 1\n")
        let pairs = try #require(docs.first?.pairs)
        let scalars = pairs.map { $0.value.scalar }
        #expect(scalars.map { $0?.style } == [.plain, .singleQuoted, .doubleQuoted, .literal, .folded, .plain])
        #expect(scalars.map { $0?.text } == ["plain", "single", "dou\tble", "lit\n", "fol ded\n", "1"])
        #expect(scalars[5]?.tag == YAMLTag.string)
        #expect(pairs[0].key.location == SourceLocation(file: "t.yml", line: 1, column: 1))
        #expect(pairs[0].value.location == SourceLocation(file: "t.yml", line: 1, column: 4))
        #expect(pairs[2].value.location.line == 3)
        #expect(pairs[2].value.location.column == 4)
    }

    @Test func columnsCountCharactersNotBytes() throws {
        let docs = try load("é: ünïcode\nk: [x, ÿ]\n")
        let pairs = try #require(docs.first?.pairs)
        #expect(pairs[0].value.location.column == 4)
        let items = try #require(pairs[1].value.items)
        #expect(items[1].location.column == 8)
    }

    @Test func mappingsKeepSourceOrder() throws {
        let docs = try load("z: 1\na: 2\nm: 3\n")
        #expect(docs.first?.pairs?.compactMap { $0.key.scalar?.text } == ["z", "a", "m"])
    }

    @Test func aliasesReuseTheAnchoredNode() throws {
        let docs = try load("base: &b\n  x: 1\n  y: [a, b]\ncopy: *b\nlist: &l [1, 2]\nagain: *l\n")
        let value = try #require(docs.first).inferredValue()
        guard case .map(let map) = value else { Issue.record("not a map"); return }
        #expect(map["copy"] == map["base"])
        #expect(map["again"] == .list([.int(1), .int(2)]))
    }

    @Test func mergeKeySingleMappingExplicitKeysWin() throws {
        let docs = try load("base: &b {x: 1, y: 2}\nobj:\n  <<: *b\n  y: 3\n  z: 4\n")
        let obj = try #require(docs.first?.pairs?[1].value)
        #expect(obj.pairs?.compactMap { $0.key.scalar?.text } == ["x", "y", "z"])
        #expect(obj.inferredValue() == .map(Value.OrderedMap([("x", .int(1)), ("y", .int(3)), ("z", .int(4))])))
    }

    @Test func mergeKeyListEarlierMappingsWin() throws {
        let text = "a: &a {x: 1, y: 1}\nb: &b {y: 2, z: 2}\nobj:\n  y: 9\n  <<: [*a, *b]\n"
        let obj = try #require(try load(text).first?.pairs?[2].value)
        #expect(obj.inferredValue() == .map(Value.OrderedMap([("x", .int(1)), ("z", .int(2)), ("y", .int(9))])))
    }

    @Test func mergeKeyOfAScalarIsAnError() {
        #expect(errors("a: 1\nb:\n  <<: 5\n") == ["t.yml:3:7: error: a '<<' merge key takes a mapping or a list of mappings, found a string"])
        #expect(errors("a: &a {x: 1}\nb:\n  <<: [*a, 3]\n") == ["t.yml:3:12: error: a '<<' merge list holds mappings only, found a string"])
    }

    @Test func duplicateKeysAreErrorsAtTheSecondKey() {
        #expect(errors("name: a\nrun: x\nname: b\n") == ["t.yml:3:1: error: duplicate key 'name' (first given at line 1, column 1)"])
    }

    @Test func duplicateKeyDiagnosticCarriesTheSourceLine() throws {
        do {
            _ = try YAMLLoader.load(text: "steps:\n  - run: a\n    run: b\n", file: "t.yml")
            Issue.record("expected an error")
        } catch {
            #expect(error.description == "t.yml:3:5: error: duplicate key 'run' (first given at line 2, column 5)\n    run: b\n    ^")
        }
    }

    @Test func unknownAndSelfReferencingAliases() {
        #expect(errors("a: *nope\n") == ["t.yml:1:4: error: unknown alias '*nope' (no anchor '&nope' before it)"])
        #expect(errors("a: &x [1, *x]\n") == ["t.yml:1:11: error: alias '*x' refers to a node that contains it"])
    }

    @Test func multiDocumentStreams() throws {
        let docs = try load("---\na: 1\n---\n- x\n...\n---\nplain\n")
        #expect(docs.count == 3)
        #expect(docs[1].inferredValue() == .list([.string("x")]))
        #expect(docs[2].location.line == 7)
        #expect(try load("").isEmpty)
        #expect(try load("---\n").first?.scalar?.isNull == true)
    }

    @Test func anchorsAreScopedToTheirDocument() {
        #expect(errors("a: &x 1\n---\nb: *x\n") == ["t.yml:3:4: error: unknown alias '*x' (no anchor '&x' before it)"])
    }

    @Test func tabsInIndentationAreReportedWhereTheTabIs() {
        #expect(errors("a:\n\tb: 1\n") == ["t.yml:2:1: error: found character that cannot start any token while scanning for the next token (started at line 2, column 1)"])
    }

    @Test func badIndentation() {
        #expect(errors("a:\n  b: 1\n c: 2\n") == ["t.yml:3:2: error: did not find expected key while parsing a block mapping (started at line 1, column 1)"])
    }

    @Test func unclosedQuote() {
        #expect(errors("a: \"open\nb: 2\n") == ["t.yml:3:1: error: found unexpected end of stream while scanning a quoted scalar (started at line 1, column 4)"])
    }

    @Test func invalidEscape() {
        #expect(errors("a: \"bad \\q escape\"\n") == ["t.yml:1:9: error: found unknown escape character while parsing a quoted scalar (started at line 1, column 4)"])
    }

    @Test func syntaxErrorCarriesSourceLineAndCaret() {
        do {
            _ = try YAMLLoader.load(text: "a:\n\tb: 1\n", file: "t.yml")
        } catch {
            #expect(error.diagnostics.first?.rendered.hasSuffix("\n\tb: 1\n^") == true)
        }
    }

    @Test func missingFileIsADiagnostic() {
        #expect(throws: DiagnosticList.self) { try YAMLLoader.load(contentsOf: "/nonexistent/pbrun.yml") }
        do {
            _ = try YAMLLoader.load(contentsOf: "/nonexistent/pbrun.yml")
        } catch {
            #expect(error.description == "error: /nonexistent/pbrun.yml: no such file")
        }
    }

    @Test func parseKeepsGoingAfterADuplicateKey() {
        let result = YAMLLoader.parse(text: "a: 1\na: 2\nb: 3\n", file: "t.yml")
        #expect(result.diagnostics.count == 1)
        #expect(result.documents.first?.pairs?.count == 2)
    }
}
