import Foundation

/// An OpenSSH client configuration (`~/.ssh/config` or `-F FILE`), read for the keywords pbrun
/// uses: `HostName`, `User`, `Port`, `IdentityFile`, `IdentitiesOnly`, `ProxyJump`, `ProxyCommand`,
/// `ConnectTimeout`, `StrictHostKeyChecking`, `UserKnownHostsFile`, `ServerAliveInterval`.
///
/// As in OpenSSH: `Host` blocks match glob patterns (`*`, `?`, `!negated`), `Match` blocks match
/// `all`, `host`, `originalhost`, `user` and `localuser`; `Include` reads other files (globs,
/// relative to `~/.ssh`), in place; for each keyword the first value obtained wins, except
/// `IdentityFile`, which accumulates, and `ProxyJump`/`ProxyCommand`, which share one slot. Other
/// keywords are kept as `ignored` so `-v` can list them. A `Match exec` criterion never matches and
/// is warned about: it would run a local command while the configuration is read, for every host,
/// before pbrun has decided to connect anywhere.
public struct SSHConfig: Sendable {
    /// One keyword line and the conditions of the blocks around it.
    struct Directive: Sendable {
        let keyword: String
        let value: String
        let location: SourceLocation
        let conditions: [Condition]
    }

    /// A `Host` pattern list or a `Match` criteria list.
    enum Condition: Sendable {
        case host([String])
        case match([(String, String)])
    }

    static let supportedKeywords: Set<String> = ["hostname", "user", "port", "identityfile", "identitiesonly",
                                                 "proxyjump", "proxycommand", "connecttimeout",
                                                 "stricthostkeychecking",
                                                 "userknownhostsfile", "serveraliveinterval"]

    var directives: [Directive] = []
    /// Keywords pbrun does not use, with their lines (reported with `-v`).
    public private(set) var ignored: [Diagnostic] = []
    /// What pbrun reads differently from ssh (`Match exec`), with its lines; always reported.
    public private(set) var warnings: [Diagnostic] = []
    /// The file read, or nil for no configuration.
    public let path: String?

    /// No configuration at all (`-F none`).
    public static let empty = SSHConfig(path: nil)

    private init(path: String?) {
        self.path = path
    }

    /// Reads `path`; nil means `~/.ssh/config`, which may be missing; "none" reads nothing. A file
    /// named explicitly must exist.
    public static func load(path: String?) throws(DiagnosticList) -> SSHConfig {
        if path == "none" { return .empty }
        let home = NSHomeDirectory()
        let file = path.map { ($0 as NSString).expandingTildeInPath } ?? home + "/.ssh/config"
        guard FileManager.default.fileExists(atPath: file) else {
            if path == nil { return SSHConfig(path: nil) }
            throw DiagnosticList([Diagnostic(at: nil, "ssh config file '\(file)' does not exist")])
        }
        var config = SSHConfig(path: file)
        var problems: [Diagnostic] = []
        var includes = IncludeBudget()
        config.read(file: file, conditions: [], depth: 0, includes: &includes, problems: &problems)
        guard problems.isEmpty else { throw DiagnosticList(problems) }
        return config
    }

    /// Reads configuration text as if it were `path` (for tests and `-F` with generated files).
    public static func parse(text: String, path: String) throws(DiagnosticList) -> SSHConfig {
        var config = SSHConfig(path: path)
        var problems: [Diagnostic] = []
        var includes = IncludeBudget()
        config.read(text: text, file: path, conditions: [], depth: 0, includes: &includes, problems: &problems)
        guard problems.isEmpty else { throw DiagnosticList(problems) }
        return config
    }

    private mutating func read(file: String, conditions: [Condition], depth: Int, includes: inout IncludeBudget,
                               problems: inout [Diagnostic]) {
        let text: String
        do {
            text = try YAMLLoader.readText(contentsOf: file)
        } catch {
            problems += error.diagnostics
            return
        }
        read(text: text, file: file, conditions: conditions, depth: depth, includes: &includes, problems: &problems)
    }

