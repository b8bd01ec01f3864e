import Foundation
import Testing
@testable import Playbook
@testable import TestSupport

/// Ansible's implicit localhost, as ansible-core 2.19 behaves (Fixtures/inventories/valid/
/// implicit-localhost, explicit-localhost and explicit-loopback hold what it printed): a pattern
/// naming `localhost`, `127.0.0.1` or `::1` that the inventory lacks gets a host of that name with
/// `ansible_connection: local`, in no group (not `all`, not `ungrouped`), seeing the `all` group's
/// variables, `group_vars/all` and its own `host_vars/`.
struct ImplicitLocalhostTests {
    private let inventoryText = """
        [all:vars]
        ansible_connection=ssh
        from_all=inventory all

        [web]
        web1
        web2
        """

    @Test func theImplicitHostIsChosenOnlyByName() throws {
        let inventory = try Inventory.parse(text: inventoryText, path: "inv.ini")
        #expect(try inventory.hosts(matching: "localhost") == ["localhost"])
        #expect(try inventory.hosts(matching: "127.0.0.1") == ["127.0.0.1"])
        #expect(try inventory.hosts(matching: "::1") == ["::1"])
        #expect(try inventory.hosts(matching: "all") == ["web1", "web2"])
        #expect(try inventory.hosts(matching: "localhost:web") == ["localhost", "web1", "web2"])
        // Two of its names in one pattern are one host, named as first written.
        #expect(try inventory.hosts(matching: "127.0.0.1,localhost") == ["127.0.0.1"])
        #expect(try inventory.hosts(matching: "localhost[0]") == ["localhost"])
        #expect(throws: DiagnosticList.self) { try inventory.hosts(matching: "ungrouped") }
        #expect(throws: DiagnosticList.self) { try inventory.hosts(matching: "local*") }
        #expect(throws: DiagnosticList.self) { try inventory.hosts(matching: "web:&localhost") }
        #expect(throws: DiagnosticList.self) { try inventory.hosts(matching: "localhost[1]") }
        // It is no inventory host: --list and the host names leave it out.
        #expect(inventory.hostNames == ["web1", "web2"])
        #expect(!inventory.hasHost("localhost"))
        #expect(inventory.groups(of: "localhost") == [])
    }

