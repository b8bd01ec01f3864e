import Foundation
import Testing
@testable import TestSupport

/// `pbrun hosts --host NAME --playbook P`: the real binary prints what the host sees in each play,
/// merged across inventory, playbook, play and extra vars, with origins, rendered templates and
/// masked secrets.
@Suite struct HostsPlaybookCommandTests {
    private static let inventory = """
        all:
          vars:
            ansible_host: "{{ inventory_hostname }}.example.com"
            http_port: 80
          children:
            web:
              vars:
                http_port: 8080
              hosts:
                web1:
                  url: "http://{{ ansible_host }}:{{ http_port }}"
            db:
              hosts:
                db1:

        """

    private static let playbook = """
        pbrun: 1
        vars:
          release: "1.4.2"
          channel: stable
        plays:
          - name: Deploy
            hosts: web
            vars:
              db_password: {secret_env: HOSTS_TEST_DB_PASSWORD}
              dsn: "postgres://app:{{ db_password }}@db1"
              channel: canary
            steps:
              - run: "true"
          - name: Database
            hosts: db
            steps:
              - run: "true"

        """

    private func run(_ arguments: [String]) throws -> ProcessResult {
        let scratch = try PlanScratch()
        defer { scratch.remove() }
        try scratch.write("inventory.yml", Self.inventory)
        try scratch.write("playbook.yml", Self.playbook)
        return try PbrunBinary.run(["hosts", "-i", "inventory.yml"] + arguments, in: scratch.folder,
                                   environment: ["HOSTS_TEST_DB_PASSWORD": "s3cret-pw"])
    }

    /// A templated `hosts:` targets what the planner renders it to (with `-e` here).
    @Test func aTemplatedHostPatternIsRenderedAsThePlanRendersIt() throws {
        let scratch = try PlanScratch()
        defer { scratch.remove() }
        try scratch.write("inventory.yml", Self.inventory)
        try scratch.write("playbook.yml", """
            pbrun: 1
            hosts: "{{ target }}"
            steps:
              - run: "true"
            """)
        let result = try PbrunBinary.run(["hosts", "-i", "inventory.yml", "--host", "db1", "--playbook", "playbook.yml",
                                          "-e", "target=db"], in: scratch.folder)
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("play 1 '{{ target }}' (hosts: {{ target }})\n"), "\(result.stdout)")
        #expect(!result.stdout.contains("is not in this play"))
    }

    @Test func showsEachPlaysMergedVariablesWithOrigins() throws {
        let result = try run(["--host", "web1", "--playbook", "playbook.yml", "-e", "release=1.5.0"])
        #expect(result.stderr == "")
        #expect(result.status == 0)
        #expect(result.stdout == """
            play 1 'Deploy' (hosts: web)
              ansible_host = "{{ inventory_hostname }}.example.com" → "web1.example.com"    [inventory all: group 'all']
              http_port = 8080    [inventory group: group 'web']
              url = "http://{{ ansible_host }}:{{ http_port }}" → "http://web1.example.com:8080"    [inventory host: host 'web1']
              release = "1.5.0"    [extra vars]
              channel = "canary"    [play vars: play 'Deploy']
              db_password = "********"    [play vars: play 'Deploy']
              dsn = "postgres://app:{{ db_password }}@db1" → "postgres://app:********@db1"    [play vars: play 'Deploy']
              built-ins:
                host = {"name":"web1","address":"web1.example.com","groups":["web"]}
                play = {"name":"Deploy"}
                run = {"id": (set by the run), "started": (set by the run)}
                inventory_hostname = "web1"
                group_names = ["web"]
                groups = {"all":["web1","db1"],"ungrouped":[],"web":["web1"],"db":["db1"]}
            play 2 'Database' (hosts: db): web1 is not in this play

            """)
        #expect(!result.stdout.contains("s3cret-pw"))
    }

    @Test func aPlayVarTemplateErrorIsShownInPlaceOfTheValue() throws {
        let result = try run(["--host", "db1", "--playbook", "playbook.yml", "-e", "{\"broken\": \"{{ nope }}\"}"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("""
              broken = "{{ nope }}" → error: <extra vars>:1:4: undefined variable 'nope'    [extra vars]

            """))
        #expect(result.stdout.hasPrefix("play 1 'Deploy' (hosts: web): db1 is not in this play\nplay 2 'Database'"))
        // Play 1's secret_env is not needed for db1, so an unset variable is no error here.
        let scratch = try PlanScratch()
        defer { scratch.remove() }
        try scratch.write("inventory.yml", Self.inventory)
        try scratch.write("playbook.yml", Self.playbook)
        let withoutSecret = try PbrunBinary.run(["hosts", "-i", "inventory.yml", "--host", "db1", "--playbook",
                                                 "playbook.yml"], in: scratch.folder)
        #expect(withoutSecret.status == 0)
        #expect(withoutSecret.stderr == "")
    }

    @Test func anUnknownHostOrAMissingHostOptionIsAnError() throws {
        let unknown = try run(["--host", "web9", "--playbook", "playbook.yml"])
        #expect(unknown.status == 4)
        #expect(unknown.stderr == "pbrun hosts: no host 'web9' in the inventory (inventory.yml) (did you mean 'web1'?)\n")
        let missing = try run(["--playbook", "playbook.yml"])
        #expect(missing.status == 5)
        #expect(missing.stderr.contains("--playbook needs --host NAME"))
    }

    @Test func connectionShowsRenderedTemplatedConnectionVariables() throws {
        let result = try run(["--connection", "web1"])
        #expect(result.status == 0)
        #expect(result.stderr == "")
        #expect(result.stdout.contains(
            "  address           web1.example.com              inventory ansible_host (inventory.yml:3:5)\n"))
    }

    @Test func helpSaysWhichLayersAreMerged() throws {
        let help = try run(["--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("merged as a run merges them: inventory all, group and host vars"))
    }
}
