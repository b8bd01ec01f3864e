import Foundation

/// Loads a playbook file and everything it names (`include`, `vars_files`), decodes it by the
/// schema of its format version and builds each play's step graph. Every problem in every file is
/// collected, with its source line, before anything is returned.
public enum PlaybookLoader {
    /// The playbook at `path`, or every diagnostic found when there is any error.
    public static func load(contentsOf path: String) throws(DiagnosticList) -> PlaybookFile {
        let result = check(contentsOf: path)
        guard let playbook = result.playbook, !result.hasErrors else { throw DiagnosticList(result.diagnostics) }
        return playbook
    }

    /// The playbook at `path` (as far as it could be decoded) and every diagnostic found.
    public static func check(contentsOf path: String) -> PlaybookCheck {
        let session = PlaybookFileDecoder()
        let playbook = session.decodeFile(path, text: nil, includedFrom: nil)
        return session.finish(playbook)
    }

    /// The playbook in `text`, as if read from `file` (paths it names are relative to `file`).
    public static func check(text: String, file: String) -> PlaybookCheck {
        let session = PlaybookFileDecoder()
        let playbook = session.decodeFile(file, text: text, includedFrom: nil)
        return session.finish(playbook)
    }
}

/// The outcome of checking one playbook: the model (nil when the file could not be read as a
/// playbook at all) and the diagnostics, in the order found.
public struct PlaybookCheck: Sendable {
    /// The model as far as it could be decoded; nil when the file is not a playbook at all.
    public let playbook: PlaybookFile?
    /// Every problem, in file and line order, with source lines.
    public let diagnostics: [Diagnostic]
    /// The text of every file read, by path, so later checks can show source lines too.
    public let sources: [String: SourceText]
    /// How many playbook files the load read and decoded: each once, however often it is included.
    public let filesDecoded: Int

    /// A check result.
    public init(playbook: PlaybookFile?, diagnostics: [Diagnostic], sources: [String: SourceText] = [:],
                filesDecoded: Int = 0) {
        self.playbook = playbook
        self.diagnostics = diagnostics
        self.sources = sources
        self.filesDecoded = filesDecoded
    }

    /// How many diagnostics are errors.
    public var errorCount: Int { diagnostics.filter { $0.severity == .error }.count }
    /// How many diagnostics are warnings.
    public var warningCount: Int { diagnostics.filter { $0.severity == .warning }.count }
    /// Whether the playbook cannot run (exit 4).
    public var hasErrors: Bool { errorCount > 0 }
}

/// One load: the diagnostics of every file it reads, their texts (for source lines) and the
/// chain of files being included (for cycles).
final class PlaybookFileDecoder {
    private let decoder = FieldDecoder()
    private var sources: [String: SourceText] = [:]
    /// The files being decoded, outermost first: (path as shown, canonical path).
    private var includeChain: [(path: String, canonical: String)] = []
    /// Every included file decoded so far, by canonical path (nil when it could not be decoded).
    private var included: [String: PlaybookFile?] = [:]
    /// How many playbook files were read and decoded.
    private(set) var filesDecoded = 0

    /// Every diagnostic with its source line.
    func finish(_ playbook: PlaybookFile?) -> PlaybookCheck {
        let sorted = Self.inSourceOrder(decoder.diagnostics)
        return PlaybookCheck(playbook: playbook, diagnostics: sorted.map { $0.withSourceLine(from: sources) },
                             sources: sources, filesDecoded: filesDecoded)
    }

