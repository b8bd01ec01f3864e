import Foundation
import Testing
@testable import TestSupport

/// `pbrun plan` end to end: the real binary, its exact output and exit code. It connects to nothing, so
/// an inventory whose hosts do not answer plans just as well.
@Suite struct CheckPlanCommandTests {
    private func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("pbrun-plan-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// An inventory of two hosts on a port where nothing listens.
    private func deadInventory(in folder: URL) throws -> (url: URL, port: Int) {
        let port = try TestFleet.freePort()
        let url = folder.appendingPathComponent("inventory.ini")
        try "[web]\nweb1 ansible_host=127.0.0.1 ansible_port=\(port)\nweb2 ansible_host=127.0.0.1 ansible_port=\(port)\n"
            .write(to: url, atomically: true, encoding: .utf8)
        return (url, port)
    }

    @Test func printsTheRenderedPlanWithoutConnecting() throws {
        let base = try folder()
        defer { try? FileManager.default.removeItem(at: base) }
        let (inventory, port) = try deadInventory(in: base)
        let playbook = base.appendingPathComponent("site.yml")
        try """
            pbrun: 1
            hosts: web
            steps:
              - name: greet
                run: echo {{ greeting }} from {{ inventory_hostname }}
              - name: follow up
                run: echo done
                when: steps.greet.stdout != ''
            """.write(to: playbook, atomically: true, encoding: .utf8)
        let run = try PbrunBinary.run(["plan", playbook.path, "-i", inventory.path, "-e", "greeting=hi",
                                                     "-l", "web2", "-F", "none"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr == "")
        #expect(run.stdout == """
            play 1: play 1 (\(playbook.path):1:1)
              strategy linear
              batch 1 of 1: web2
                host web2 (127.0.0.1:\(port))
                  1. greet [greet]
                     run: echo hi from web2
                  2. follow up [follow-up] — decided at run time: when: 'steps.greet.stdout != ''' reads results of earlier steps
                     needs: greet
                     when: steps.greet.stdout != ''

            """)
        let json = try PbrunBinary.run(["plan", playbook.path, "-i", inventory.path, "-e", "greeting=hi",
                                                      "--json", "-F", "none"])
        #expect(json.status == 0)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(document["format"] as? Int == 1)
        #expect((document["hosts"] as? [[String: Any]])?.compactMap { $0["name"] as? String } == ["web1", "web2"])
        let graph = try PbrunBinary.run(["plan", playbook.path, "-i", inventory.path, "-e", "greeting=hi",
                                                       "--graph", "--graph-format", "mermaid", "-F", "none"])
        #expect(graph.stdout == """
            flowchart TD
              subgraph play1["play 1: play 1"]
                p1s1["1. greet"]
                p1s2["2. follow up (decided at run time)"]
                p1s1 --> p1s2
              end

            """)
    }

    @Test func exitsFourWithEveryDiagnosticWhenThePlaybookCannotRun() throws {
        let base = try folder()
        defer { try? FileManager.default.removeItem(at: base) }
        let inventory = try deadInventory(in: base).url
        let playbook = base.appendingPathComponent("bad.yml")
        try """
            pbrun: 1
            plays:
              - hosts: web
                steps:
                  - run: echo {{ missing }}
              - hosts: db
                steps:
                  - run: "true"
            """.write(to: playbook, atomically: true, encoding: .utf8)
        let run = try PbrunBinary.run(["plan", playbook.path, "-i", inventory.path, "-F", "none"])
        #expect(run.status == 4)
        #expect(run.stdout == "")
        #expect(run.stderr == """
            \(playbook.path):5:22: error: undefined variable 'missing' (on hosts web1, web2)
                  - run: echo {{ missing }}
                                 ^
            \(playbook.path):6:12: error: host pattern 'db' matches no group and no host
              - hosts: db
                       ^
            pbrun plan: 2 error(s)

            """)
    }

    @Test func rejectsConflictingOutputOptions() throws {
        let run = try PbrunBinary.run(["plan", "x.yml", "-i", "y.ini", "--graph", "--json"])
        #expect(run.status == 5)
        #expect(run.stderr.contains("--graph and --json print different things; choose one"))
        let diff = try PbrunBinary.run(["run", "x.yml", "-i", "y.ini", "--diff"])
        #expect(diff.status == 5)
        #expect(diff.stderr.contains("--diff needs --check"))
    }
}
