import Foundation
import Testing
@testable import TestSupport

/// Secrets never appear in anything `pbrun run` writes: console, output files, JSON, JUnit, HTML, the
/// events file, and the report's provenance.
@Suite struct SecretRunTests {
    @Test func secretValuesAreMaskedInEveryOutput() throws {
        let fleet = try TestFleet.shared()
        let scratch = try RunScratch()
        let secret = "s3cr3t-\(UUID().uuidString.prefix(8))"
        let stepSecret = "printed-\(UUID().uuidString.prefix(8))"
        try scratch.write("secrets.yml", "api_token: \(secret)-file\n")
        let playbook = try scratch.write("secret.yml", """
            pbrun: 1
            hosts: h0000
            vars:
              db_password: {secret_env: PBRUN_TEST_DB_PASSWORD}
            steps:
              - name: leak it
                run: echo "password={{ db_password }} token={{ api_token }}"; echo "{{ db_password }}" >&2
              - name: secret output
                run: echo \(stepSecret)
                secret: true
              - name: fail with it
                run: echo "{{ db_password }}"; exit 1
            """)
        var environment = ProcessInfo.processInfo.environment
        environment["PBRUN_TEST_DB_PASSWORD"] = secret
        let result = try fleet.run(playbook, [
            "-v", "-o", scratch.path("out"), "--secrets-file", scratch.path("secrets.yml"),
            "--report", "json=\(scratch.path("report.json"))", "--report", "junit=\(scratch.path("junit.xml"))",
            "--report", "html=\(scratch.path("report.html"))", "--events", scratch.path("events.jsonl"),
        ], environment: environment)
        #expect(result.status == 2, "stdout: \(result.stdout) stderr: \(result.stderr)")
        #expect(scratch.read("out/h0000/01-leak-it.stdout") == "password=******** token=********\n")
        #expect(scratch.read("out/h0000/02-secret-output.stdout") == "********\n")
        var everything = result.stdout + result.stderr
        for file in ["report.json", "junit.xml", "report.html", "events.jsonl", "out/h0000/01-leak-it.stdout",
                     "out/h0000/01-leak-it.stderr", "out/h0000/02-secret-output.stdout", "out/h0000/03-fail-with-it.stdout"] {
            let text = try #require(scratch.read(file), "\(file) was not written")
            everything += text
        }
        #expect(!everything.contains(secret), "a secret leaked")
        #expect(!everything.contains(stepSecret), "a secret step's output leaked")
        #expect(everything.contains("********"))
    }
}
