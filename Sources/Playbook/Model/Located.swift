/// A value read from a file together with where it was written, so any later error about it (a
/// template at plan time, a failed step in a report) can point at its line.
public struct Located<Wrapped: Sendable>: Sendable {
    public let value: Wrapped
    public let location: SourceLocation

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
    public var values: Value.OrderedMap
    public var locations: [String: SourceLocation]

    public init(values: Value.OrderedMap = Value.OrderedMap(), locations: [String: SourceLocation] = [:]) {
        self.values = values
        self.locations = locations
    }

    public var isEmpty: Bool { values.isEmpty }
}

/// One environment variable a play or step sets on the host: its name and its (template) text.
public struct EnvironmentVariable: Sendable, Hashable {
    public let name: Located<String>
    public let value: Located<String>

    public init(name: Located<String>, value: Located<String>) {
        self.name = name
        self.value = value
    }
}
