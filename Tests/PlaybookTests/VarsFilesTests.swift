import Foundation
import Playbook
import Testing
@testable import TestSupport

/// `vars_files:` whose path is a template: rendered at plan time with extra vars, playbook and play
/// vars (as Ansible does), and a file it names that is missing is an error at the entry.
@Suite struct VarsFilesTests {
    private func scratch() throws -> PlanScratch {
        let scratch = try PlanScratch()
        try scratch.write("inventory.ini", "web1\n")
        try scratch.write("vars/common.yml", "replicas: 2\napi: https://api.shop.test\n")
        try scratch.write("vars/staging.yml", "replicas: 1\n")
        try scratch.write("vars/qa.yml", "replicas: [unclosed\n")
        try scratch.write("playbook.yml", """
            pbrun: 1
            vars: {env: prod}
            vars_files:
              - vars/common.yml
              - "vars/{{ env }}.yml"
            hosts: all
            steps:
              - id: show
                run: echo {{ env }} {{ replicas }} {{ api }}

            """)
        return scratch
    }

    private func errors(_ scratch: PlanScratch, extra: [String]) -> [String] {
        scratch.planErrors(extra: extra).map { $0.replacingOccurrences(of: scratch.folder + "/", with: "") }
    }

    @Test func aTemplatedPathIsRenderedWithExtraVars() throws {
        let scratch = try scratch()
        defer { scratch.remove() }
        #expect(try scratch.plan(extra: ["env=staging"]).command("show", on: "web1")
            == "echo staging 1 https://api.shop.test")
    }

    @Test func aTemplatedPathSeesPlaybookVars() throws {
        let scratch = try scratch()
        defer { scratch.remove() }
        try scratch.write("vars/prod.yml", "replicas: 6\n")
        #expect(try scratch.plan().command("show", on: "web1") == "echo prod 6 https://api.shop.test")
    }

    @Test func aMissingFileIsAnErrorAtTheEntry() throws {
        let scratch = try scratch()
        defer { scratch.remove() }
        #expect(errors(scratch, extra: ["env=dev"])
            == ["playbook.yml:5:5: error: cannot read vars file 'vars/{{ env }}.yml': no such file "
                + "(looked for vars/dev.yml)"])
    }

    @Test func anUndefinedVariableInThePathIsAnErrorAtIt() throws {
        let scratch = try scratch()
        defer { scratch.remove() }
        try scratch.write("playbook.yml", """
            pbrun: 1
            vars_files: ["vars/{{ enviroment }}.yml"]
            hosts: all
            steps:
              - run: "true"

            """)
        #expect(errors(scratch, extra: ["env=staging"])
            == ["playbook.yml:2:23: error: undefined variable 'enviroment'"])
    }

    @Test func aBrokenFileIsAnErrorInIt() throws {
        let scratch = try scratch()
        defer { scratch.remove() }
        let found = errors(scratch, extra: ["env=qa"])
        #expect(found.count == 1 && found[0].hasPrefix("vars/qa.yml:2:1: error: "), "\(found)")
    }
}
