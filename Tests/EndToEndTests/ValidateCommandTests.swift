import Foundation
import Testing
import Playbook
@testable import TestSupport

/// `pbrun validate` and `pbrun schema` end to end: the real binary, exact output and exit code.
@Suite struct ValidateCommandTests {
    let invalid = PlaybookFixtures.path("invalid")

    @Test func aValidPlaybookExitsZeroWithASummary() throws {
        let result = try PbrunBinary.run(["validate", "playbooks/hello.yml"], in: PbrunBinary.repositoryRoot)
        #expect(result.status == 0)
        #expect(result.stdout == "playbooks/hello.yml: ok (1 play, 2 steps)\n")
        #expect(result.stderr == "")
    }

    @Test func theExamplePlaybooksValidateCleanly() throws {
        let files = ["deploy", "rolling-restart", "health-check", "hello"].map { "playbooks/\($0).yml" }
        let result = try PbrunBinary.run(["validate"] + files, in: PbrunBinary.repositoryRoot)
        #expect(result.status == 0)
        #expect(result.stderr == "")
        #expect(result.stdout == """
            playbooks/deploy.yml: ok (1 play, 5 steps, 2 handlers)
            playbooks/rolling-restart.yml: ok (1 play, 6 steps)
            playbooks/health-check.yml: ok (1 play, 7 steps)
            playbooks/hello.yml: ok (1 play, 2 steps)
            4 playbooks: 4 ok, 0 with errors

            """)
    }

    @Test func errorsArePrintedWithSourceLineAndCaretAndExitFour() throws {
        let result = try PbrunBinary.run(["validate", "playbook.yml"], in: invalid + "/many-errors-at-once")
        #expect(result.status == 4)
        #expect(result.stderr == """
            playbook.yml:3:8: error: 'forks' expects a whole number, found 'many'
            forks: many
                   ^
            playbook.yml:7:5: error: unknown key 'timout' (did you mean 'timeout'?)
                timout: 5s
                ^
            playbook.yml:9:13: error: step 'two' needs 'zero', which is not a step of this play
                needs: [zero]
                        ^
            playbook.yml:11:20: error: 'ignore_errors' expects a boolean (true or false), found 'sometimes'
                ignore_errors: sometimes
                               ^

            """)
        #expect(result.stdout == "playbook.yml: 4 errors\n")
    }

    @Test func severalFilesGetATotalLine() throws {
        let result = try PbrunBinary.run(["validate", "forks-zero/playbook.yml", "needs-cycle/playbook.yml"],
                                         in: invalid)
        #expect(result.status == 4)
        #expect(result.stdout == """
            forks-zero/playbook.yml: 1 error
            needs-cycle/playbook.yml: 1 error
            2 playbooks: 0 ok, 2 with errors (2 errors)

            """)
        #expect(result.stderr.contains("needs-cycle/playbook.yml:9:13: note: 'b' needs 'a' here\n"))
    }

    @Test func jsonFormatListsFilesAndDiagnostics() throws {
        for flags in [["--json"], ["--format", "json"], ["--format=json"]] {
            let result = try PbrunBinary.run(["validate"] + flags + ["playbook.yml"], in: invalid + "/forks-zero")
            #expect(result.status == 4)
            #expect(result.stderr == "")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            #expect(json["ok"] as? Bool == false)
            #expect(json["errors"] as? Int == 1)
            let diagnostic = try #require((json["diagnostics"] as? [[String: Any]])?.first)
            #expect(diagnostic["file"] as? String == "playbook.yml")
            #expect(diagnostic["line"] as? Int == 3)
            #expect(diagnostic["column"] as? Int == 8)
            #expect(diagnostic["severity"] as? String == "error")
            #expect(diagnostic["message"] as? String == "'forks' must be at least 1, found 0")
            #expect(diagnostic["source_line"] as? String == "forks: 0")
            let file = try #require((json["files"] as? [[String: Any]])?.first)
            #expect(file["path"] as? String == "playbook.yml")
            #expect(file["ok"] as? Bool == false)
        }
    }

    @Test func jsonForAValidPlaybookCountsItsParts() throws {
        let result = try PbrunBinary.run(["validate", "--json", "playbook.yml"],
                                         in: PlaybookFixtures.path("valid/every-field"))
        #expect(result.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let file = try #require((json["files"] as? [[String: Any]])?.first)
        #expect(file["plays"] as? Int == 3)
        #expect(file["steps"] as? Int == 11)
        #expect(file["handlers"] as? Int == 2)
        #expect((json["diagnostics"] as? [Any])?.isEmpty == true)
    }

    @Test func aMissingFileIsAnError() throws {
        let result = try PbrunBinary.run(["validate", "nope.yml"], in: invalid)
        #expect(result.status == 4)
        #expect(result.stderr == "error: nope.yml: no such file\n")
    }

    @Test func usageErrorsExitFive() throws {
        let none = try PbrunBinary.run(["validate"], in: invalid)
        #expect(none.status == 5)
        #expect(none.stderr == "pbrun validate: validate needs at least one playbook file\n"
            + "Run 'pbrun validate --help' for usage.\n")
        let format = try PbrunBinary.run(["validate", "--format", "jsn", "x.yml"], in: invalid)
        #expect(format.status == 5)
        #expect(format.stderr.hasPrefix("pbrun validate: --format takes 'text' or 'json', not 'jsn' (did you mean 'json'?)\n"))
    }

    @Test func schemaPrintsAJSONSchemaOfEveryKey() throws {
        let result = try PbrunBinary.run(["schema"], in: invalid)
        #expect(result.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(json["$schema"] as? String == "http://json-schema.org/draft-07/schema#")
        #expect(json["required"] as? [String] == ["pbrun"])
        let properties = try #require(json["properties"] as? [String: Any])
        #expect(Set(properties.keys) == Set(PlaybookSchema.topLevelKeys))
        let definitions = try #require(json["definitions"] as? [String: Any])
        let step = try #require(definitions["step"] as? [String: Any])
        #expect(Set((step["properties"] as? [String: Any])?.keys.map { $0 } ?? []) == Set(PlaybookSchema.step.keys))
        #expect((step["oneOf"] as? [Any])?.count == 7)
        #expect(step["additionalProperties"] as? Bool == false)
    }

    @Test func schemaAsText() throws {
        let result = try PbrunBinary.run(["schema", "--format", "text"], in: invalid)
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("pbrun playbook format, version 1\n\nfile header:\n  pbrun        Format version: 1.\n"))
        #expect(result.stdout.contains("\n  ok_exit        Exit codes that count as success (default [0]).\n"))
    }
}
