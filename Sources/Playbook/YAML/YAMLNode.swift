/// One node of a YAML document as written: a scalar with its exact text, an ordered mapping or a
/// sequence, each with the place it starts in its file. Anchors, aliases and `<<` merge keys are
/// already resolved; nothing is typed yet, so the schema can type each scalar by the field that
/// reads it (DESIGN.md, decision 1).
public struct YAMLNode: Sendable {
    /// What the node holds.
    public enum Kind: Sendable {
        /// A scalar: its text, quoting style and tag.
        case scalar(YAMLScalar)
        /// A mapping, its pairs in source order (merged pairs first, then the explicit ones).
        case mapping([YAMLPair])
        /// A sequence, its items in source order.
        case sequence([YAMLNode])
    }

    public let kind: Kind
    /// Where the node starts (for an alias: where the anchored node starts).
    public let location: SourceLocation

    public init(kind: Kind, location: SourceLocation) {
        self.kind = kind
        self.location = location
    }

    /// The scalar, when this node is one.
    public var scalar: YAMLScalar? {
        if case .scalar(let scalar) = kind { return scalar }
        return nil
    }

    /// The pairs, when this node is a mapping.
    public var pairs: [YAMLPair]? {
        if case .mapping(let pairs) = kind { return pairs }
        return nil
    }

    /// The items, when this node is a sequence.
    public var items: [YAMLNode]? {
        if case .sequence(let items) = kind { return items }
        return nil
    }

    /// A word for the node's shape in "expected …, found …" messages: "a mapping", "a list",
    /// "a string", "null".
    public var kindDescription: String {
        switch kind {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .scalar(let scalar): return scalar.isNull ? "null" : "a string"
        }
    }
}

/// One key/value pair of a mapping; both keep their own location.
public struct YAMLPair: Sendable {
    public let key: YAMLNode
    public let value: YAMLNode

    public init(key: YAMLNode, value: YAMLNode) {
        self.key = key
        self.value = value
    }
}

/// A scalar exactly as the source wrote it: the text after YAML's unescaping and folding, how it
/// was quoted, and its explicit tag (`!!str` arrives as `tag:yaml.org,2002:str`), if any.
public struct YAMLScalar: Sendable, Hashable {
    /// How the scalar was written; only a plain scalar may be read as anything but a string.
    public enum Style: String, Sendable {
        case plain
        case singleQuoted
        case doubleQuoted
        case literal
        case folded
    }

    public let text: String
    public let style: Style
    public let tag: String?

    public init(text: String, style: Style, tag: String? = nil) {
        self.text = text
        self.style = style
        self.tag = tag
    }

    /// True for a plain, untagged `~`, `null`, `Null`, `NULL` or empty scalar, and for `!!null`.
    public var isNull: Bool {
        if tag == YAMLTag.null { return true }
        guard style == .plain, tag == nil else { return false }
        return YAMLScalar.nullWords.contains(text)
    }

    static let nullWords: Set<String> = ["", "~", "null", "Null", "NULL"]
}

/// The YAML 1.1 core tags pbrun recognises, in the long form libyaml reports them.
public enum YAMLTag {
    public static let string = "tag:yaml.org,2002:str"
    public static let int = "tag:yaml.org,2002:int"
    public static let float = "tag:yaml.org,2002:float"
    public static let bool = "tag:yaml.org,2002:bool"
    public static let null = "tag:yaml.org,2002:null"
    public static let merge = "tag:yaml.org,2002:merge"
}
