import Foundation
@testable import TestSupport

/// What one corpus case expects, read from its `expected.txt`.
///
/// The file is a list of directives, grouped by the pbrun command they are about:
///
/// ```
/// # a comment
/// args -e release=2.4.1          (before any section: for every command; validate takes -e and --limit)
/// env DB_PASSWORD=hunter2-prod   (before any section: the environment of every command; its values are
///                                secrets, which no report or output-dir file may contain)
/// [validate]                     (pbrun validate PLAYBOOK -i …; exit 0 when the section is absent)
/// [plan]                         (pbrun plan PLAYBOOK -i …; exit 0 when absent)
/// [check]                        (pbrun run --check, before the real run; only when present)
/// [run]                          (pbrun run; only when present)
/// [recheck]                      (pbrun run --check after [run]: what drifted since; only when present)
/// [rerun]                        (pbrun run again, after [run]; only when present)
/// exit 2                         the command's exit status
/// args --diff                    more arguments for this command
/// known-issue include drops vars the section's checks are expected to fail until the named bug is fixed
/// output TEXT / no-output TEXT   stdout or stderr contains (does not contain) TEXT
/// host  01-build 02-deploy       a status table: steps (NN-ID, hNN-ID for handlers; P/NN-ID for play P)
/// web1  changed  ok              one row per host: ok changed failed ignored skipped unreachable not_reached,
///                                or - where the host has no such step (a play it is not in); a blank line
///                                ends the table; every host × step of the report must be listed
/// file web1 shop/VERSION = 2.4.1\n   the host's file (under its srv folder) has exactly this text
/// file web1 shop/app.conf ~ port=8080  … contains this text
/// nofile db1 shop/nginx.conf     … does not exist
/// mode web1 shop/secret.env 600  … has this permission (octal)
/// owner web1 etc/shop.conf root  … is owned by this user
/// ```
///
/// `\n` and `\t` in texts are escapes; `@SRV@` is the folder that stands for the hosts' file systems.
struct CorpusExpectation: Sendable {
    /// The pbrun commands a case runs, in the order they run.
    enum Phase: String, CaseIterable, Sendable {
        case validate, plan, check, run, recheck, rerun

        /// Whether this phase connects to the hosts and writes reports.
        var runs: Bool { self != .validate && self != .plan }

        /// Whether this phase is a dry run (`run --check`).
        var isCheck: Bool { self == .check || self == .recheck }
    }

    /// One file's expected state on one host.
    struct FileRule: Sendable {
        enum Kind: Sendable { case equals(String), contains(String), absent, mode(String), owner(String) }
        let host: String
        let path: String
        let kind: Kind
        let line: Int
    }

    /// What one command must do.
    struct PhaseRule: Sendable {
        var present = false
        var exit: Int32 = 0
        var arguments: [String] = []
        var knownIssue: String?
        var outputContains: [String] = []
        var outputLacks: [String] = []
        /// host → step key → status word.
        var statuses: [String: [String: String]] = [:]
        var files: [FileRule] = []
    }

    var arguments: [String] = []
    var environment: [String: String] = [:]
    var phases: [Phase: PhaseRule] = [:]

    /// The rule of `phase`; validate and plan default to "exits 0".
    func rule(_ phase: Phase) -> PhaseRule? {
        if let rule = phases[phase] { return rule }
        return phase.runs ? nil : PhaseRule(present: true)
    }

    /// Reads `expected.txt`; a line it cannot read is an error naming the line.
    static func read(_ text: String, file: String) throws -> CorpusExpectation {
        var expectation = CorpusExpectation()
        var phase: Phase?
        var tableSteps: [String]?
        func fail(_ number: Int, _ message: String) -> TestFleetError {
            TestFleetError(message: "\(file):\(number): \(message)")
        }
        for (index, raw) in text.components(separatedBy: "\n").enumerated() {
            let number = index + 1
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty { tableSteps = nil; continue }
            if line.hasPrefix("#") { continue }
            let words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            if line.hasPrefix("[") { tableSteps = nil }
            if let steps = tableSteps, let phase {
                guard words.count == steps.count + 1 else { throw fail(number, "row has \(words.count - 1) statuses") }
                let known: Set = ["ok", "changed", "failed", "ignored", "skipped", "unreachable", "not_reached",
                                  "timed_out", "-"]
                for status in words.dropFirst() where !known.contains(status) {
                    throw fail(number, "unknown status '\(status)'")
                }
                expectation.phases[phase]?.statuses[words[0]] = Dictionary(
                    uniqueKeysWithValues: zip(steps, words.dropFirst()).filter { $0.1 != "-" })
                continue
            }
            if line.hasPrefix("["), line.hasSuffix("]") {
                guard let next = Phase(rawValue: String(line.dropFirst().dropLast())) else {
                    throw fail(number, "unknown section \(line)")
                }
                phase = next
                expectation.phases[next] = PhaseRule(present: true)
                continue
            }
            let rest = words.dropFirst().joined(separator: " ")
            guard let current = phase else {
                switch words[0] {
                case "args": expectation.arguments += words.dropFirst()
                case "env":
                    let pair = rest.split(separator: "=", maxSplits: 1).map(String.init)
                    guard pair.count == 2 else { throw fail(number, "env needs NAME=VALUE") }
                    expectation.environment[pair[0]] = pair[1]
                default: throw fail(number, "'\(words[0])' belongs in a section")
                }
                continue
            }
            var rule = expectation.phases[current] ?? PhaseRule(present: true)
            switch words[0] {
            case "exit":
                guard words.count == 2, let code = Int32(words[1]) else { throw fail(number, "exit needs a number") }
                rule.exit = code
            case "args": rule.arguments += words.dropFirst()
            case "known-issue": rule.knownIssue = rest
            case "output": rule.outputContains.append(unescape(rest))
            case "no-output": rule.outputLacks.append(unescape(rest))
            case "host": tableSteps = Array(words.dropFirst())
            case "file", "nofile", "mode", "owner":
                rule.files.append(try fileRule(words, number: number, fail: fail))
            default: throw fail(number, "unknown directive '\(words[0])'")
            }
            expectation.phases[current] = rule
        }
        return expectation
    }

    private static func fileRule(_ words: [String], number: Int, fail: (Int, String) -> TestFleetError) throws
        -> FileRule
    {
        guard words.count >= 3 else { throw fail(number, "\(words[0]) needs HOST PATH") }
        let kind: FileRule.Kind
        switch words[0] {
        case "nofile": kind = .absent
        case "mode", "owner":
            guard words.count == 4 else { throw fail(number, "\(words[0]) needs HOST PATH VALUE") }
            kind = words[0] == "mode" ? .mode(words[3]) : .owner(words[3])
        default:
            guard words.count >= 4, words[3] == "=" || words[3] == "~" else {
                throw fail(number, "file needs HOST PATH = TEXT or HOST PATH ~ TEXT")
            }
            let text = unescape(words.dropFirst(4).joined(separator: " "))
            kind = words[3] == "=" ? .equals(text) : .contains(text)
        }
        return FileRule(host: words[1], path: words[2], kind: kind, line: number)
    }

    private static func unescape(_ text: String) -> String {
        text.replacingOccurrences(of: "\\n", with: "\n").replacingOccurrences(of: "\\t", with: "\t")
    }
}
