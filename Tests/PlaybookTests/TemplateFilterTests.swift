import Foundation
import Testing
import Playbook

@Suite struct TemplateFilterTests {
    typealias T = TemplateTestSupport

    @Test func defaultReplacesOnlyUndefined() throws {
        #expect(try T.render("{{ missing | default('x') }}") == "x")
        #expect(try T.render("{{ name | default('x') }}") == "web1")
        #expect(try T.render("{{ db.missing | default(5) }}") == "5")
        #expect(try T.render("{{ ports[9] | default('none') }}") == "none")
        #expect(try T.render("{{ '' | default('empty', true) }}") == "empty")
        #expect(try T.render("[{{ '' | default('empty') }}]") == "[]")
        #expect(try T.render("{{ missing | d('short') }}") == "short")
        #expect(try T.value("{{ missing.deeper | default([]) }}") == .list([]))
    }

    @Test func quote() throws {
        #expect(try T.render("{{ name | quote }}") == "web1")
        #expect(try T.render("{{ 'a b' | quote }}") == "'a b'")
        #expect(try T.render("{{ \"it's\" | quote }}") == #"'it'"'"'s'"#)
        #expect(try T.render("{{ '' | quote }}") == "''")
        #expect(try T.render("{{ ['a b', 'c'] | quote }}") == "'a b' c")
    }

    @Test func joinAndSplit() throws {
        #expect(try T.render("{{ ports | join(',') }}") == "80,443")
        #expect(try T.render("{{ ports | join }}") == "80443")
        #expect(try T.value("{{ 'a,b,,c' | split(',') }}") == .list(["a", "b", "", "c"].map { .string($0) }))
        #expect(try T.value("{{ ' a  b\tc ' | split }}") == .list(["a", "b", "c"].map { .string($0) }))
    }

    @Test func caseAndWhitespace() throws {
        #expect(try T.render("{{ 'MiXed' | lower }}") == "mixed")
        #expect(try T.render("{{ 'MiXed' | upper }}") == "MIXED")
        #expect(try T.render("[{{ '  padded \n' | trim }}]") == "[padded]")
    }

    @Test func replaceAndRegexReplace() throws {
        #expect(try T.render("{{ 'a-b-c' | replace('-', '_') }}") == "a_b_c")
        #expect(try T.render(#"{{ 'web01' | regex_replace('^web(\d+)$', 'app\1') }}"#) == "app01")
        #expect(try T.render(#"{{ 'v1.2' | regex_replace('\.', '$') }}"#) == "v1$2")
        #expect(try T.render(#"{{ 'ab' | regex_replace('(a)(b)', '\g<2>\g<1>') }}"#) == "ba")
    }

    @Test func conversions() throws {
        #expect(try T.value("{{ '42' | int }}") == .int(42))
        #expect(try T.value("{{ 3.9 | int }}") == .int(3))
        #expect(try T.value("{{ true | int }}") == .int(1))
        #expect(try T.value("{{ '2.5' | float }}") == .double(2.5))
        #expect(try T.value("{{ 2 | float }}") == .double(2))
        #expect(try T.value("{{ 'yes' | bool }}") == .bool(true))
        #expect(try T.value("{{ 'Off' | bool }}") == .bool(false))
        #expect(try T.value("{{ 1 | bool }}") == .bool(true))
        #expect(try T.value("{{ port | string }}") == .string("8080"))
        #expect(try T.value("{{ ports | string }}") == .string("[80,443]"))
    }

    @Test func lengthFirstLast() throws {
        #expect(try T.value("{{ name | length }}") == .int(4))
        #expect(try T.value("{{ ports | length }}") == .int(2))
        #expect(try T.value("{{ db | length }}") == .int(2))
        #expect(try T.value("{{ ports | first }}") == .int(80))
        #expect(try T.value("{{ ports | last }}") == .int(443))
        #expect(try T.value("{{ name | first }}") == .string("w"))
        #expect(try T.value("{{ [] | first | default('none') }}") == .string("none"))
    }

