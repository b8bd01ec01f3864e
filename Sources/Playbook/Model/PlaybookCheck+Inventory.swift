extension PlaybookCheck {
    /// The check with every play's `hosts:` pattern resolved against `inventory` (and the
    /// `--limit` patterns, when given): a pattern that matches no host, or a term that matches
    /// nothing, is an error at the play's `hosts:` value. Patterns that are templates are left to
    /// plan time.
    public func checkingHosts(against inventory: Inventory, limit: HostLimit? = nil) -> PlaybookCheck {
        guard let playbook else { return self }
        var added: [Diagnostic] = []
        for play in playbook.allPlays where !LocalPath.isTemplated(play.hosts.value) {
            do {
                _ = try inventory.hosts(matching: play.hosts.value, limit: limit, at: play.hosts.location)
            } catch {
                added += error.diagnostics.map { $0.withSourceLine(from: sources) }
            }
        }
        guard !added.isEmpty else { return self }
        let all = PlaybookFileDecoder.inSourceOrder(diagnostics + added)
        return PlaybookCheck(playbook: playbook, diagnostics: all, sources: sources, filesDecoded: filesDecoded)
    }
}
