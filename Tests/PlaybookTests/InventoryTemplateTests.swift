import Foundation
import Playbook
import Testing
@testable import TestSupport

/// Inventory values holding templates, which Ansible evaluates lazily: expanded against the host's
/// whole scope where a step reads them, and, for the connection settings, rendered per host when the
/// plan is made.
@Suite struct InventoryTemplateTests {
    private static let inventory = """
        all:
          vars:
            ansible_host: "{{ inventory_hostname }}.example.com"
            url: "http://{{ ansible_host }}:{{ http_port }}{{ path }}"
          hosts:
            web1:
              http_port: 8080
            web2:
              http_port: 9090
              ansible_port: "{{ http_port + 12 }}"
              ansible_user: "{{ deploy_user | default('ops') }}"

        """

    private static let playbook = """
        pbrun: 1
        hosts: all
        vars:
          path: /health
        steps:
          - id: probe
            run: curl {{ url }} via {{ host.address }}

        """

    private func withPlan<T>(extra: [String] = [], _ body: (ExecutionPlan) throws -> T) throws -> T {
        let scratch = try PlanScratch()
        defer { scratch.remove() }
        try scratch.write("inventory.yml", Self.inventory)
        try scratch.write("playbook.yml", Self.playbook)
        return try body(try scratch.plan(inventory: "inventory.yml", extra: extra))
    }

    @Test func inventoryTemplatesExpandAgainstTheStepsScope() throws {
        try withPlan { plan in
            #expect(plan.command("probe", on: "web1") == "curl http://web1.example.com:8080/health via web1.example.com")
            #expect(plan.command("probe", on: "web2") == "curl http://web2.example.com:9090/health via web2.example.com")
        }
    }

    @Test func connectionSettingsRenderPerHost() throws {
        try withPlan { plan in
            let web1 = try #require(plan.connections["web1"])
            let web2 = try #require(plan.connections["web2"])
            #expect(web1.address == "web1.example.com")
            #expect(web1.port == 22)
            #expect(web2.address == "web2.example.com")
            #expect(web2.port == 9102)
            #expect(web2.user == "ops")
        }
    }

    @Test func connectionTemplatesSeeExtraVars() throws {
        try withPlan(extra: ["deploy_user=deployer"]) { plan in
            #expect(plan.connections["web2"]?.user == "deployer")
        }
    }

    @Test func aConnectionTemplateThatFailsNamesTheHostAndTheInventoryLine() throws {
        let scratch = try PlanScratch()
        defer { scratch.remove() }
        let path = try scratch.write("inventory.yml", """
            all:
              hosts:
                web1:
                  ansible_host: "{{ nope }}.example.com"
                web2:
                  ansible_port: "{{ [1, 2] }}"

            """)
        try scratch.write("playbook.yml", "pbrun: 1\nhosts: all\nsteps:\n  - run: \"true\"\n")
        #expect(scratch.planErrors(inventory: "inventory.yml") == [
            "\(path):4:7: error: host 'web1': cannot render ansible_host '{{ nope }}.example.com': "
                + "undefined variable 'nope'",
            "\(path):6:7: error: host 'web2': cannot render ansible_port '{{ [1, 2] }}': "
                + "it renders to list of 2 items, not a string or number",
        ])
    }
}

/// Errors in templates inside inventory values point at the template, in YAML and INI inventories and
/// in `group_vars/` files.
@Suite struct InventoryTemplatePositionTests {
    private func errors(inventory name: String, _ text: String, extra files: [String: String] = [:]) throws
        -> (folder: String, errors: [String]) {
        let scratch = try PlanScratch()
        defer { scratch.remove() }
        try scratch.write(name, text)
        for (path, contents) in files { try scratch.write(path, contents) }
        try scratch.write("playbook.yml", "pbrun: 1\nhosts: all\nsteps:\n  - run: echo {{ bad }}\n")
        return (scratch.folder, scratch.planErrors(inventory: name))
    }

    @Test func yamlHostVariable() throws {
        let (folder, found) = try errors(inventory: "inventory.yml", "all:\n  hosts:\n    web1:\n      bad: \"x {{ nope }}\"\n")
        #expect(found == ["\(folder)/inventory.yml:4:18: error: undefined variable 'nope' (on host web1)"])
    }

    @Test func iniHostVariableQuotedAndPlain() throws {
        let (folder, found) = try errors(inventory: "inventory.ini", "web1 bad=\"x {{ nope }}\"\n")
        #expect(found == ["\(folder)/inventory.ini:1:16: error: undefined variable 'nope' (on host web1)"])
        let (plainFolder, plain) = try errors(inventory: "inventory.ini", "web1 a=1 bad=x{{nope}}\n")
        #expect(plain == ["\(plainFolder)/inventory.ini:1:17: error: undefined variable 'nope' (on host web1)"])
    }

    @Test func iniGroupVariable() throws {
        let (folder, found) = try errors(inventory: "inventory.ini", "[all:vars]\nbad = \"x {{ nope }}\"\n[web]\nweb1\n")
        #expect(found == ["\(folder)/inventory.ini:2:13: error: undefined variable 'nope' (on host web1)"])
    }

    @Test func groupVarsFile() throws {
        let (folder, found) = try errors(inventory: "inventory.ini", "[web]\nweb1\n",
                                         extra: ["group_vars/web.yml": "other: 1\nbad: 'x {{ nope }}'\n"])
        #expect(found == ["\(folder)/group_vars/web.yml:2:12: error: undefined variable 'nope' (on host web1)"])
    }
}
