/// A TOML 1.0 document as a tree that keeps where every key and value starts, for inventories.
/// Dates and times are ISO text (`TOMLScalar`).
struct TOMLDocument {
    /// A value and where its text starts.
    struct Node {
        enum Kind {
            case value(Value)
            case table(Table)
            case array(ArrayNode)
        }

        var kind: Kind
        var location: SourceLocation

        /// What the node is, for messages: "a table", "an array", "a string".
        var kindDescription: String {
            switch kind {
            case .table: return "a table"
            case .array: return "an array"
            case .value(let value):
                switch value {
                case .bool: return "a boolean"
                case .int: return "an integer"
                case .double: return "a float"
                default: return "a string"
                }
            }
        }

        /// The node as a variable value; the tree is at most `InputLimits.maximumDepth` deep.
        var value: Value {
            switch kind {
            case .value(let value): return value
            case .array(let array): return .list(array.items.map(\.value))
            case .table(let table): return .map(Value.OrderedMap(table.entries.map { ($0.key, $0.node.value) }))
            }
        }
    }

    /// One `key = value` (or sub-table) of a table.
    struct Entry {
        var key: String
        var keyLocation: SourceLocation
        var node: Node
    }

    /// How a table came to be, which decides what may still add to it.
    enum Origin {
        /// Named only as the prefix of a header (`a` in `[a.b]`): a header may still define it.
        case implicit
        /// Defined by its own `[header]`.
        case header
        /// Made by a dotted key (`a.b = 1`).
        case dotted
        /// Written inline (`{ … }`): complete as written.
        case inline
    }

    /// A table, shared by reference so headers and dotted keys can add to one already in the tree.
    final class Table {
        private(set) var entries: [Entry] = []
        private var indexByKey: [String: Int] = [:]
        var origin: Origin
        let depth: Int

        init(origin: Origin, depth: Int) {
            self.origin = origin
            self.depth = depth
        }

        subscript(key: String) -> Entry? { indexByKey[key].map { entries[$0] } }

        func add(_ entry: Entry) {
            indexByKey[entry.key] = entries.count
            entries.append(entry)
        }
    }

    /// An array; an array of tables (`[[name]]`) grows with each header naming it.
    final class ArrayNode {
        var items: [Node]
        let ofTables: Bool

        init(items: [Node], ofTables: Bool) {
            self.items = items
            self.ofTables = ofTables
        }
    }

    /// A syntax error, at the line and column (in characters) where it was found.
    struct Failure: Error {
        let message: String
        let location: SourceLocation
        /// Found on a later line of a multi-line string, whose text is not shown.
        var insideMultilineString = false
    }

    let root: Table

    /// Reads a whole document in one pass.
    static func parse(_ text: String, file: String) throws(Failure) -> TOMLDocument {
        var reader = TOMLReader(bytes: Array(text.utf8), file: file)
        return TOMLDocument(root: try reader.document())
    }
}
