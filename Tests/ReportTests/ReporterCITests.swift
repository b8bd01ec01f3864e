import Foundation
import Playbook
@testable import Report
import Testing

@Suite struct ReporterCITests {
    @Test func annotationsPointAtThePlaybookLineAndTheSummaryIsAppended() async throws {
        let directory = try ReportFixtures.temporaryDirectory()
        let summary = directory + "/summary.md"
        try "previous step's summary\n".write(toFile: summary, atomically: true, encoding: .utf8)
        let environment = ["GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": summary,
                           "GITHUB_WORKSPACE": "/home/runner/work"]
        #expect(GitHubActionsReporter.isActive(environment))
        #expect(!GitHubActionsReporter.isActive([:]))
        let log = try await ReportFixtures.capture { out in
            let reporter = GitHubActionsReporter(environment: environment, currentDirectory: "/home/runner/work",
                                                 output: out, masking: ReportFixtures.masking)
            try await ReportFixtures.replay(ReportFixtures.deployRun(), into: reporter)
        }
        let lines = log.split(separator: "\n").map(String.init)
        #expect(lines == [
            "::error title=pbrun%3A db01 unreachable::db01 (10.0.0.9:22): unreachable: connection refused"
                + " (password ******** not tried)",
            "::error file=playbooks/deploy.yml,line=10,col=7,title=pbrun%3A step 02-migrate failed on web02::"
                + "web02: failed, exit code 3: exit code 3 not in ok_exit [0]%0Amigration 0042 failed%0A"
                + "ERROR: password ******** rejected \\x1B[31m\\xFF\\xFE",
            "::error file=playbooks/deploy.yml,line=14,col=7,title=pbrun%3A step 03-restart failed on web&<03>\"'/|*_::"
                + "web&<03>\"'/|*_: timed out, signal TERM: timed out after 5s%0A</pre><script>alert(1)</script>]]>",
        ])
        let markdown = try String(contentsOfFile: summary, encoding: .utf8)
        #expect(markdown.hasPrefix("previous step's summary\n### pbrun: playbooks/deploy.yml — 🛑 interrupted\n"))
        #expect(markdown.contains("| web&amp;&lt;03&gt;&quot;&#39;/\\|\\*\\_ | 1 | 0 | 1 | **1** | 0 | 0 | 1 | 8.5s |"))
        #expect(markdown.contains("| db01 | 0 | 0 | 0 | 0 | 0 | **1** | 3 | 0.0s |"))
        #expect(markdown.contains(
            "- **web02** · deploy / 02-migrate run migrations · failed · exit 3 · playbooks/deploy.yml:10:7"))
        #expect(!markdown.contains(ReportFixtures.secret))
    }

    /// A job with `working-directory: app` runs pbrun in `$GITHUB_WORKSPACE/app`; GitHub wants the file
    /// relative to the workspace, through symlinks, and a file outside it keeps its absolute path.
    @Test func annotationPathsAreRelativeToTheWorkspaceNotTheWorkingDirectory() async throws {
        let root = WorkspacePath.resolved(try ReportFixtures.temporaryDirectory(), from: "/")
        let workspace = root + "/checkout"
        try FileManager.default.createDirectory(atPath: workspace + "/app/playbooks", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: root + "/link", withDestinationPath: workspace)
        let step = ReportFixtures.migrate
        func annotation(_ file: String, workspace: String) async throws -> String {
            let located = StepRef(play: step.play, position: step.position, id: step.id, name: step.name,
                                  location: SourceLocation(file: file, line: 10, column: 7))
            let failed = StepOutcome(status: .failed, exitCode: 1)
            return try await ReportFixtures.capture { out in
                let reporter = GitHubActionsReporter(
                    environment: ["GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": workspace],
                    currentDirectory: root + "/link/app", output: out, masking: .none)
                try await ReportFixtures.replay([.stepFinished(host: "web01", step: located, outcome: failed)],
                                                into: reporter)
            }
        }
        #expect(try await annotation("playbooks/deploy.yml", workspace: workspace)
            .hasPrefix("::error file=app/playbooks/deploy.yml,line=10,col=7,"))
        #expect(try await annotation("playbooks/deploy.yml", workspace: root + "/link/")
            .hasPrefix("::error file=app/playbooks/deploy.yml,line=10,col=7,"))
        #expect(try await annotation(root + "/link/app/../app/playbooks/deploy.yml", workspace: workspace)
            .hasPrefix("::error file=app/playbooks/deploy.yml,line=10,col=7,"))
        #expect(try await annotation("../../elsewhere.yml", workspace: workspace)
            .hasPrefix("::error file=\(GitHubActionsReporter.escapeProperty(root + "/elsewhere.yml")),line=10,"))
    }

    @Test func theSummaryListsRealFailuresFirstAndLabelsIgnoredOnes() async throws {
        let summary = try ReportFixtures.temporaryDirectory() + "/summary.md"
        _ = try await ReportFixtures.capture { out in
            let environment = ["GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": summary]
            let reporter = GitHubActionsReporter(environment: environment, output: out, masking: .none)
            try await ReportFixtures.replay(ReportFixtures.ignoredRun(), into: reporter)
        }
        let markdown = try String(contentsOfFile: summary, encoding: .utf8)
        let lines = markdown.split(separator: "\n").filter { $0.hasPrefix("- ") }
        #expect(lines == ["- **b2** · 01-probe · failed · exit 5 · p.yml:4:7",
                          "- ignored · **a1** · 01-probe · failed · exit 4 · p.yml:4:7"])
    }

    @Test func workflowCommandEscaping() {
        #expect(GitHubActionsReporter.escapeData("50%\r\nnext") == "50%25%0D%0Anext")
        #expect(GitHubActionsReporter.escapeProperty("a:b,c%") == "a%3Ab%2Cc%25")
    }

    @Test func aStoppingGateIsAnnotated() async throws {
        let gate = GateDecision(rule: .maxFailPercentage, play: ReportFixtures.deploy, batch: 1, failedHosts: 1,
                                batchHosts: 1, thresholdPercent: 0, stopped: true, at: ReportFixtures.at(1))
        let log = try await ReportFixtures.capture { out in
            let reporter = GitHubActionsReporter(environment: ["GITHUB_ACTIONS": "true"], output: out, masking: .none)
            try await ReportFixtures.replay([.gateDecision(gate)], into: reporter)
        }
        #expect(log == "::error file=playbooks/deploy.yml,line=2,title=pbrun%3A run stopped by max_fail_percentage::"
            + "max_fail_percentage 0%25 in play 'deploy' batch 1: 1/1 hosts failed (100%25): run stopped\n")
    }
}
