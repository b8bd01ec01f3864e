/// A play's `hosts:` as the host pattern it stands for. A template there (`hosts: "{{ target }}"`) is
/// rendered before the pattern is matched, as Ansible does, with what is known before any host is
/// chosen: the extra vars (`-e`), the secrets file, and the playbook's and play's vars (vars files
/// included). Inventory variables and facts belong to hosts, so they cannot choose the hosts.
enum PlayHostPattern {
    /// What `hosts:` says the play targets; `shared` are the play's playbook and play layers
    /// (`PreparedPlay.sharedLayers`).
    static func pattern(of play: Play, shared: [VariableLayer], request: PlanRequest) throws(Diagnostic) -> String {
        guard Template.containsTemplate(play.hosts.value) else { return play.hosts.value }
        let template = try Template(TemplateSource(play.hosts))
        var scope = VariableScope(layers: shared)
        if let secrets = request.secretsFile { scope.add(secrets) }
        if let extra = request.extraVars { scope.add(extra) }
        do {
            return try template.render(in: scope)
        } catch {
            throw Diagnostic(error.severity, at: error.location,
                             error.message + " (in 'hosts:', which sees -e and the playbook's and play's vars)",
                             sourceLine: error.sourceLine)
        }
    }

    /// The problems of a templated `hosts:` that need no variables: syntax and filters.
    static func problems(of play: Play) -> [Diagnostic] {
        guard Template.containsTemplate(play.hosts.value) else { return [] }
        do {
            return try Template(TemplateSource(play.hosts)).filterProblems
        } catch {
            return [error]
        }
    }
}
