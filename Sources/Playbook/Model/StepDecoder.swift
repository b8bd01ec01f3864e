import Foundation

/// Decodes a list of steps (or handlers) of one play: ids first (explicit ones claimed, then
/// derived ones with `-2`, `-3` on collisions), then each step's fields by the schema.
struct StepDecoder {
    /// The file the steps are written in (local paths are relative to it).
    let file: String
    /// Where diagnostics go.
    let decoder: FieldDecoder
    /// "step" or "handler", for messages.
    let kind: String

    /// The decoded steps; a step whose action cannot be decoded is left out after its errors. Each
    /// step's `index` is its position in the returned list (not in the file), so the step graph's
    /// implicit "the step before it" edge and every index into the list stay in range when steps
    /// were left out.
    func decodeList(_ key: String, _ node: YAMLNode) -> [Step] {
        guard let items = node.items else {
            if node.scalar?.isNull == true { return [] }
            decoder.error(node.location, "'\(key)' expects a list of \(kind)s, found \(FieldDecoder.found(node))")
            return []
        }
        let ids = assignIDs(items)
        var steps: [Step] = []
        for (index, item) in items.enumerated() {
            if let step = decode(item, index: steps.count, id: ids[index]) { steps.append(step) }
        }
        return steps
    }

    // MARK: - Ids

    /// The id of every item, by the rule of `StepID`. Explicit ids must be unique; derived ones
    /// are made unique.
    private func assignIDs(_ items: [YAMLNode]) -> [Located<String>] {
        var taken: [String: SourceLocation] = [:]
        var explicit: [Located<String>?] = []
        for item in items {
            guard let idNode = item.pairs?.first(where: { $0.key.scalar?.text == "id" })?.value,
                  let text = idNode.scalar?.text, !(idNode.scalar?.isNull ?? true) else {
                explicit.append(nil)
                continue
            }
            guard StepID.isValid(text) else {
                decoder.error(idNode.location, "invalid \(kind) id '\(text)' (letters, digits, '-', '_' and '.', "
                    + "starting with a letter or digit)")
                explicit.append(nil)
                continue
            }
            if let first = taken[text] {
                decoder.error(idNode.location, "duplicate \(kind) id '\(text)' (first used at line \(first.line), "
                    + "column \(first.column))")
            } else {
                taken[text] = idNode.location
            }
            explicit.append(Located(text, at: idNode.location))
        }
        var ids: [Located<String>] = []
        for (index, item) in items.enumerated() {
            if let id = explicit[index] {
                ids.append(id)
                continue
            }
            let nameNode = item.pairs?.first(where: { $0.key.scalar?.text == "name" })?.value
            let name = nameNode?.scalar.flatMap { $0.isNull ? nil : $0.text }
            let base = name.flatMap(StepID.derive(from:)) ?? "\(kind)-\(index + 1)"
            var id = base
            var suffix = 2
            while taken[id] != nil {
                id = "\(base)-\(suffix)"
                suffix += 1
            }
            let location = nameNode?.location ?? item.location
            taken[id] = location
            ids.append(Located(id, at: location))
        }
        return ids
    }

    // MARK: - One step

