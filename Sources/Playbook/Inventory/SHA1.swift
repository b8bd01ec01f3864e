/// SHA-1 (FIPS 180-4), only for ssh_config's `%C` token, which OpenSSH defines as the SHA-1 of
/// `%l%h%p%r`: Foundation on Linux has no digest API and no outside package may be used.
enum SHA1 {
    /// The digest of `bytes` as 40 lowercase hex digits.
    static func hexDigest(of bytes: [UInt8]) -> String {
        digest(of: bytes).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    /// The 20-byte digest of `bytes`.
    static func digest(of bytes: [UInt8]) -> [UInt8] {
        var hash: [UInt32] = [0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0]
        var words = [UInt32](repeating: 0, count: 80)
        for block in DigestBlocks.blocks(of: bytes) {
            words.replaceSubrange(0..<16, with: block)
            for index in 16..<80 {
                words[index] = rotate(words[index - 3] ^ words[index - 8] ^ words[index - 14] ^ words[index - 16], 1)
            }
            var (a, b, c, d, e) = (hash[0], hash[1], hash[2], hash[3], hash[4])
            for index in 0..<80 {
                let (mix, constant): (UInt32, UInt32)
                switch index {
                case 0..<20: (mix, constant) = ((b & c) | (~b & d), 0x5A827999)
                case 20..<40: (mix, constant) = (b ^ c ^ d, 0x6ED9EBA1)
                case 40..<60: (mix, constant) = ((b & c) | (b & d) | (c & d), 0x8F1BBCDC)
                default: (mix, constant) = (b ^ c ^ d, 0xCA62C1D6)
                }
                let temp = rotate(a, 5) &+ mix &+ e &+ constant &+ words[index]
                (e, d, c, b, a) = (d, c, rotate(b, 30), a, temp)
            }
            for (index, value) in [a, b, c, d, e].enumerated() { hash[index] = hash[index] &+ value }
        }
        return hash.flatMap { word in (0..<4).map { UInt8(truncatingIfNeeded: word >> UInt32(24 - $0 * 8)) } }
    }

    private static func rotate(_ value: UInt32, _ count: UInt32) -> UInt32 {
        (value << count) | (value >> (32 - count))
    }
}
