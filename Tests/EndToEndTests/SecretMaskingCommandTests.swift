import Foundation
import Testing
@testable import TestSupport

/// The real binary never prints a secret, a string computed from one, or a become password: not
/// in `plan`'s text or JSON (any field), not in the errors of `plan` and `validate`, not in
/// `hosts --host NAME --playbook`. The mask stands where the value was.
@Suite struct SecretMaskingCommandTests {
    static let secret = "Hunter2-sekrit"
    static let becomePassword = "B3come-pw-77"

    /// Every text a leak could take: the secret, the become password and what the playbook computes
    /// from them.
    static let leaks = [
        secret, secret.uppercased(), secret.lowercased(), "SHVudGVyMi1zZWtyaXQ=", "SHVUDGVYMI1ZZWTYAXQ=", "sekrit",
        becomePassword, becomePassword.uppercased(),
    ]

    static let inventory = """
        h1 ansible_host=127.0.0.1 ansible_become_password=\(becomePassword)

        """

    static let playbook = """
        pbrun: 1
        hosts: all
        vars:
          pw: {secret_env: MASKING_TEST_PW}
          token: "{{ pw | b64encode }}"
        steps:
          - name: shell
            run: echo {{ pw | upper }} {{ token }} {{ token | upper }} {{ pw ~ '-x' }}
            env:
              LOWER: "{{ pw | lower }}"
            cwd: "/tmp/{{ pw | upper }}"
            creates: "/tmp/{{ pw | b64encode }}"
            removes: "/tmp/{{ pw | replace('Hunter2-', '') }}"
            unless: "test -e /tmp/{{ pw | lower }}"
            check: "test -e /tmp/{{ pw | upper }}"
          - name: words
            argv: [echo, "{{ pw | upper }}", "{{ ansible_become_password }}"]
          - name: script
            script: {src: setup.sh, args: ["{{ pw | lower }}", "{{ ansible_become_password | upper }}"]}

        """

    private func run(_ arguments: [String], playbook: String = Self.playbook,
                     inventory: String = Self.inventory) throws -> ProcessResult {
        let scratch = try PlanScratch()
        defer { scratch.remove() }
        try scratch.write("inventory.ini", inventory)
        try scratch.write("playbook.yml", playbook)
        try scratch.write("setup.sh", "echo set up\n")
        return try PbrunBinary.run(arguments, in: scratch.folder, adding: ["MASKING_TEST_PW": Self.secret])
    }

    private func expectNoLeak(_ result: ProcessResult, sourceLocation: SourceLocation = #_sourceLocation) {
        for leak in Self.leaks {
            #expect(!result.stdout.contains(leak), "stdout shows '\(leak)':\n\(result.stdout)",
                    sourceLocation: sourceLocation)
            #expect(!result.stderr.contains(leak), "stderr shows '\(leak)':\n\(result.stderr)",
                    sourceLocation: sourceLocation)
        }
    }

    @Test func planTextMasksDerivedSecretsInEveryField() throws {
        let result = try run(["plan", "playbook.yml", "-i", "inventory.ini"])
        #expect(result.status == 0, "\(result.stderr)")
        expectNoLeak(result)
        for line in [
            "run: echo ******** ******** ******** ********-x",
            "creates: /tmp/******** (skip when it exists; checked on the host)",
            "removes: /tmp/******** (skip unless it exists; checked on the host)",
            "unless: test -e /tmp/******** (skip when it exits 0; run on the host)",
            "check: test -e /tmp/******** (probe for run --check)",
            "env: LOWER=********",
            "cwd: /tmp/********",
            "run: echo ******** ********",
            "script: setup.sh ******** ********",
        ] {
            #expect(result.stdout.contains("         " + line + "\n"), "missing '\(line)' in:\n\(result.stdout)")
        }
    }

    @Test func planJSONMasksDerivedSecretsInEveryField() throws {
        let result = try run(["plan", "playbook.yml", "-i", "inventory.ini", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        expectNoLeak(result)
        for field in [
            #""command": "echo ******** ******** ******** ********-x""#, #""creates": "/tmp/********""#,
            #""removes": "/tmp/********""#, #""unless": "test -e /tmp/********""#, #""cwd": "/tmp/********""#,
            #""LOWER": "********""#, #""arguments": "******** ********""#,
        ] {
            #expect(result.stdout.contains(field), "missing \(field) in:\n\(result.stdout)")
        }
    }

    static let failingPlaybook = """
        pbrun: 1
        hosts: all
        vars:
          pw: {secret_env: MASKING_TEST_PW}
          ports: {web: 80}
        steps:
          - run: echo {{ pw | int }}
          - run: echo {{ ports[pw | lower] }}
          - run: echo {{ (pw | b64encode) | float }}
          - run: echo {{ ansible_become_password | upper | int }}
          - run: echo hi
            when: pw | upper

        """

    @Test func planErrorsMaskSecretsAndWhatWasComputedFromThem() throws {
        let result = try run(["plan", "playbook.yml", "-i", "inventory.ini"], playbook: Self.failingPlaybook)
        #expect(result.status == 4)
        expectNoLeak(result)
        let errors = result.stderr.split(separator: "\n").filter { $0.contains(": error: ") }
        #expect(errors == [
            #"playbook.yml:7:23: error: filter 'int': cannot convert string "********" to int (on host h1)"#,
            "playbook.yml:8:24: error: 'ports' has no key '********' (on host h1)",
            #"playbook.yml:9:37: error: filter 'float': cannot convert string "********" to float (on host h1)"#,
            #"playbook.yml:10:52: error: filter 'int': cannot convert string "********" to int (on host h1)"#,
            "playbook.yml:12:11: error: condition must be true or false, but 'pw | upper' is string \"********\" "
                + "(use '| bool' to convert text) (on host h1)",
        ], "\(result.stderr)")
    }

    @Test func validateMasksEveryPasswordVariableInInventoryErrors() throws {
        let inventory = """
            [web]
            h1 ansible_ssh_password=\(Self.secret) ansible_sudo_pass=\(Self.becomePassword) broken

            """
        let result = try run(["validate", "playbook.yml", "-i", "inventory.ini"], inventory: inventory)
        #expect(result.status == 4, "\(result.stdout)\(result.stderr)")
        expectNoLeak(result)
        #expect(result.stderr.contains("ansible_ssh_password=******** ansible_sudo_pass=********"), "\(result.stderr)")
    }

    @Test func validateWithAnInventoryNeverQuotesASecret() throws {
        for playbook in [Self.playbook, Self.failingPlaybook] {
            let result = try run(["validate", "playbook.yml", "-i", "inventory.ini"], playbook: playbook)
            expectNoLeak(result)
            if result.status != 0 { #expect(result.stderr.contains("********"), "\(result.stderr)") }
        }
    }

    @Test func hostsWithAPlaybookMasksTheBecomePasswordAndDerivedSecrets() throws {
        let result = try run(["hosts", "-i", "inventory.ini", "--host", "h1", "--playbook", "playbook.yml"])
        #expect(result.status == 0, "\(result.stderr)")
        expectNoLeak(result)
        #expect(result.stdout.contains(#"  ansible_become_password = "********"    [inventory host: host 'h1']"#),
                "\(result.stdout)")
        #expect(result.stdout.contains(#"  token = "{{ pw | b64encode }}" → "********"    [playbook vars]"#),
                "\(result.stdout)")
    }
}