    private mutating func read(text: String, file: String, conditions outer: [Condition], depth: Int,
                               includes: inout IncludeBudget, problems: inout [Diagnostic]) {
        var conditions = outer
        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty, !line.hasPrefix("#") else { continue }
            let column = rawLine.prefix { $0 == " " || $0 == "\t" }.count + 1
            let location = SourceLocation(file: file, line: offset + 1, column: column)
            guard let (keyword, arguments) = Self.split(line) else {
                problems.append(Diagnostic(at: location, "bad ssh config line: expected 'Keyword value'",
                                           sourceLine: String(rawLine)))
                continue
            }
            switch keyword {
            case "host":
                conditions = outer + [.host(arguments)]
            case "match":
                var criteria: [(String, String)] = []
                var index = 0
                while index < arguments.count {
                    let name = arguments[index].lowercased()
                    if ["all", "canonical", "final"].contains(name) {
                        criteria.append((name, ""))
                        index += 1
                    } else {
                        criteria.append((name, index + 1 < arguments.count ? arguments[index + 1] : ""))
                        index += 2
                    }
                }
                if criteria.contains(where: { $0.0 == "exec" || $0.0 == "!exec" }) {
                    warnings.append(Diagnostic(.warning, at: location, "ssh config 'Match exec' is not supported: "
                                               + "pbrun runs no command while reading ssh_config, so this block "
                                               + "never applies", sourceLine: String(rawLine)))
                }
                conditions = outer + [.match(criteria)]
            case "include":
                guard depth < 16 else {
                    problems.append(Diagnostic(at: location, "ssh config Include nested too deeply"))
                    continue
                }
                for pattern in arguments {
                    for included in Self.expandInclude(pattern, from: file) {
                        guard includes.take() else {
                            problems.append(Diagnostic(at: location, "ssh config Includes more than "
                                                       + "\(IncludeBudget.limit) files in all (an Include loop?)"))
                            return
                        }
                        read(file: included, conditions: conditions, depth: depth + 1, includes: &includes,
                             problems: &problems)
                    }
                }
            default:
                guard Self.supportedKeywords.contains(keyword) else {
                    let written = line.prefix { $0 != " " && $0 != "\t" && $0 != "=" }
                    ignored.append(Diagnostic(.note, at: location, "ssh config keyword '\(written)' is not used by pbrun",
                                              sourceLine: String(rawLine)))
                    continue
                }
                // ssh takes a ProxyCommand's text as written (quotes and all): a shell runs it.
                let value = keyword == "proxycommand" ? Self.rawArgument(line) : arguments.joined(separator: " ")
                directives.append(Directive(keyword: keyword, value: value, location: location,
                                            conditions: conditions))
            }
        }
    }

    /// `Keyword value…` or `Keyword=value`, the keyword lowercased and the arguments unquoted.
    static func split(_ line: String) -> (String, [String])? {
        let keywordEnd = line.firstIndex { $0 == " " || $0 == "\t" || $0 == "=" } ?? line.endIndex
        let keyword = line[..<keywordEnd].lowercased()
        var rest = line[keywordEnd...].drop { $0 == " " || $0 == "\t" }
        if rest.first == "=" { rest = rest.dropFirst().drop { $0 == " " || $0 == "\t" } }
        guard !keyword.isEmpty else { return nil }
        var arguments: [String] = []
        var current = ""
        var quoted = false
        var inWord = false
        for char in rest {
            if char == "\"" {
                quoted.toggle()
                inWord = true
            } else if (char == " " || char == "\t") && !quoted {
                if inWord { arguments.append(current) }
                current = ""
                inWord = false
            } else if char == "#" && !quoted && !inWord {
                break
            } else {
                current.append(char)
                inWord = true
            }
        }
        if inWord { arguments.append(current) }
        return (keyword, arguments)
    }

    /// Everything after the keyword and its separator, trailing blanks removed.
    static func rawArgument(_ line: String) -> String {
        let keywordEnd = line.firstIndex { $0 == " " || $0 == "\t" || $0 == "=" } ?? line.endIndex
        var rest = line[keywordEnd...].drop { $0 == " " || $0 == "\t" }
        if rest.first == "=" { rest = rest.dropFirst().drop { $0 == " " || $0 == "\t" } }
        return String(rest).trimmingCharacters(in: .whitespaces)
    }

    /// The files an `Include` names: `~` expanded, relative paths from `~/.ssh` (or the including
    /// file's folder for a system file), globs expanded in name order.
    static func expandInclude(_ pattern: String, from file: String) -> [String] {
        var path = (pattern as NSString).expandingTildeInPath
        if !path.hasPrefix("/") {
            let base = file.hasPrefix("/etc/ssh") ? "/etc/ssh" : NSHomeDirectory() + "/.ssh"
            path = base + "/" + path
        }
        let folder = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        guard name.contains(where: { "*?[".contains($0) }) else {
            return FileManager.default.fileExists(atPath: path) ? [path] : []
        }
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder),
              let matcher = NameMatcher(name) else { return [] }
        return entries.sorted().filter { matcher.matches($0) }.map { folder + "/" + $0 }
    }

    // MARK: - Lookup

    /// One value ssh_config gives a host, with its line.
    public struct Setting: Sendable, Equatable {
        public let value: String
        public let location: SourceLocation
    }

    /// The settings for connecting to `host` (the name or address pbrun connects to), first value
    /// per keyword; `identityfile` collects every value in `identityFiles`. `proxyjump` and
    /// `proxycommand` share one slot, as in OpenSSH: whichever comes first is set, the other never.
    public func settings(for host: String, user: String? = nil) -> (values: [String: Setting], identityFiles: [Setting]) {
        var values: [String: Setting] = [:]
        var identities: [Setting] = []
        for directive in directives {
            let hostName = values["hostname"].map { Self.expandHostName($0.value, host: host) } ?? host
            guard directive.conditions.allSatisfy({ matches($0, original: host, current: hostName,
                                                            user: values["user"]?.value ?? user) }) else { continue }
            let setting = Setting(value: directive.value, location: directive.location)
            if directive.keyword == "identityfile" {
                identities.append(setting)
            } else if Self.proxyKeywords.contains(directive.keyword) {
                if !Self.proxyKeywords.contains(where: { values[$0] != nil }) { values[directive.keyword] = setting }
            } else if values[directive.keyword] == nil {
                values[directive.keyword] = setting
            }
        }
        return (values, identities)
    }

    /// The keywords that share the proxy slot.
    static let proxyKeywords = ["proxyjump", "proxycommand"]

    /// A `HostName` value with its tokens (`%h`, `%%`) expanded; as written when it has others.
    static func expandHostName(_ value: String, host: String) -> String {
        let tokens = SSHConfigTokens(host: host, originalHost: host, port: 22, remoteUser: "")
        if case .success(let expanded) = tokens.expand(value, for: .hostName) { return expanded }
        return value
    }

    private func matches(_ condition: Condition, original: String, current: String, user: String?) -> Bool {
        switch condition {
        case .host(let patterns):
            return Self.matchesPatternList(patterns, original)
        case .match(let criteria):
            for (name, argument) in criteria {
                let negated = name.hasPrefix("!")
                let criterion = negated ? String(name.dropFirst()) : name
                let result: Bool
                switch criterion {
                case "all": result = true
                case "canonical", "final": result = true
                case "host": result = Self.matchesPatternList(argument.split(separator: ",").map(String.init), current)
                case "originalhost":
                    result = Self.matchesPatternList(argument.split(separator: ",").map(String.init), original)
                case "user":
                    result = Self.matchesPatternList(argument.split(separator: ",").map(String.init),
                                                     user ?? NSUserName())
                case "localuser":
                    result = Self.matchesPatternList(argument.split(separator: ",").map(String.init), NSUserName())
                default: result = false
                }
                if result == negated { return false }
            }
            return true
        }
    }

    /// OpenSSH's pattern lists: a name matches when some pattern matches it and no `!pattern` does.
    static func matchesPatternList(_ patterns: [String], _ name: String) -> Bool {
        var matched = false
        for pattern in patterns {
            let negated = pattern.hasPrefix("!")
            let body = negated ? String(pattern.dropFirst()) : pattern
            guard let matcher = NameMatcher(body.replacingOccurrences(of: "[", with: "[[]")) else { continue }
            if matcher.matches(name) || matcher.matches(name.lowercased()) {
                if negated { return false }
                matched = true
            }
        }
        return matched
    }
}

/// How many files one load may include. OpenSSH bounds only the depth (16), so a file that
/// includes itself twice at every level would be read 2^16 times; a total keeps that linear.
private struct IncludeBudget {
    static let limit = 1024
    private var used = 0

    /// Counts one more included file; false once the limit is reached.
    mutating func take() -> Bool {
        guard used < Self.limit else { return false }
        used += 1
        return true
    }
}
