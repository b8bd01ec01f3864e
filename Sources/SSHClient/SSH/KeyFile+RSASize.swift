extension KeyFile {
    /// The size in bits of an RSA key's modulus, read from what holds it in the clear: the public
    /// key inside an OpenSSH-format private key (unencrypted even when the private part is), an
    /// unencrypted PKCS#1 PEM key, or else the `.pub` file beside it. nil when none says.
    static func rsaModulusBits(privateKey: [UInt8], publicKey: [UInt8]?) -> Int? {
        let text = String(decoding: privateKey, as: UTF8.self)
        let body = text.split(whereSeparator: \.isNewline).filter { !$0.hasPrefix("-----") && !$0.contains(":") }.joined()
        if text.contains("BEGIN OPENSSH PRIVATE KEY"), let decoded = Base64.decode(body),
           let blob = openSSHPublicBlob(decoded), let bits = rsaBits(publicBlob: blob) {
            return bits
        }
        if text.contains("BEGIN RSA PRIVATE KEY"), !text.contains("ENCRYPTED"), let der = Base64.decode(body),
           let bits = pkcs1ModulusBits(der) {
            return bits
        }
        if let publicKey {
            let fields = String(decoding: publicKey, as: UTF8.self).split(separator: " ")
            if fields.count >= 2, let blob = Base64.decode(fields[1]) { return rsaBits(publicBlob: blob) }
        }
        return nil
    }

    /// The first public key of an `openssh-key-v1` container (PROTOCOL.key): magic, cipher name, KDF
    /// name, KDF options, key count, then the public key blob.
    private static func openSSHPublicBlob(_ bytes: [UInt8]) -> [UInt8]? {
        let magic = Array("openssh-key-v1\u{0}".utf8)
        guard bytes.starts(with: magic) else { return nil }
        var reader = WireReader(bytes: bytes, offset: magic.count)
        guard reader.string() != nil, reader.string() != nil, reader.string() != nil,
              let count = reader.uint32(), count >= 1 else { return nil }
        return reader.string()
    }

    /// The modulus size of an `ssh-rsa` public key blob (RFC 4253 6.6: name, e, n).
    static func rsaBits(publicBlob: [UInt8]) -> Int? {
        var reader = WireReader(bytes: publicBlob, offset: 0)
        guard let name = reader.string(), name == Array("ssh-rsa".utf8), reader.string() != nil,
              let modulus = reader.string() else { return nil }
        return bitLength(modulus[...])
    }

    /// The modulus size of a PKCS#1 `RSAPrivateKey` (RFC 8017 A.1.2): SEQUENCE { version, n, … }.
    private static func pkcs1ModulusBits(_ der: [UInt8]) -> Int? {
        var outer = DERReader(bytes: der[...])
        guard let contents = outer.element(tag: 0x30) else { return nil }
        var sequence = DERReader(bytes: contents)
        guard sequence.element(tag: 0x02) != nil, let modulus = sequence.element(tag: 0x02) else { return nil }
        return bitLength(modulus)
    }

    /// The bit length of a big-endian unsigned integer (leading zero bytes, as mpint and DER add, ignored).
    private static func bitLength(_ bytes: ArraySlice<UInt8>) -> Int? {
        guard let first = bytes.firstIndex(where: { $0 != 0 }) else { return nil }
        return (bytes.endIndex - first) * 8 - bytes[first].leadingZeroBitCount
    }
}

/// Reads SSH wire-format fields (RFC 4251 5): big-endian uint32s and length-prefixed strings.
private struct WireReader {
    let bytes: [UInt8]
    var offset: Int

    mutating func uint32() -> UInt32? {
        guard offset + 4 <= bytes.count else { return nil }
        defer { offset += 4 }
        return bytes[offset..<offset + 4].reduce(0) { $0 << 8 | UInt32($1) }
    }

    mutating func string() -> [UInt8]? {
        guard let length = uint32().map(Int.init), length <= bytes.count - offset else { return nil }
        defer { offset += length }
        return Array(bytes[offset..<offset + length])
    }
}

/// Reads DER elements (X.690): a tag, a short or long length, then that many content bytes.
private struct DERReader {
    var bytes: ArraySlice<UInt8>

    /// The contents of the next element if it has `tag`.
    mutating func element(tag: UInt8) -> ArraySlice<UInt8>? {
        var index = bytes.startIndex
        guard bytes.count >= 2, bytes[index] == tag else { return nil }
        var length = Int(bytes[index + 1])
        index += 2
        if length & 0x80 != 0 {
            let octets = length & 0x7F
            guard (1...4).contains(octets), octets <= bytes.endIndex - index else { return nil }
            length = bytes[index..<index + octets].reduce(0) { $0 << 8 | Int($1) }
            index += octets
        }
        guard length <= bytes.endIndex - index else { return nil }
        defer { bytes = bytes[(index + length)...] }
        return bytes[index..<index + length]
    }
}