    @Test func aLimitCanNameTheImplicitHostByAnyOfItsNames() throws {
        let inventory = try Inventory.parse(text: inventoryText, path: "inv.ini")
        #expect(try inventory.hosts(matching: "localhost", limit: HostLimit("localhost"), at: nil) == ["localhost"])
        #expect(try inventory.hosts(matching: "localhost", limit: HostLimit("127.0.0.1"), at: nil) == ["localhost"])
        #expect(try inventory.hosts(matching: "web:localhost", limit: HostLimit("localhost:web1"), at: nil)
                == ["web1", "localhost"])
        #expect(throws: DiagnosticList.self) { try inventory.hosts(matching: "all", limit: HostLimit("localhost"), at: nil) }
        #expect(try inventory.hosts(within: HostLimit("localhost")).contains("localhost"))
    }

    @Test func itSeesAllGroupVariablesAndItsOwnHostVarsAndConnectsLocally() throws {
        let scratch = try PlanScratch()
        defer { scratch.remove() }
        try scratch.write("inventory.ini", inventoryText)
        try scratch.write("group_vars/all.yml", "from_group_vars_all: yes\nshadowed: group_vars all\n")
        try scratch.write("group_vars/ungrouped.yml", "from_ungrouped: yes\n")
        try scratch.write("host_vars/localhost.yml", "shadowed: host_vars localhost\n")
        let inventory = try Inventory.load(sources: [scratch.folder + "/inventory.ini"])
        let variables = inventory.variables(of: "localhost")
        // The implicit ansible_connection is a host variable: above `all`'s ssh, below host_vars.
        #expect(variables["ansible_connection"] == .string("local"))
        #expect(variables["from_all"] == .string("inventory all"))
        #expect(variables["from_group_vars_all"] == .bool(true))
        #expect(variables["shadowed"] == .string("host_vars localhost"))
        #expect(variables["from_ungrouped"] == nil)
        #expect(inventory.variables(of: "127.0.0.1")["shadowed"] == .string("group_vars all"))
        let defaults = ConnectionDefaults(sshConfigPath: "none")
        #expect(try inventory.connection(for: "localhost", defaults: defaults, rendering: { VariableScope() }).isLocal)
        #expect(try !inventory.connection(for: "web1", defaults: defaults, rendering: { VariableScope() }).isLocal)
    }

    @Test func hostVarsCanMakeTheImplicitHostConnectOverSSH() throws {
        let scratch = try PlanScratch()
        defer { scratch.remove() }
        try scratch.write("inventory.ini", inventoryText)
        try scratch.write("host_vars/localhost.yml", "ansible_connection: ssh\n")
        let inventory = try Inventory.load(sources: [scratch.folder + "/inventory.ini"])
        let defaults = ConnectionDefaults(sshConfigPath: "none")
        #expect(try !inventory.connection(for: "localhost", defaults: defaults, rendering: { VariableScope() }).isLocal)
    }

    @Test func theInventorysOwnLocalhostWins() throws {
        let inventory = try Inventory.parse(text: """
            [controller]
            localhost ansible_host=127.0.0.1 ansible_port=2222
            [web]
            web1
            """, path: "inv.ini")
        #expect(try inventory.hosts(matching: "all") == ["localhost", "web1"])
        #expect(try inventory.hosts(matching: "127.0.0.1") == ["localhost"])
        #expect(inventory.groups(of: "localhost") == ["controller"])
        let connection = try inventory.connection(for: "localhost", defaults: ConnectionDefaults(sshConfigPath: "none"),
                                                  rendering: { VariableScope() })
        #expect(!connection.isLocal)
        #expect(connection.port == 2222)
        #expect(inventory.variables(of: "localhost")["ansible_connection"] == nil)
    }

    @Test func aPlayNamingLocalhostPlansItLocalAndAllLeavesItOut() throws {
        let scratch = try PlanScratch()
        defer { scratch.remove() }
        try scratch.write("inventory.ini", inventoryText)
        try scratch.write("playbook.yml", """
            pbrun: 1
            plays:
              - name: controller
                hosts: "{{ controller }}"
                steps:
                  - run: echo here
              - name: fleet
                hosts: all
                steps:
                  - run: echo there
            """)
        let plan = try scratch.plan(extra: ["controller=localhost"])
        #expect(plan.plays.map { $0.batches.flatMap { $0 } } == [["localhost"], ["web1", "web2"]])
        #expect(plan.connections["localhost"]?.isLocal == true)
        #expect(plan.connections["web1"]?.isLocal == false)
    }

    @Test func playsNamingTheControllerDifferentlyShareTheFirstName() throws {
        let scratch = try PlanScratch()
        defer { scratch.remove() }
        try scratch.write("inventory.ini", inventoryText)
        try scratch.write("playbook.yml", """
            pbrun: 1
            plays:
              - hosts: 127.0.0.1
                steps:
                  - run: echo first
              - hosts: localhost:web1
                steps:
                  - run: echo second
            """)
        let plan = try scratch.plan()
        #expect(plan.plays.map { $0.batches.flatMap { $0 } } == [["127.0.0.1"], ["127.0.0.1", "web1"]])
        #expect(plan.connections["127.0.0.1"]?.isLocal == true)
        #expect(plan.connections["localhost"] == nil)
    }

    @Test func anEmptyInventorySaysTheImplicitHostIsNotInAll() throws {
        let scratch = try PlanScratch()
        defer { scratch.remove() }
        try scratch.write("inventory.ini", "# no hosts yet\n")
        try scratch.write("playbook.yml", """
            pbrun: 1
            plays:
              - hosts: all
                steps:
                  - run: echo there
            """)
        let errors = scratch.planErrors()
        #expect(errors.count == 1)
        #expect(errors.first?.contains("host pattern 'all' matches no hosts") == true, "\(errors)")
        #expect(errors.first?.contains("the inventory has no hosts; the implicit localhost does not match 'all'")
                == true, "\(errors)")
    }
}
