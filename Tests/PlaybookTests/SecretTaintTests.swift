import Testing
import Playbook

/// The taint rule: every string a template computes from a secret, or from a string computed from
/// one, is reported as a derived secret; and no error a template raises quotes a secret or a derived
/// secret in clear.
@Suite struct SecretTaintTests {
    static let secret = "hunter2-sekrit"

    static let scope = VariableScope(layers: [
        VariableLayer(.play, name: "play", values: Value.OrderedMap([
            ("user", .string("admin")),
            ("ports", .map(Value.OrderedMap([("web", .int(80))]))),
            ("token", .string("{{ pw | b64encode }}")),
        ]), file: "p.yml"),
        VariableLayer(.extra, name: "secrets", values: Value.OrderedMap([
            ("pw", .string(secret)),
            ("creds", .string(#"{"user": "app", "password": "j50n-Passw0rd"}"#)),
        ]), defaultLocation: nil, secretNames: ["pw", "creds"]),
    ])

    static func render(_ text: String) throws -> RenderedTemplate {
        try Template(TemplateSource(text, named: "t.yml")).renderWithSecrets(in: scope)
    }

    static func renderError(_ text: String) -> String {
        do {
            _ = try render(text)
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    static func conditionError(_ text: String) -> String {
        do {
            _ = try Condition(TemplateSource(text, named: "t.yml")).evaluate(in: scope)
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    // MARK: - Propagation

    @Test func aFilterOverADerivedSecretIsDerivedToo() throws {
        let rendered = try Self.render("{{ (pw | b64encode) | upper }}")
        #expect(rendered.text == "AHVUDGVYMI1ZZWTYAXQ=")
        #expect(rendered.derivedSecrets.contains("AHVUDGVYMI1ZZWTYAXQ="))
    }

    @Test func aDerivedSecretKeepsItsTaintThroughAVariable() throws {
        let rendered = try Self.render("{{ token | upper }}")
        #expect(rendered.usesSecret)
        #expect(rendered.derivedSecrets == ["aHVudGVyMi1zZWtyaXQ=", "AHVUDGVYMI1ZZWTYAXQ="])
    }

    @Test func anotherHostsPasswordReadThroughHostvarsIsASecretToo() throws {
        var scope = VariableScope(layers: [])
        scope.setHostVariables(hosts: ["db1"]) { host in
            host == "db1" ? .map(Value.OrderedMap([("ansible_become_password", .string("db-Sudo-pw"))])) : nil
        }
        let rendered = try Template(TemplateSource("{{ hostvars['db1'].ansible_become_password | upper }}",
                                                   named: "t.yml")).renderWithSecrets(in: scope)
        #expect(rendered.text == "DB-SUDO-PW")
        #expect(rendered.usesSecret)
        #expect(rendered.derivedSecrets == ["DB-SUDO-PW"])
        // Read whole: the JSON shows the password (the masker finds it); its encoding is derived.
        let whole = try Template(TemplateSource("{{ hostvars | to_json | b64encode }}", named: "t.yml"))
            .renderWithSecrets(in: scope)
        #expect(whole.usesSecret)
        #expect(whole.derivedSecrets == [whole.text])
    }

    @Test func partsOfASecretAreDerivedSecrets() throws {
        #expect(try Self.render("{{ pw | replace('hunter2-', '') }}").derivedSecrets == ["sekrit"])
        #expect(try Self.render("{{ pw | split('-') | last }}").derivedSecrets.contains("sekrit"))
        #expect(try Self.render("{{ pw | split('-') }}").derivedSecrets.isSuperset(of: ["hunter2", "sekrit"]))
    }

    @Test func stringsInsideAStructureParsedFromASecretAreDerivedSecrets() throws {
        let rendered = try Self.render("{{ (creds | from_json).password }}")
        #expect(rendered.text == "j50n-Passw0rd")
        #expect(rendered.derivedSecrets.contains("j50n-Passw0rd"))
    }

    @Test func plainValuesStayPlain() throws {
        let rendered = try Self.render("{{ user | upper }} {{ (user ~ '-x') | b64encode }} {{ pw | length }}")
        #expect(rendered.derivedSecrets.isEmpty)
    }

    // MARK: - Errors

    @Test func anErrorQuotingASecretMasksIt() {
        let message = Self.renderError("{{ pw | int }}")
        #expect(message == #"t.yml:1:9: error: filter 'int': cannot convert string "********" to int"#)
    }

    @Test func anErrorQuotingADerivedSecretMasksIt() {
        let message = Self.renderError("{{ (pw | upper) | int }}")
        #expect(message == #"t.yml:1:19: error: filter 'int': cannot convert string "********" to int"#)
        let nested = Self.renderError("{{ (token | upper) | float }}")
        #expect(!nested.contains("AHVUDG") && nested.contains("********"), "\(nested)")
    }

    @Test func aMissingKeyNamedBySecretIsMasked() {
        let message = Self.renderError("{{ ports[pw] }}")
        #expect(message == "t.yml:1:10: error: 'ports' has no key '********'")
    }

    @Test func aConditionThatIsASecretStringIsMasked() {
        let message = Self.conditionError("pw | upper")
        #expect(message == "t.yml:1:1: error: condition must be true or false, but 'pw | upper' is string "
            + #""********" (use '| bool' to convert text)"#)
    }

    // MARK: - Password variables

    @Test func passwordVariablesAreSecretInEveryLayer() throws {
        let layer = VariableLayer(.inventoryHost, name: "host 'h1'", values: Value.OrderedMap([
            ("ansible_host", .string("10.0.0.1")), ("ansible_become_password", .string("B3come-pw")),
            ("ansible_sudo_pass", .string("Sud0-pw")),
        ]), file: "inv.ini")
        #expect(layer.secretNames == ["ansible_become_password", "ansible_sudo_pass"])
        #expect(layer.secretValues == ["B3come-pw", "Sud0-pw"])
        let scope = VariableScope(layers: [layer])
        let rendered = try Template(TemplateSource("{{ ansible_become_password | upper }}", named: "t.yml"))
            .renderWithSecrets(in: scope)
        #expect(rendered.usesSecret)
        #expect(rendered.derivedSecrets == ["B3COME-PW"])
    }

    @Test func aPasswordVariableHoldingATemplateIsSecretAsRendered() throws {
        let layer = VariableLayer(.inventoryGroup, name: "group 'web'", values: Value.OrderedMap([
            ("vault_become", .string("Fr0m-vault")), ("ansible_become_pass", .string("{{ vault_become }}")),
        ]), file: "inv.yml")
        #expect(layer.secretValues.isEmpty, "the template's text is not the password")
        let rendered = try Template(TemplateSource("echo {{ ansible_become_pass }}", named: "t.yml"))
            .renderWithSecrets(in: VariableScope(layers: [layer]))
        #expect(rendered.usesSecret)
        #expect(rendered.derivedSecrets == ["Fr0m-vault"])
    }
}