    private func decode(_ node: YAMLNode, index: Int, id: Located<String>) -> Step? {
        guard let map = KeyedMapping(node, what: "a \(kind)", allowed: PlaybookSchema.step.keys, decoder: decoder,
                                     hint: misplacedKeyHint) else { return nil }
        let actionKeys = map.keys.filter { PlaybookSchema.actionKeys.contains($0) }
        guard let actionKey = actionKeys.first else {
            decoder.error(node.location, "a \(kind) needs one action: "
                + PlaybookSchema.actionKeys.joined(separator: ", "))
            return nil
        }
        for extra in actionKeys.dropFirst() {
            decoder.error(map.keyLocation(extra) ?? node.location,
                          "a \(kind) has one action, found '\(actionKey)' and '\(extra)'")
        }
        guard let action = decodeAction(actionKey, map) else { return nil }
        var needs: [Located<String>]?
        if let needsNode = map["needs"] {
            if kind == "handler" {
                decoder.error(map.keyLocation("needs") ?? needsNode.location,
                              "'needs' is not allowed in a handler (handlers run in file order)")
            } else {
                needs = needsNode.scalar?.isNull == true ? [] : decoder.strings("needs", needsNode)
            }
        }
        return Step(
            id: id,
            name: map.read("name", decoder.nonEmptyString),
            location: node.location,
            index: index,
            action: action,
            needs: needs,
            when: map.read("when", expressions) ?? [],
            register: map.read("register", identifier),
            vars: map.read("vars", decoder.variables) ?? Variables(),
            env: map.read("env", decoder.environment) ?? [],
            cwd: map.read("cwd", decoder.nonEmptyString),
            timeout: map.read("timeout") { decoder.duration($0, $1) },
            retries: map.read("retries") { decoder.int($0, $1, in: 0...Step.maximumRetries) },
            delay: map.read("delay") { decoder.duration($0, $1, allowZero: true) },
            until: map.read("until", expressions) ?? [],
            okExit: map.read("ok_exit", exitCodes),
            failedWhen: map.read("failed_when", expressions) ?? [],
            changedWhen: map.read("changed_when", expressions) ?? [],
            ignoreErrors: map.read("ignore_errors", decoder.bool) ?? false,
            runOnce: map.read("run_once", decoder.bool) ?? false,
            become: map.read("become", decoder.bool),
            becomeUser: map.read("become_user", decoder.nonEmptyString),
            creates: map.read("creates", decoder.nonEmptyString),
            removes: map.read("removes", decoder.nonEmptyString),
            unless: map.read("unless", decoder.nonEmptyString),
            check: map.read("check", decoder.nonEmptyString),
            notify: map.read("notify") { decoder.strings($0, $1) } ?? [],
            tags: map.read("tags") { decoder.strings($0, $1) } ?? [],
            secret: map.read("secret", decoder.bool) ?? false)
    }

    /// Keys that belong elsewhere get a message that says where.
    private func misplacedKeyHint(_ key: String) -> String? {
        if ["hosts", "serial", "strategy", "forks", "max_fail_percentage", "any_errors_fatal", "steps",
            "handlers", "connect_timeout"].contains(key) {
            return "'\(key)' belongs to a play, not to a \(kind)"
        }
        if key == "shell" || key == "command" || key == "cmd" {
            return "unknown key '\(key)' (pbrun runs a shell command with 'run')"
        }
        if key == "loop" || key.hasPrefix("with_") {
            return "unknown key '\(key)' (pbrun has no loops: write a step per item, or loop in the shell)"
        }
        return nil
    }

    // MARK: - Fields

    private func expressions(_ key: String, _ node: YAMLNode) -> [Located<String>]? {
        decoder.strings(key, node)
    }

    private func identifier(_ key: String, _ node: YAMLNode) -> Located<String>? {
        guard let name = decoder.string(key, node) else { return nil }
        guard FieldDecoder.isIdentifier(name.value) else {
            decoder.error(node.location, "'\(key)' expects a variable name (letters, digits and '_', not starting "
                + "with a digit), found '\(name.value)'")
            return nil
        }
        return name
    }

    private func exitCodes(_ key: String, _ node: YAMLNode) -> Located<[Int]>? {
        if node.scalar != nil {
            return decoder.int(key, node, in: 0...255).map { Located([$0.value], at: $0.location) }
        }
        guard let items = node.items, !items.isEmpty else {
            decoder.error(node.location, "'\(key)' expects an exit code or a list of them, found "
                + (node.items == nil ? FieldDecoder.found(node) : "an empty list"))
            return nil
        }
        let codes = items.compactMap { decoder.int(key, $0, in: 0...255)?.value }
        return codes.count == items.count ? Located(codes, at: node.location) : nil
    }

    // MARK: - Actions