    @Test func json() throws {
        #expect(try T.render("{{ db | to_json }}") == #"{"host":"db1","port":5432}"#)
        #expect(try T.render(#"{{ 'say "hi"\n' | to_json }}"#) == #""say \"hi\"\n""#)
        let parsed = try T.value(#"{{ '{"b": [1, 2.5, true, null], "a": "x"}' | from_json }}"#)
        #expect(parsed == .map(Value.OrderedMap([
            ("b", .list([.int(1), .double(2.5), .bool(true), .null])), ("a", .string("x")),
        ])))
        #expect(try T.render(#"{{ ('{"k": [7]}' | from_json).k[0] }}"#) == "7")
    }

    @Test func paths() throws {
        #expect(try T.render("{{ path | basename }}") == "releases.tar.gz")
        #expect(try T.render("{{ path | dirname }}") == "/srv/app/current")
        #expect(try T.render("[{{ 'file' | dirname }}]") == "[]")
        #expect(try T.render("{{ '/file' | dirname }}") == "/")
        #expect(try T.render("[{{ '/a/b/' | basename }}]") == "[]")
    }

    @Test func base64AndDigest() throws {
        #expect(try T.render("{{ 'pbrun:secret' | b64encode }}") == "cGJydW46c2VjcmV0")
        #expect(try T.render("{{ 'cGJydW46c2VjcmV0' | b64decode }}") == "pbrun:secret")
        #expect(try T.render("{{ '' | sha256 }}") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(try T.render("{{ 'abc' | sha256 }}")
            == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let long = String(repeating: "a", count: 1000)
        #expect(try T.render("{{ '\(long)' | sha256 }}")
            == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    }

    @Test func filtersChainAndTakeExpressionsAsArguments() throws {
        #expect(try T.render("{{ name | upper | replace('WEB', 'app-' ~ port) }}") == "app-80801")
        #expect(try T.render("{{ db.host | default('x') | upper }}") == "DB1")
    }

    @Test func filterErrorsPointAtTheFilterName() {
        #expect(T.renderError("{{ name | uper }}")
            == "play.yml:3:20: error: unknown filter 'uper' (did you mean 'upper'?)")
        #expect(T.renderError("{{ 'abc' | int }}")
            == "play.yml:3:21: error: filter 'int': cannot convert string \"abc\" to int")
        #expect(T.renderError("{{ name | join(',') }}")
            == "play.yml:3:20: error: filter 'join': expected a list, got string \"web1\"")
        #expect(T.renderError("{{ name | replace('a') }}")
            == "play.yml:3:20: error: filter 'replace' takes 2 arguments, got 1")
        #expect(T.renderError("{{ 'maybe' | bool }}") == "play.yml:3:23: error: filter 'bool': cannot convert string "
            + "\"maybe\" to bool (expected true/false, yes/no, on/off or 1/0)")
        #expect(T.renderError("{{ '{x' | from_json }}") == "play.yml:3:20: error: filter 'from_json': invalid JSON at "
            + "character 2: expected a string key in JSON object")
        #expect(T.renderError("{{ '%%%' | b64decode }}")
            == "play.yml:3:21: error: filter 'b64decode': the input is not valid base64")
        #expect(T.renderError("{{ [] | first }}") == "play.yml:3:18: error: filter 'first': the list is empty")
    }

    /// An inventory value with spaces and a `;` goes through `| quote` and reaches `/bin/sh` as one
    /// argument: the shell prints it back unchanged and runs nothing else.
    @Test func quotedValueIsOneShellWord() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pbrun-quote-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let victim = directory.appendingPathComponent("x")
        try Data("keep".utf8).write(to: victim)
        let hostile = ["a b; rm -rf x", "it's $(rm -rf x) `rm -rf x` \"q\" \\ *", "-n", ""]
        for value in hostile {
            let scope = T.scope(Value.OrderedMap([("motd", .string(value))]))
            let command = try T.render("printf '%s\\n' {{ motd | quote }} | wc -l; printf '[%s]' {{ motd | quote }}",
                                       in: scope)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", command]
            process.currentDirectoryURL = directory
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(output.trimmingCharacters(in: .whitespaces) == "1\n[\(value)]", "command: \(command)")
            #expect(FileManager.default.fileExists(atPath: victim.path), "command: \(command)")
        }
        #expect(ShellQuoting.join(["echo", "a b; rm -rf x"]) == "echo 'a b; rm -rf x'")
    }
}
