import Foundation
import Testing
@testable import TestSupport

/// A real run never shows a string computed from a secret (`| upper`, `| b64encode`, parts of it),
/// the inventory's become password or the passwords pbrun reads from its environment: not on the
/// console, in `--output-dir` files, the events file or any report, whether the template was
/// rendered when the plan was made or only at run time.
@Suite struct SecretTaintRunTests {
    @Test func derivedSecretsAndTheBecomePasswordAreMaskedInEveryOutput() throws {
        let fleet = try TestFleet.shared()
        let scratch = try RunScratch()
        let secret = "Taint-\(UUID().uuidString.prefix(8))"
        let becomePassword = "Bec0me-\(UUID().uuidString.prefix(8))"
        let loginPassword = "L0gin-\(UUID().uuidString.prefix(8))"
        let passphrase = "Phr4se-\(UUID().uuidString.prefix(8))"
        let base64 = Data(secret.utf8).base64EncodedString()
        let leaks = [secret, secret.uppercased(), secret.lowercased(), base64, base64.uppercased(),
                     String(secret.dropFirst(6)), becomePassword, becomePassword.uppercased(), loginPassword,
                     passphrase]
        let inventory = try scratch.write("extra.inventory.yml", """
            all:
              vars:
                ansible_become_password: \(becomePassword)
            """)
        let playbook = try scratch.write("taint.yml", """
            pbrun: 1
            hosts: h0001
            vars:
              pw: {secret_env: PBRUN_TEST_TAINT}
              token: "{{ pw | b64encode }}"
            steps:
              - name: plan time
                run: echo "{{ pw | upper }} {{ token | upper }} {{ pw | replace('Taint-', '') }}"; echo "$LOWER" >&2
                env:
                  LOWER: "{{ pw | lower }}"
              - name: run time
                run: echo "{{ token }}-{{ steps["plan-time"].exit }} {{ ansible_become_password | upper }}"
              - name: credentials
                run: echo "\(loginPassword) \(passphrase)"
              - name: fails at run time
                run: echo "{{ (pw | upper) | int + steps["plan-time"].exit }}"
            """)
        var environment = ProcessInfo.processInfo.environment
        environment["PBRUN_TEST_TAINT"] = secret
        // Keys log in first, so these are never used; a run still masks them wherever they appear.
        environment["PBRUN_PASSWORD"] = loginPassword
        environment["PBRUN_KEY_PASSPHRASE"] = passphrase
        let result = try PbrunBinary.run([
            "run", playbook, "-i", fleet.inventory.path, "-i", inventory, "--color", "never", "-v",
            "-o", scratch.path("out"), "--report", "json=\(scratch.path("report.json"))",
            "--report", "junit=\(scratch.path("junit.xml"))", "--report", "html=\(scratch.path("report.html"))",
            "--events", scratch.path("events.jsonl"),
        ], environment: environment)
        #expect(result.status == 2, "stdout: \(result.stdout) stderr: \(result.stderr)")
        #expect(scratch.read("out/h0001/01-plan-time.stdout") == "******** ******** ********\n")
        #expect(scratch.read("out/h0001/01-plan-time.stderr") == "********\n")
        #expect(scratch.read("out/h0001/02-run-time.stdout") == "********-0 ********\n")
        #expect(scratch.read("out/h0001/03-credentials.stdout") == "******** ********\n")
        var everything = result.stdout + result.stderr
        for file in ["report.json", "junit.xml", "report.html", "events.jsonl", "out/h0001/01-plan-time.stdout",
                     "out/h0001/01-plan-time.stderr", "out/h0001/02-run-time.stdout",
                     "out/h0001/03-credentials.stdout"] {
            everything += try #require(scratch.read(file), "\(file) was not written")
        }
        for leak in leaks {
            #expect(!everything.contains(leak), "'\(leak)' leaked:\n\(result.stdout)\(result.stderr)")
        }
        #expect(everything.contains(#"cannot convert string \"********\" to int"#)
                    || everything.contains(#"cannot convert string "********" to int"#),
                "the run-time error shows the mask where the value was:\n\(result.stdout)")
    }
}
