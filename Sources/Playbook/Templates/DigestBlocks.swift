/// What SHA-1 and SHA-256 share (FIPS 180-4, 5.1.1 and 5.2.1): the message padded to whole 64-byte
/// blocks with its bit length at the end, each block read as 16 big-endian words.
enum DigestBlocks {
    /// `bytes` padded, as blocks of 16 words.
    static func blocks(of bytes: [UInt8]) -> [[UInt32]] {
        var message = bytes
        let bitLength = UInt64(bytes.count) &* 8
        message.append(0x80)
        while message.count % 64 != 56 { message.append(0) }
        for shift in stride(from: 56, through: 0, by: -8) {
            message.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift)))
        }
        return stride(from: 0, to: message.count, by: 64).map { chunkStart in
            (0..<16).map { index in
                let base = chunkStart + index * 4
                return UInt32(message[base]) << 24 | UInt32(message[base + 1]) << 16
                    | UInt32(message[base + 2]) << 8 | UInt32(message[base + 3])
            }
        }
    }
}
