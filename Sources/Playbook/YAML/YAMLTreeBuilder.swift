/// Turns the parser's event stream into node trees: keeps a stack of open collections, records
/// anchored nodes, substitutes aliases, resolves `<<` merge keys and reports duplicate keys. It keeps
/// the input's bounds (`InputLimits`): a collection nested deeper than `maximumDepth` is an error at
/// its start and is left out, and an alias that would take the document past `maximumAliasedNodes`
/// copied nodes is an error at the alias, as are the aliases after it.
struct YAMLTreeBuilder {
    /// The problems found so far (duplicate keys, unknown aliases, bad merges).
    var diagnostics: [Diagnostic] = []

    private let file: String
    /// What a key written twice in one mapping is.
    private let duplicateKeys: YAMLLoader.DuplicateKeys
    private var stack: [Frame] = []
    private var root: YAMLNode?
    /// Anchors seen in the current document (YAML scopes anchors to one document), with how many
    /// nodes each holds once its own aliases are expanded.
    private var anchors: [String: (node: YAMLNode, size: Int)] = [:]
    /// Anchors whose node is still open: an alias to one of them would be a node inside itself.
    private var openAnchors: Set<String> = []

    /// Nodes of the current document so far, counting every alias as the nodes it copies.
    private var expandedNodes = 0
    /// Nodes the current document's aliases have copied so far.
    private var aliasedNodes = 0
    /// True once an alias went past `maximumAliasedNodes`: later aliases copy nothing.
    private var aliasBudgetSpent = false
    /// Inside a collection nested too deeply: how many collections are open in it, and where it
    /// starts. Everything in it is skipped and replaced by one null node.
    private var skipped: (open: Int, location: SourceLocation)?

    private enum Frame {
        case sequence(anchor: String?, location: SourceLocation, items: [YAMLNode], start: Int)
        case mapping(anchor: String?, location: SourceLocation, pairs: [YAMLPair], key: YAMLNode?, start: Int)
    }

    /// A builder whose nodes' locations name `file`.
    init(file: String, duplicateKeys: YAMLLoader.DuplicateKeys = .error) {
        self.duplicateKeys = duplicateKeys
        self.file = file
    }

    /// Feeds one event; returns a document's root node when that document ends.
    mutating func handle(_ event: YAMLEvent) -> YAMLNode? {
        if skipped != nil {
            skip(event)
            return nil
        }
        switch event {
        case .streamStart, .streamEnd:
            return nil
        case .documentStart:
            root = nil
            anchors = [:]
            openAnchors = []
            expandedNodes = 0
            aliasedNodes = 0
            aliasBudgetSpent = false
            return nil
        case .documentEnd:
            defer { root = nil }
            return root
        case .alias(let anchor, let mark):
            attach(resolveAlias(anchor, at: location(mark)))
        case .scalar(let scalar, let anchor, let mark):
            expandedNodes += 1
            finish(YAMLNode(kind: .scalar(scalar), location: location(mark)), anchor: anchor, size: 1)
        case .sequenceStart(let anchor, _, let mark):
            guard open(at: location(mark)) else { return nil }
            if let anchor { openAnchors.insert(anchor) }
            stack.append(.sequence(anchor: anchor, location: location(mark), items: [], start: expandedNodes))
            expandedNodes += 1
        case .mappingStart(let anchor, _, let mark):
            guard open(at: location(mark)) else { return nil }
            if let anchor { openAnchors.insert(anchor) }
            stack.append(.mapping(anchor: anchor, location: location(mark), pairs: [], key: nil, start: expandedNodes))
            expandedNodes += 1
        case .sequenceEnd:
            guard case .sequence(let anchor, let location, let items, let start)? = stack.popLast() else {
                preconditionFailure("libyaml ended a sequence that was not open")
            }
            finish(YAMLNode(kind: .sequence(items), location: location), anchor: anchor, size: expandedNodes - start)
        case .mappingEnd:
            guard case .mapping(let anchor, let location, let pairs, _, let start)? = stack.popLast() else {
                preconditionFailure("libyaml ended a mapping that was not open")
            }
            finish(YAMLNode(kind: .mapping(resolve(pairs)), location: location), anchor: anchor,
                   size: expandedNodes - start)
        }
        return nil
    }

    // MARK: - Depth

    /// Whether a collection starting at `location` may open; when it would be nested deeper than
    /// `InputLimits.maximumDepth`, reports it and starts skipping it.
    private mutating func open(at location: SourceLocation) -> Bool {
        guard stack.count >= InputLimits.maximumDepth else { return true }
        diagnostics.append(Diagnostic(.error, at: location,
            "YAML is nested too deeply (more than \(InputLimits.maximumDepth) levels)"))
        skipped = (open: 1, location: location)
        return false
    }

    /// Follows the events inside a skipped collection; when it closes, a null node takes its place.
    private mutating func skip(_ event: YAMLEvent) {
        guard let (open, location) = skipped else { return }
        switch event {
        case .sequenceStart, .mappingStart:
            skipped = (open + 1, location)
        case .sequenceEnd, .mappingEnd:
            if open > 1 {
                skipped = (open - 1, location)
            } else {
                skipped = nil
                expandedNodes += 1
                attach(Self.placeholder(at: location))
            }
        default:
            break
        }
    }

    // MARK: - Building

