/// What an expression can see: top-level variables by name, other hosts' variables for
/// `hostvars`, and the names to suggest when a lookup fails. `VariableScope` is the real one.
public protocol VariableLookup {
    /// The binding of a top-level name, or nil when no source defines it.
    func binding(of name: String) -> VariableBinding?
    /// Every definition of a top-level name, the winning one first and then each one it overrides, so
    /// a variable's template can extend the value below it (`path: "{{ path }}/sub"` in step vars).
    func bindings(of name: String) -> [VariableBinding]
    /// Every top-level name that is defined, for "did you mean …?".
    var definedNames: [String] { get }
    /// Another host's merged variables, for `hostvars['web1']`; nil for an unknown host.
    func hostVariables(of host: String) -> Value?
    /// The hosts `hostvars` knows, for "did you mean …?".
    var hostNames: [String] { get }
    /// Every secret string the variables hold, so values computed from them (`pw | b64encode`)
    /// can be masked too. Asked only when a template read a secret variable.
    var secretStrings: Set<String> { get }
}

extension VariableLookup {
    /// No secrets, for lookups that hold none.
    public var secretStrings: Set<String> { [] }

    /// Only the winning definition, for lookups that keep no layers.
    public func bindings(of name: String) -> [VariableBinding] {
        binding(of: name).map { [$0] } ?? []
    }
}

/// A variable's value and what the evaluator needs to know about it.
public struct VariableBinding: Sendable, Hashable {
    /// The value as its source gave it.
    public let value: Value
    /// Where the value was written, when strings inside it are templates to expand on use; nil
    /// when the value is data that must never be expanded (registered output, secrets).
    public let templateSource: SourceLocation?
    /// Whether the value holds a secret, so a template that reads it is delivered and shown as secret.
    public let isSecret: Bool

    public init(value: Value, templateSource: SourceLocation?, isSecret: Bool = false) {
        self.value = value
        self.templateSource = templateSource
        self.isSecret = isSecret
    }
}
