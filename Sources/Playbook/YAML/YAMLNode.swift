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

    /// The node's content.
    public let kind: Kind
    /// Where the node starts (for an alias: where the anchored node starts).
    public let location: SourceLocation

    /// A node of `kind` starting at `location`.
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
    /// The key node (usually a scalar), with its own location.
    public let key: YAMLNode
    /// The value node, with its own location.
    public let value: YAMLNode

    /// A pair of `key` and `value`.
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

    /// The text after unescaping and folding, exactly as YAML defines it.
    public let text: String
    /// How the scalar was quoted.
    public let style: Style
    /// The explicit tag in long form, or nil when none was written.
    public let tag: String?

    /// A scalar with `text`, `style` and an optional `tag`.
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

    /// The plain spellings YAML 1.1 reads as null.
    static let nullWords: Set<String> = ["", "~", "null", "Null", "NULL"]
}

/// The YAML 1.1 core tags pbrun recognises, in the long form libyaml reports them.
public enum YAMLTag {
    /// `!!str`
    public static let string = "tag:yaml.org,2002:str"
    /// `!!int`
    public static let int = "tag:yaml.org,2002:int"
    /// `!!float`
    public static let float = "tag:yaml.org,2002:float"
    /// `!!bool`
    public static let bool = "tag:yaml.org,2002:bool"
    /// `!!null`
    public static let null = "tag:yaml.org,2002:null"
    /// `!!merge`, the explicit form of a `<<` key.
    public static let merge = "tag:yaml.org,2002:merge"
    /// `!!timestamp`.
    public static let timestamp = "tag:yaml.org,2002:timestamp"
}