    /// The diagnostics in the order of the files (as first met) and of line and column within a
    /// file, as a compiler lists them; a note stays right after the error it explains.
    static func inSourceOrder(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        var groups: [[Diagnostic]] = []
        for diagnostic in diagnostics {
            if diagnostic.severity == .note, !groups.isEmpty {
                groups[groups.count - 1].append(diagnostic)
            } else {
                groups.append([diagnostic])
            }
        }
        var fileRank: [String: Int] = [:]
        for group in groups {
            if let file = group[0].location?.file, fileRank[file] == nil { fileRank[file] = fileRank.count }
        }
        func key(_ group: [Diagnostic]) -> (Int, Int, Int) {
            guard let location = group[0].location else { return (-1, 0, 0) }
            return (fileRank[location.file] ?? 0, location.line, location.column)
        }
        let ordered = groups.enumerated().sorted { lhs, rhs in
            let (a, b) = (key(lhs.element), key(rhs.element))
            return a != b ? a < b : lhs.offset < rhs.offset
        }
        return ordered.flatMap(\.element)
    }

    /// Decodes the file at `path` (or `text`, when given). `includedFrom` is the `include:` entry
    /// that named it, where a missing file is reported.
    func decodeFile(_ path: String, text: String?, includedFrom: Located<String>?) -> PlaybookFile? {
        filesDecoded += 1
        guard let text = text ?? readText(path, what: "playbook", reference: includedFrom) else { return nil }
        sources[path] = SourceText(text: text, file: path)
        decoder.sources[path] = sources[path]
        let parsed = YAMLLoader.parse(text: text, file: path)
        decoder.append(parsed.diagnostics)
        guard let root = parsed.documents.first else {
            if parsed.diagnostics.isEmpty {
                decoder.error(SourceLocation(file: path, line: 1, column: 1),
                              "empty playbook: expected 'pbrun: 1' and then the play")
            }
            return nil
        }
        if parsed.documents.count > 1 {
            decoder.error(parsed.documents[1].location, "a playbook file holds one YAML document; a second starts here")
        }
        includeChain.append((path, LocalPath.canonical(path)))
        defer { includeChain.removeLast() }
        return decodeRoot(root, path: path)
    }

    private func decodeRoot(_ root: YAMLNode, path: String) -> PlaybookFile? {
        if root.items != nil {
            decoder.error(root.location, "a pbrun playbook is a mapping that starts with 'pbrun: 1', found a list "
                + "(write the plays under 'plays:')")
            return nil
        }
        let hasPlays = root.pairs?.contains { $0.key.scalar?.text == "plays" } ?? false
        let playOnlyKeys = Set(PlaybookSchema.playFields.map(\.name)).subtracting(["name", "vars"])
        guard let map = KeyedMapping(root, what: "a playbook", allowed: PlaybookSchema.topLevelKeys, decoder: decoder,
                                     hint: Self.playKeyHint) else { return nil }
        guard let version = decodeVersion(map) else { return nil }
        if hasPlays {
            for key in map.keys where playOnlyKeys.contains(key) {
                decoder.error(map.keyLocation(key) ?? root.location,
                              "'\(key)' belongs to a play; with 'plays' write it inside each play")
            }
        }
        let name = map.read("name", decoder.nonEmptyString)
        let description = map.read("description", decoder.string)
        let vars = map.read("vars", decoder.variables) ?? Variables()
        let varsFiles = map.read("vars_files") { decoder.strings($0, $1) }.map { $0.compactMap(loadVarsFile) } ?? []
        let includes = map.read("include") { decoder.strings($0, $1) }.map { $0.compactMap(include) } ?? []
        var plays: [Play] = []
        let playDecoder = PlayDecoder(file: path, decoder: decoder)
        if let playsNode = map["plays"] {
            if let items = playsNode.items {
                for item in items {
                    if let playMap = KeyedMapping(item, what: "a play", allowed: PlaybookSchema.play.keys,
                                                  decoder: decoder, hint: Self.playKeyHint),
                       let play = playDecoder.decode(playMap, inline: false) {
                        plays.append(play)
                    }
                }
            } else {
                decoder.error(playsNode.location, "'plays' expects a list of plays, found \(FieldDecoder.found(playsNode))")
            }
        } else if map.keys.contains(where: playOnlyKeys.contains) {
            if let play = playDecoder.decode(map, inline: true) { plays.append(play) }
        } else if includes.isEmpty && map["include"] == nil {
            decoder.error(root.location, "a playbook needs 'hosts' and 'steps' (one play written inline), "
                + "'plays' or 'include'")
        }
        let file = PlaybookFile(path: path, version: version, name: name, description: description, vars: vars,
                                varsFiles: varsFiles, includes: includes, plays: plays)
        guard file.playCount <= PlaybookFile.maximumPlays else {
            decoder.error(map.keyLocation("include") ?? root.location, "the includes expand to \(file.playCount) "
                + "plays, more than \(PlaybookFile.maximumPlays) (a file included again and again runs each time)")
            return PlaybookFile(path: path, version: version, name: name, description: description, vars: vars,
                                varsFiles: varsFiles, includes: [], plays: plays)
        }
        return file
    }

