/// A host entry of an inventory (`web[01:03].example.com:2222`, `[::1]:22`, `10.0.0.5`): its
/// optional port is split off and its ranges expanded, as Ansible's `parse_address` and
/// `_expand_hostpattern` do.
enum HostAddress {
    /// Why an entry is not a usable host name.
    struct Failure: Error {
        let message: String
    }

    /// The host names an entry stands for and the port it names, if any; more than `limit` names
    /// (what the inventory has room for) is an error.
    static func expandEntry(_ entry: String, limit: Int = HostRange.maximumHosts)
        throws(Failure) -> (names: [String], port: Int?) {
        let (pattern, port) = splitPort(entry)
        if entry.hasSuffix(":"), port == nil {
            throw Failure(message: "invalid host '\(entry)': a trailing ':' must be followed by a port number")
        }
        let names: [String]
        do {
            names = try HostRange.expand(pattern, limit: limit)
        } catch {
            throw Failure(message: error.message)
        }
        if names.contains("---") {
            throw Failure(message: "invalid host '\(entry)': '---' is normally a sign this is a YAML file")
        }
        return (names, port)
    }

    /// `[address]:port` and `name:port` give (name, port); anything else is the name alone. The
    /// port is split off only when the rest is a valid host name, IPv4 or IPv6 address.
    static func splitPort(_ entry: String) -> (String, Int?) {
        var host = entry
        var port: Int?
        if entry.hasPrefix("["), let close = entry.lastIndex(of: "]"),
           entry[entry.index(after: close)...].hasPrefix(":"),
           let number = Int(entry[entry.index(close, offsetBy: 2)...]), entry.index(close, offsetBy: 2) < entry.endIndex {
            host = String(entry[entry.index(after: entry.startIndex)..<close])
            port = number
        } else if let colon = lastColonOutsideBrackets(entry), colonsOutsideBrackets(entry) == 1 {
            let digits = entry[entry.index(after: colon)...]
            if !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(digits) {
                host = String(entry[..<colon])
                port = number
            }
        }
        guard isHostIdentifier(host) else { return (entry, nil) }
        return (host, port)
    }

    private static func colonsOutsideBrackets(_ text: String) -> Int {
        var depth = 0
        var count = 0
        for char in text {
            if char == "[" { depth += 1 }
            if char == "]" { depth -= 1 }
            if char == ":", depth == 0 { count += 1 }
        }
        return count
    }

    private static func lastColonOutsideBrackets(_ text: String) -> String.Index? {
        var depth = 0
        var found: String.Index?
        var index = text.startIndex
        while index < text.endIndex {
            switch text[index] {
            case "[": depth += 1
            case "]": depth -= 1
            case ":" where depth == 0: found = index
            default: break
            }
            index = text.index(after: index)
        }
        return found
    }

    /// A host name (labels of letters, digits, `_`, `-` and ranges, not ending in `_`/`-`), an
    /// IPv4 address or an IPv6 address, ranges allowed.
    static func isHostIdentifier(_ text: String) -> Bool {
        guard !text.isEmpty else { return false }
        // Fast path: plain ASCII labels of letters, digits, '_' and '-' separated by dots.
        var simple = true, labelStart = true, last: UInt8 = 0
        for byte in text.utf8 {
            let alnum = (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
            if byte == 0x2E {
                if labelStart || last == 0x5F || last == 0x2D { return false }
                labelStart = true
            } else if alnum || byte == 0x5F || (byte == 0x2D && !labelStart) {
                labelStart = false
            } else {
                simple = false
                break
            }
            last = byte
        }
        if simple { return !labelStart && last != 0x5F && last != 0x2D }
        if colonsOutsideBrackets(text) > 0 {
            return text.allSatisfy { $0.isHexDigit || $0 == ":" || $0 == "." || $0 == "[" || $0 == "]" }
        }
        var label = ""
        var depth = 0
        for char in text + "." {
            if char == "[" { depth += 1 }
            if char == "]" { depth -= 1 }
            if char == ".", depth == 0 {
                guard let first = label.first, let last = label.last,
                      first == "[" || first.isLetter || first.isNumber || first == "_",
                      last != "_", last != "-" else { return false }
                label = ""
                continue
            }
            guard depth > 0 || char == "]" || char.isLetter || char.isNumber || char == "_" || char == "-" else {
                return false
            }
            label.append(char)
        }
        return depth == 0
    }
}
