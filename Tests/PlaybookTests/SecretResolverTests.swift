import Foundation
import Testing
import Playbook

@Suite struct SecretResolverTests {
    static func directory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pbrun-secrets-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("keys"),
                                                withIntermediateDirectories: true)
        return directory
    }

    @Test func resolvesEnvironmentAndFileReferencesAnywhereInAValue() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("file-secret\n".utf8).write(to: directory.appendingPathComponent("keys/db.txt"))
        let playbook = directory.appendingPathComponent("play.yml").path
        try Data("""
            pbrun: 1
            vars:
              db:
                host: db1
                password: {secret_env: PBRUN_TEST_DB}
              api_key: {secret_file: keys/db.txt}
            """.utf8).write(to: URL(fileURLWithPath: playbook))
        let document = try #require(try YAMLLoader.load(contentsOf: playbook).first)
        let vars = try #require(document.pairs?.first { $0.key.scalar?.text == "vars" }?.value)
        let layer = try #require(VariableLayer(.playbook, name: "playbook", mapping: vars))
        let resolved = try SecretResolver(environment: ["PBRUN_TEST_DB": "env-secret"]).resolve(layer)
        #expect(resolved.values["api_key"] == .string("file-secret"))
        #expect(resolved.secretNames == ["db", "api_key"])
        #expect(resolved.secretValues == ["env-secret", "file-secret"])
        let scope = VariableScope(layers: [resolved])
        #expect(scope.secretValues == ["env-secret", "file-secret"], "db.host is not a secret")
        let rendered = try Template(TemplateSource("psql -h {{ db.host }} -W {{ db.password }}", named: "t"))
            .renderTracked(in: scope)
        #expect(rendered.text == "psql -h db1 -W env-secret")
        #expect(rendered.usesSecret)
        #expect(SecretMasker(secrets: scope.secretValues).mask(rendered.text) == "psql -h db1 -W ********")
    }

    @Test func missingSecretsAreErrorsAtTheirDefinition() throws {
        let layer = VariableLayer(.play, name: "play", values: Value.OrderedMap([
            ("a", .map(Value.OrderedMap([("secret_env", .string("PBRUN_NOT_SET"))]))),
            ("b", .map(Value.OrderedMap([("secret_file", .string("nope.txt"))]))),
            ("c", .map(Value.OrderedMap([("secret_env", .string("X")), ("extra", .int(1))]))),
        ]), locations: ["a": SourceLocation(file: "/p/play.yml", line: 4, column: 8),
                        "b": SourceLocation(file: "/p/play.yml", line: 5, column: 8),
                        "c": SourceLocation(file: "/p/play.yml", line: 6, column: 8)],
           defaultLocation: SourceLocation(file: "/p/play.yml", line: 3, column: 3))
        #expect(throws: DiagnosticList.self) { try SecretResolver(environment: [:]).resolve(layer) }
        do {
            _ = try SecretResolver(environment: [:]).resolve(layer)
        } catch {
            #expect(error.diagnostics.map(\.description) == [
                "/p/play.yml:4:8: error: environment variable 'PBRUN_NOT_SET' is not set (named by secret_env)",
                "/p/play.yml:5:8: error: secret_file 'nope.txt' cannot be read (looked for /p/nope.txt)",
                "/p/play.yml:6:8: error: a 'secret_env' mapping must have no other keys (found 'extra')",
            ])
        }
    }

    @Test func everyValueOfASecretsFileIsSecretAndNeverExpanded() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("secrets.yml").path
        try Data("token: \"t0k{{en}}\"\nport: 5432\n".utf8).write(to: URL(fileURLWithPath: path))
        let layer = try SecretsFile.layer(contentsOf: path)
        #expect(layer.precedence == .extra)
        let scope = VariableScope(layers: [layer])
        #expect(try Template(TemplateSource("{{ token }}", named: "t")).render(in: scope) == "t0k{{en}}")
        #expect(scope.secretValues == ["t0k{{en}}"])
    }

    @Test func aSecretStepsOutputIsMaskedOnceItRan() throws {
        var scope = VariableScope()
        scope.register("token", StepResult(exit: 0, stdout: "tok-123\n", isSecret: true))
        scope.setStepResults([("issue-token", StepResult(exit: 0, stdout: "tok-123\n", isSecret: true))])
        #expect(scope.secretValues.contains("tok-123\n"))
        let masker = SecretMasker(secrets: []).adding(scope.secretValues)
        #expect(masker.mask("got tok-123\n!") == "got ********!")
        let template = try Template(TemplateSource("{{ steps['issue-token'].stdout }}", named: "t"))
        #expect(try template.renderTracked(in: scope).usesSecret)
    }
}
