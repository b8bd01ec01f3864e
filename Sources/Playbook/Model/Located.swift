/// A value read from a file together with where it was written, so any later error about it (a
/// template at plan time, a failed step in a report) can point at its line.
public struct Located<Wrapped: Sendable>: Sendable {
    /// The value as decoded.
    public let value: Wrapped
    /// Where the value was written (for a quoted or block scalar: its quote or its `|`/`>`).
    public let location: SourceLocation
    /// Where each character of a string value is in the file, so a template error points at the
    /// exact character (see `TemplateSource.init(_:)`); nil when not known.
    public let placement: ScalarPlacement?

    /// `value`, written at `location`, its characters placed by `placement` when given.
    public init(_ value: Wrapped, at location: SourceLocation, placement: ScalarPlacement? = nil) {
        self.value = value
        self.location = location
        self.placement = placement
    }
}

/// Two located values are equal when their values and locations are; the placement of characters
/// follows from the file and is not compared.
extension Located: Equatable where Wrapped: Equatable {
    public static func == (lhs: Located, rhs: Located) -> Bool {
        lhs.value == rhs.value && lhs.location == rhs.location
    }
}

extension Located: Hashable where Wrapped: Hashable {
    public func hash(into hasher: inout Hasher) {
        hasher.combine(value)
        hasher.combine(location)
    }
}

/// Variables as a file defined them: typed values (PyYAML's typing, as Ansible's) in source
/// order, and where each one was defined.
public struct Variables: Sendable, Hashable {
    /// The variables in source order.
    public var values: Value.OrderedMap
    /// Where each variable's value was written, by name.
    public var locations: [String: SourceLocation]

    /// Variables with their locations (none by default).
    public init(values: Value.OrderedMap = Value.OrderedMap(), locations: [String: SourceLocation] = [:]) {
        self.values = values
        self.locations = locations
    }

    /// Whether no variable is defined.
    public var isEmpty: Bool { values.isEmpty }
}

/// One environment variable a play or step sets on the host: its name and its (template) text.
public struct EnvironmentVariable: Sendable, Hashable {
    /// The variable's name.
    public let name: Located<String>
    /// The value's text; a template, rendered at run time.
    public let value: Located<String>

    /// `name` set to `value`.
    public init(name: Located<String>, value: Located<String>) {
        self.name = name
        self.value = value
    }
}