    /// Ansible's play keys that pbrun names differently get a message that says so.
    static func playKeyHint(_ key: String) -> String? {
        switch key {
        case "tasks": return "unknown key 'tasks' (pbrun calls them 'steps')"
        case "pre_tasks", "post_tasks", "roles": return "unknown key '\(key)' (pbrun plays have 'steps' and 'handlers')"
        default: return nil
        }
    }

    /// `pbrun: 1`, required first of all: another version means another schema, so nothing else is
    /// checked.
    private func decodeVersion(_ map: KeyedMapping) -> Int? {
        guard let node = map["pbrun"] else {
            decoder.error(map.node.location, "missing 'pbrun: 1' (the playbook format version) at the top of the file")
            return nil
        }
        let supported = PlaybookSchema.supportedVersions.map(String.init).joined(separator: ", ")
        guard let scalar = node.scalar, !scalar.isNull, let version = YAMLResolver.int(scalar.text) else {
            decoder.error(node.location, "'pbrun' expects the format version (\(supported)), found \(FieldDecoder.found(node))")
            return nil
        }
        guard PlaybookSchema.supportedVersions.contains(version) else {
            decoder.error(node.location, "unsupported playbook format version \(version) (this pbrun reads version "
                + "\(supported))")
            return nil
        }
        return version
    }

    // MARK: - Other files

    private func readText(_ path: String, what: String, reference: Located<String>?) -> String? {
        decoder.readText(path, what: what, reference: reference)
    }

    private func include(_ entry: Located<String>) -> PlaybookFile? {
        let current = includeChain.last?.path ?? ""
        let path = LocalPath.resolve(entry.value, relativeTo: current)
        let canonical = LocalPath.canonical(path)
        if let start = includeChain.firstIndex(where: { $0.canonical == canonical }) {
            let cycle = includeChain[start...].map(\.path) + [path]
            decoder.error(entry.location, "include cycle: " + cycle.joined(separator: " → "))
            return nil
        }
        // A file included again (not a cycle: that was checked above) is the same playbook: decode it
        // once, so a chain of files each including the previous ones several times costs one read each.
        if let known = included[canonical] { return known }
        let decoded = decodeFile(path, text: nil, includedFrom: entry)
        included[canonical] = .some(decoded)
        return decoded
    }

    /// A `vars_files:` entry, read now; one whose path is a template is read at plan time, when the
    /// variables it may name are known (`PreparedPlay.templatedVarsFile`).
    private func loadVarsFile(_ entry: Located<String>) -> VarsFile? {
        let path = LocalPath.resolve(entry.value, relativeTo: includeChain.last?.path ?? "")
        if LocalPath.isTemplated(entry.value) { return VarsFile(path: entry, resolvedPath: path, variables: nil) }
        let variables = decoder.varsFile(at: path, namedBy: entry)
        if let source = decoder.sources[path] { sources[path] = source }
        return variables.map { VarsFile(path: entry, resolvedPath: path, variables: $0) }
    }
}