    private func location(_ mark: YAMLMark) -> SourceLocation {
        SourceLocation(file: file, line: mark.line, column: mark.column)
    }

    private mutating func finish(_ node: YAMLNode, anchor: String?, size: Int) {
        if let anchor {
            anchors[anchor] = (node, size)
            openAnchors.remove(anchor)
        }
        attach(node)
    }

    private mutating func attach(_ node: YAMLNode) {
        switch stack.popLast() {
        case nil:
            root = node
        case .sequence(let anchor, let location, var items, let start)?:
            items.append(node)
            stack.append(.sequence(anchor: anchor, location: location, items: items, start: start))
        case .mapping(let anchor, let location, var pairs, let key, let start)?:
            if let key {
                pairs.append(YAMLPair(key: key, value: node))
                stack.append(.mapping(anchor: anchor, location: location, pairs: pairs, key: nil, start: start))
            } else {
                stack.append(.mapping(anchor: anchor, location: location, pairs: pairs, key: node, start: start))
            }
        }
    }

    private mutating func resolveAlias(_ anchor: String, at location: SourceLocation) -> YAMLNode {
        expandedNodes += 1
        if let (node, size) = anchors[anchor] {
            if aliasBudgetSpent { return Self.placeholder(at: location) }
            guard aliasedNodes + size <= InputLimits.maximumAliasedNodes else {
                aliasBudgetSpent = true
                diagnostics.append(Diagnostic(.error, at: location, "alias '*\(anchor)' takes the document past "
                    + "\(InputLimits.maximumAliasedNodes) nodes copied through aliases (a \"billion laughs\")"))
                return Self.placeholder(at: location)
            }
            aliasedNodes += size
            expandedNodes += size - 1
            return node
        }
        if openAnchors.contains(anchor) {
            diagnostics.append(Diagnostic(.error, at: location, "alias '*\(anchor)' refers to a node that contains it"))
        } else {
            diagnostics.append(Diagnostic(.error, at: location, "unknown alias '*\(anchor)' (no anchor '&\(anchor)' before it)"))
        }
        return Self.placeholder(at: location)
    }

    /// The null node that stands in for what could not be built, so the rest can still be read.
    private static func placeholder(at location: SourceLocation) -> YAMLNode {
        YAMLNode(kind: .scalar(YAMLScalar(text: "", style: .plain)), location: location)
    }

    // MARK: - Merge keys and duplicates

    /// The mapping's pairs with `<<` merges applied: explicit keys win over merged ones, and of
    /// several merged mappings the earlier wins (the YAML merge-key rule). Merged pairs come first,
    /// as PyYAML orders them. A key written twice is an error at its second occurrence, or (with
    /// `.lastWins`) a warning there, the later value taking the first one's place, as in a Python dict.
    private mutating func resolve(_ pairs: [YAMLPair]) -> [YAMLPair] {
        var explicit: [YAMLPair] = []
        var explicitKeys: [String: SourceLocation] = [:]
        var sources: [[YAMLPair]] = []
        for pair in pairs {
            if Self.isMergeKey(pair.key) {
                sources += mergeSources(pair.value)
                continue
            }
            if let key = pair.key.scalar?.text {
                if let first = explicitKeys[key] {
                    let message = "duplicate key '\(key)' (first given at line \(first.line), column \(first.column))"
                    guard duplicateKeys == .lastWins,
                          let earlier = explicit.firstIndex(where: { $0.key.scalar?.text == key }) else {
                        diagnostics.append(Diagnostic(.error, at: pair.key.location, message))
                        continue
                    }
                    diagnostics.append(Diagnostic(.warning, at: pair.key.location, message + "; this later value is used"))
                    explicit[earlier] = pair
                    continue
                }
                explicitKeys[key] = pair.key.location
            }
            explicit.append(pair)
        }
        guard !sources.isEmpty else { return explicit }
        var merged: [YAMLPair] = []
        var mergedKeys: Set<String> = []
        for source in sources {
            for pair in source {
                guard let key = pair.key.scalar?.text else {
                    merged.append(pair)
                    continue
                }
                if explicitKeys[key] != nil || mergedKeys.contains(key) { continue }
                mergedKeys.insert(key)
                merged.append(pair)
            }
        }
        return merged + explicit
    }

    private static func isMergeKey(_ key: YAMLNode) -> Bool {
        guard let scalar = key.scalar, scalar.text == "<<" else { return false }
        return (scalar.style == .plain && scalar.tag == nil) || scalar.tag == YAMLTag.merge
    }

    /// The mappings a `<<` value names: one mapping, or a list of mappings.
    private mutating func mergeSources(_ value: YAMLNode) -> [[YAMLPair]] {
        switch value.kind {
        case .mapping(let pairs):
            return [pairs]
        case .sequence(let items):
            var sources: [[YAMLPair]] = []
            for item in items {
                if let pairs = item.pairs {
                    sources.append(pairs)
                } else {
                    diagnostics.append(Diagnostic(.error, at: item.location,
                        "a '<<' merge list holds mappings only, found \(item.kindDescription)"))
                }
            }
            return sources
        case .scalar:
            diagnostics.append(Diagnostic(.error, at: value.location,
                "a '<<' merge key takes a mapping or a list of mappings, found \(value.kindDescription)"))
            return []
        }
    }
}
