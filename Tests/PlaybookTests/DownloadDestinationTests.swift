import Foundation
import Playbook
import Testing
@testable import TestSupport

/// `download:`'s `dest` is a local folder and a template, like every other path: rendered per host,
/// then taken relative to the playbook's folder.
@Suite struct DownloadDestinationTests {
    @Test func theDestinationIsRenderedPerHost() throws {
        let scratch = try PlanScratch()
        defer { scratch.remove() }
        try scratch.write("inventory.ini", "web1 site=shop\n")
        try scratch.write("playbook.yml", """
            pbrun: 1
            vars: {collected: logs}
            hosts: all
            steps:
              - id: fetch
                download: {src: "/var/log/{{ site }}.log", dest: "{{ collected }}/{{ site }}"}

            """)
        let folder = (scratch.folder as NSString).appendingPathComponent("logs/shop")
        #expect(try scratch.plan().command("fetch", on: "web1")
            == "download(source: \"/var/log/shop.log\", directory: \"\(folder)\")")
    }
}