    private func decodeAction(_ key: String, _ map: KeyedMapping) -> StepAction? {
        guard let node = map[key], let actionKind = StepAction.Kind(rawValue: key) else { return nil }
        switch actionKind {
        case .run:
            return decoder.nonEmptyString(key, node).map(StepAction.run)
        case .local:
            return decoder.nonEmptyString(key, node).map(StepAction.local)
        case .argv:
            guard let words = decoder.stringList(key, node) else { return nil }
            guard !words.isEmpty else {
                decoder.error(node.location, "'argv' needs at least the program to run")
                return nil
            }
            return .argv(words)
        case .script:
            return decodeScript(node).map(StepAction.script)
        case .upload:
            return decodeTransfer(key, node).map(StepAction.upload)
        case .template:
            return decodeTransfer(key, node).map(StepAction.template)
        case .download:
            return decodeDownload(node).map(StepAction.download)
        }
    }

    private func decodeScript(_ node: YAMLNode) -> ScriptAction? {
        if node.scalar != nil {
            guard let src = decoder.nonEmptyString("script", node) else { return nil }
            return ScriptAction(src: src, resolvedSource: localSource(src), args: [])
        }
        guard let map = object("script", node, PlaybookSchema.script),
              let src = map.read("src", decoder.nonEmptyString) else { return nil }
        let args = map.read("args") { decoder.stringList($0, $1) } ?? []
        return ScriptAction(src: src, resolvedSource: localSource(src), args: args)
    }

    private func decodeTransfer(_ key: String, _ node: YAMLNode) -> FileTransfer? {
        guard let map = object(key, node, PlaybookSchema.transfer) else { return nil }
        let src = map.read("src", decoder.nonEmptyString)
        let dest = map.read("dest", decoder.nonEmptyString)
        let mode = map.read("mode", fileMode)
        guard let src, let dest else { return nil }
        return FileTransfer(src: src, resolvedSource: localSource(src), dest: dest, mode: mode,
                            owner: map.read("owner", decoder.nonEmptyString),
                            group: map.read("group", decoder.nonEmptyString))
    }

    private func decodeDownload(_ node: YAMLNode) -> Download? {
        guard let map = object("download", node, PlaybookSchema.download) else { return nil }
        guard let src = map.read("src", decoder.nonEmptyString),
              let dest = map.read("dest", decoder.nonEmptyString) else { return nil }
        return Download(src: src, dest: dest, resolvedDestination: LocalPath.resolve(dest.value, relativeTo: file))
    }

    /// An action's mapping with its required keys checked.
    private func object(_ key: String, _ node: YAMLNode, _ schema: PlaybookSchema.SchemaObject) -> KeyedMapping? {
        guard node.pairs != nil else {
            let shape = schema.name == "script" ? "a path or a mapping" : "a mapping"
            decoder.error(node.location, "'\(key)' expects \(shape) with "
                + schema.required.map { "'\($0)'" }.joined(separator: " and ") + ", found \(FieldDecoder.found(node))")
            return nil
        }
        guard let map = KeyedMapping(node, what: "'\(key)'", allowed: schema.keys, decoder: decoder) else { return nil }
        for required in schema.required where map[required] == nil {
            decoder.error(node.location, "'\(key)' needs '\(required)'")
        }
        return map
    }

    /// Octal permission bits as text: `0644`, `755`.
    private func fileMode(_ key: String, _ node: YAMLNode) -> Located<String>? {
        guard let text = decoder.string(key, node) else { return nil }
        let digits = text.value
        guard (3...4).contains(digits.count), digits.allSatisfy({ ("0"..."7").contains($0) }) else {
            decoder.error(node.location, "'\(key)' expects octal permission bits such as \"0644\", found '\(digits)'")
            return nil
        }
        return text
    }

    /// The local path `src` names, checked to exist unless it is a template.
    private func localSource(_ src: Located<String>) -> String {
        let resolved = LocalPath.resolve(src.value, relativeTo: file)
        if !LocalPath.isTemplated(src.value) {
            var isDirectory: ObjCBool = false
            if !FileManager.default.fileExists(atPath: resolved, isDirectory: &isDirectory) {
                decoder.error(src.location, "no such local file '\(src.value)' (looked for \(resolved))")
            } else if isDirectory.boolValue {
                decoder.error(src.location, "'\(src.value)' is a folder, not a file (\(resolved))")
            } else if let problem = LocalPath.unreadableFileProblem(resolved) {
                decoder.error(src.location, "cannot read local file '\(src.value)': \(problem) (\(resolved))")
            }
        }
        return resolved
    }
}
