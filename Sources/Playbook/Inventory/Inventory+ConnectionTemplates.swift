import Foundation

/// Connection variables that hold templates, as Ansible allows (`ansible_host: "{{ inventory_hostname
/// }}.example.com"`): rendered per host when the plan is made, before pbrun connects anywhere.
extension Inventory {
    /// The connection variables rendered when they hold `{{`; the others are read as written.
    public static let templatedConnectionVariables = ["ansible_host", "ansible_ssh_host", "ansible_user",
                                                      "ansible_ssh_user", "ansible_port", "ansible_ssh_port"]

    /// Where the runner connects to `host`, with the templates in its `templatedConnectionVariables`
    /// rendered in `scope` (the host's variables and built-ins; made only when a template needs it).
    /// A template that cannot be rendered is an error at the line that sets the variable, naming the
    /// variable and the host.
    public func connection(for host: String, defaults: ConnectionDefaults,
                           rendering scope: () -> VariableScope) throws(Diagnostic) -> HostConnection {
        var variables = mergedVariables(of: host)
        if hasConnectionTemplates(variables) {
            variables = try renderedConnectionVariables(variables, of: host, in: scope())
        }
        var resolver = ConnectionResolver(name: host, variables: variables, defaults: defaults,
                                          sshConfig: SSHConfigCache.shared.config(defaults.sshConfigPath))
        var connection = resolver.resolve().connection
        connection.isLocal = try Self.isLocalConnection(variables, of: host)
        return connection
    }

    /// Whether any of the `templatedConnectionVariables` holds a template.
    func hasConnectionTemplates(_ variables: LocatedVariables) -> Bool {
        Self.templatedConnectionVariables.contains { name in
            if case .string(let text)? = variables.values[name] { return Template.containsTemplate(text) }
            return false
        }
    }

    /// The scope for rendering connection templates where there is no playbook (`pbrun exec`, `pbrun
    /// hosts --connection`): the host's inventory layers and built-ins; `run.id` is empty and
    /// `run.started` the epoch, since no run exists. Built only for hosts that need it.
    public func inventoryScope(for host: String) -> VariableScope {
        var scope = VariableScope(layers: variableLayers(of: host))
        let groups = groupNames.map { ($0, (try? hosts(matching: $0)) ?? []) }
        scope.setBuiltins(BuiltinFacts(hostName: host, hostAddress: host, hostGroups: self.groups(of: host),
                                       groups: groups, playName: nil, runID: "",
                                       runStarted: Date(timeIntervalSince1970: 0)))
        return scope
    }

    /// `variables` (the host's merged ones) with its templated connection variables rendered.
    func renderedConnectionVariables(_ variables: LocatedVariables, of host: String,
                                     in scope: VariableScope) throws(Diagnostic) -> LocatedVariables {
        var variables = variables
        for name in Self.templatedConnectionVariables {
            guard case .string(let text)? = variables.values[name], Template.containsTemplate(text) else { continue }
            let origin = variables.origins[name]
            do throws(Diagnostic) {
                let source = TemplateSource(text, at: origin ?? SourceLocation(file: "<inventory>", line: 1, column: 1))
                let value = try Template(source).evaluate(in: scope)
                switch value {
                case .string, .int: variables.values[name] = value
                default:
                    throw Diagnostic(at: origin, "it renders to \(value.describedForError), not a string or number")
                }
            } catch {
                throw Diagnostic(.error, at: origin,
                                 "host '\(host)': cannot render \(name) '\(text)': \(error.message)")
            }
        }
        return variables
    }
}
