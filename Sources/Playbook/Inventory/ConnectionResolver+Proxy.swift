/// How a host is reached when not directly: `ProxyJump` hops or a `ProxyCommand`, which share one
/// slot (the first one set wins, from the inventory before ssh_config, as ssh's command line comes
/// before its configuration files); `none` in that slot means a direct connection.
extension ConnectionResolver {
    /// How many hops a chain may have in all, counting those a first hop's own `ProxyJump` adds
    /// (ssh itself follows such chains without a bound, one ssh process per hop).
    static let maximumHops = 16

    mutating func resolveProxy(_ connection: inout HostConnection, settings: [String: SSHConfig.Setting],
                               tokens: SSHConfigTokens) {
        origins["jump"] = .defaults
        let found = inventoryValue(["jump"], sshOption: "ProxyJump").map { ("ProxyJump", $0.0, $0.1) }
            ?? inventoryValue([], sshOption: "ProxyCommand").map { ("ProxyCommand", $0.0, $0.1) }
            ?? config("ProxyJump", settings).map { ("ProxyJump", $0.0, $0.1) }
            ?? config("ProxyCommand", settings).map { ("ProxyCommand", $0.0, $0.1) }
        guard let (keyword, value, origin) = found, value.lowercased() != "none" else {
            if let found { origins["jump"] = found.2 }
            return
        }
        guard let expanded = expand(value, .proxy, keyword, origin, tokens) else { return }
        origins["jump"] = origin
        if keyword == "ProxyCommand" {
            connection.proxyCommand = expanded
            return
        }
        guard let specs = SSHArguments.jumpChain(expanded) else {
            warnings.append("ProxyJump '\(value)' from \(origin) is not a list of [user@]host[:port]; "
                            + "connecting directly")
            origins["jump"] = .defaults
            return
        }
        connection.jumps = resolveHops(specs, origin: origin, depth: 0)
    }

    /// The hops `specs` name, each looked up in ssh_config as ssh looks it up when it connects to it
    /// (`HostName`, `Port` and `User` where the spec gives none, `IdentityFile`), and the first
    /// hop's own `ProxyJump` in front of it (ssh connects to the first hop with its configuration,
    /// to the later ones with `-J`, which overrides theirs).
    private mutating func resolveHops(_ specs: [JumpSpec], origin: ConnectionValueOrigin, depth: Int) -> [JumpHost] {
        var hops: [JumpHost] = []
        for (index, spec) in specs.enumerated() {
            let (settings, identities) = sshConfig.settings(for: spec.name, user: spec.user)
            var hop = JumpHost(address: spec.name, port: spec.port ?? 22, user: spec.user)
            if let (hostName, hostOrigin) = config("HostName", settings),
               let expanded = expand(hostName, .hostName, "HostName", hostOrigin,
                                     SSHConfigTokens(host: spec.name, originalHost: spec.name, port: 22, remoteUser: "",
                                                     local: identity))
            {
                hop.address = expanded
            }
            if spec.port == nil, let (text, portOrigin) = config("Port", settings) {
                if let port = Int(text), (1...65535).contains(port) {
                    hop.port = port
                } else {
                    warnings.append("port '\(text)' from \(portOrigin) is not a port number; using 22")
                }
            }
            if spec.user == nil, let (user, _) = config("User", settings) { hop.user = user }
            let hopTokens = SSHConfigTokens(host: hop.address, originalHost: spec.name, port: hop.port,
                                            remoteUser: hop.user ?? identity.user, local: identity)
            hop.keyFiles = identities.compactMap {
                expand($0.value, .file, "IdentityFile", .sshConfig(keyword: "IdentityFile", location: $0.location),
                       hopTokens)
            }
            if index == 0 { hops += firstHopRoute(settings, tokens: hopTokens, name: spec.name, depth: depth) }
            hops.append(hop)
        }
        if depth == 0, hops.count > Self.maximumHops {
            warnings.append("jump chain from \(origin) has \(hops.count) hops; only the last \(Self.maximumHops) "
                            + "are used")
            hops = Array(hops.suffix(Self.maximumHops))
        }
        return hops
    }

    /// The hops in front of a first hop: its own ssh_config `ProxyJump`, if any.
    private mutating func firstHopRoute(_ settings: [String: SSHConfig.Setting], tokens: SSHConfigTokens,
                                        name: String, depth: Int) -> [JumpHost] {
        if let (command, origin) = config("ProxyCommand", settings), command.lowercased() != "none" {
            warnings.append("ProxyCommand from \(origin) for jump host '\(name)' is not used: pbrun reaches a jump "
                            + "host only directly or through other jump hosts")
            return []
        }
        guard let (value, origin) = config("ProxyJump", settings), value.lowercased() != "none",
              let expanded = expand(value, .proxy, "ProxyJump", origin, tokens) else { return [] }
        if SSHArguments.jumpChain(expanded)?.first?.name == name {
            // ssh refuses this ("jumphost loop"); pbrun connects to the hop directly and says so.
            warnings.append("ProxyJump from \(origin) makes jump host '\(name)' its own jump host; not followed")
            return []
        }
        guard depth < Self.maximumHops else {
            warnings.append("ProxyJump from \(origin) for jump host '\(name)' nests more than \(Self.maximumHops) "
                            + "deep (a loop?); not followed")
            return []
        }
        guard let specs = SSHArguments.jumpChain(expanded) else {
            warnings.append("ProxyJump '\(value)' from \(origin) is not a list of [user@]host[:port]")
            return []
        }
        return resolveHops(specs, origin: origin, depth: depth + 1)
    }
}
