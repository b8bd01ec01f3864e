/// A value read from a file together with where it was written, so any later error about it (a
/// template at plan time, a failed step in a report) can point at its line.
public struct Located<Wrapped: Sendable>: Sendable {
    /// The value as decoded.
    public let value: Wrapped
    /// Where the value was written.
    public let location: SourceLocation

    /// `value`, written at `location`.
    public init(_ value: Wrapped, at location: SourceLocation) {
        self.value = value
        self.location = location
    }
}

extension Located: Equatable where Wrapped: Equatable {}
extension Located: Hashable where Wrapped: Hashable {}

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
