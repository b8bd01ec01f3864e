/// Turns the parser's event stream into node trees: keeps a stack of open collections, records
/// anchored nodes, substitutes aliases, resolves `<<` merge keys and reports duplicate keys.
struct YAMLTreeBuilder {
    /// The problems found so far (duplicate keys, unknown aliases, bad merges).
    var diagnostics: [Diagnostic] = []

    private let file: String
    private var stack: [Frame] = []
    private var root: YAMLNode?
    /// Anchors seen in the current document (YAML scopes anchors to one document).
    private var anchors: [String: YAMLNode] = [:]
    /// Anchors whose node is still open: an alias to one of them would be a node inside itself.
    private var openAnchors: Set<String> = []

    private enum Frame {
        case sequence(anchor: String?, location: SourceLocation, items: [YAMLNode])
        case mapping(anchor: String?, location: SourceLocation, pairs: [YAMLPair], key: YAMLNode?)
    }

    /// A builder whose nodes' locations name `file`.
    init(file: String) {
        self.file = file
    }

    /// Feeds one event; returns a document's root node when that document ends.
    mutating func handle(_ event: YAMLEvent) -> YAMLNode? {
        switch event {
        case .streamStart, .streamEnd:
            return nil
        case .documentStart:
            root = nil
            anchors = [:]
            openAnchors = []
            return nil
        case .documentEnd:
            defer { root = nil }
            return root
        case .alias(let anchor, let mark):
            attach(resolveAlias(anchor, at: location(mark)))
        case .scalar(let scalar, let anchor, let mark):
            finish(YAMLNode(kind: .scalar(scalar), location: location(mark)), anchor: anchor)
        case .sequenceStart(let anchor, _, let mark):
            if let anchor { openAnchors.insert(anchor) }
            stack.append(.sequence(anchor: anchor, location: location(mark), items: []))
        case .mappingStart(let anchor, _, let mark):
            if let anchor { openAnchors.insert(anchor) }
            stack.append(.mapping(anchor: anchor, location: location(mark), pairs: [], key: nil))
        case .sequenceEnd:
            guard case .sequence(let anchor, let location, let items)? = stack.popLast() else {
                preconditionFailure("libyaml ended a sequence that was not open")
            }
            finish(YAMLNode(kind: .sequence(items), location: location), anchor: anchor)
        case .mappingEnd:
            guard case .mapping(let anchor, let location, let pairs, _)? = stack.popLast() else {
                preconditionFailure("libyaml ended a mapping that was not open")
            }
            finish(YAMLNode(kind: .mapping(resolve(pairs)), location: location), anchor: anchor)
        }
        return nil
    }

    // MARK: - Building

    private func location(_ mark: YAMLMark) -> SourceLocation {
        SourceLocation(file: file, line: mark.line, column: mark.column)
    }

    private mutating func finish(_ node: YAMLNode, anchor: String?) {
        if let anchor {
            anchors[anchor] = node
            openAnchors.remove(anchor)
        }
        attach(node)
    }

    private mutating func attach(_ node: YAMLNode) {
        switch stack.popLast() {
        case nil:
            root = node
        case .sequence(let anchor, let location, var items)?:
            items.append(node)
            stack.append(.sequence(anchor: anchor, location: location, items: items))
        case .mapping(let anchor, let location, var pairs, let key)?:
            if let key {
                pairs.append(YAMLPair(key: key, value: node))
                stack.append(.mapping(anchor: anchor, location: location, pairs: pairs, key: nil))
            } else {
                stack.append(.mapping(anchor: anchor, location: location, pairs: pairs, key: node))
            }
        }
    }

    private mutating func resolveAlias(_ anchor: String, at location: SourceLocation) -> YAMLNode {
        if let node = anchors[anchor] { return node }
        if openAnchors.contains(anchor) {
            diagnostics.append(Diagnostic(.error, at: location, "alias '*\(anchor)' refers to a node that contains it"))
        } else {
            diagnostics.append(Diagnostic(.error, at: location, "unknown alias '*\(anchor)' (no anchor '&\(anchor)' before it)"))
        }
        return YAMLNode(kind: .scalar(YAMLScalar(text: "", style: .plain)), location: location)
    }

    // MARK: - Merge keys and duplicates

    /// The mapping's pairs with `<<` merges applied: explicit keys win over merged ones, and of
    /// several merged mappings the earlier wins (the YAML merge-key rule). Merged pairs come first,
    /// as PyYAML orders them. A key written twice is an error at its second occurrence.
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
                    diagnostics.append(Diagnostic(.error, at: pair.key.location,
                        "duplicate key '\(key)' (first given at line \(first.line), column \(first.column))"))
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
