/// `vars_files:` entries whose path is a template (`vars/{{ env }}.yml`), read at plan time.
extension PreparedPlay {
    /// The variables of the templated entry `file` of `playbook`. Its path is rendered, as Ansible
    /// renders it, with the variables known before any host: `earlier` (the vars files and playbook
    /// vars before it), the playbook's vars, the play's vars and extra vars (`-e`); inventory and host
    /// variables differ from host to host and are not among them, so naming one is an undefined
    /// variable. A file that is missing, unreadable or not a mapping is an error at the entry, as a
    /// file named without a template is at load time. Nil after reporting the problem.
    static func templatedVarsFile(_ file: VarsFile, of playbook: PlaybookFile, play: Play, earlier: [VariableLayer],
                                  extraVars: VariableLayer?, diagnostics: inout [Diagnostic]) -> VariableLayer? {
        var scope = VariableScope(layers: earlier)
        scope.add(VariableLayer(.playbook, name: "playbook vars", values: playbook.vars.values, file: playbook.path,
                                locations: playbook.vars.locations))
        scope.add(VariableLayer(.play, name: "play '\(play.name?.value ?? "")'", values: play.vars.values,
                                file: play.file, locations: play.vars.locations))
        if let extraVars { scope.add(extraVars) }
        let rendered: String
        do throws(Diagnostic) {
            rendered = try Template(TemplateSource(file.path)).render(in: scope)
        } catch {
            diagnostics.append(error)
            return nil
        }
        let path = LocalPath.resolve(rendered, relativeTo: playbook.path)
        let decoder = FieldDecoder()
        let variables = decoder.varsFile(at: path, namedBy: file.path)
        diagnostics += decoder.diagnostics.map { $0.withSourceLine(from: decoder.sources) }
        return variables.map { variables in
            VariableLayer(.playbook, name: "vars file '\(rendered)'", values: variables.values, file: path,
                          locations: variables.locations)
        }
    }
}
