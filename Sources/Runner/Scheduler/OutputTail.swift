/// The last `limit` bytes of a stream, kept so conditions and reports can see the end of a step's
/// output without holding all of it (DESIGN.md, decision 9).
struct OutputTail: Sendable {
    let limit: Int
    private(set) var bytes: [UInt8] = []
    private(set) var truncated = false

    init(limit: Int) {
        self.limit = limit
    }

    mutating func append(_ chunk: [UInt8]) {
        if chunk.count >= limit {
            bytes = Array(chunk.suffix(limit))
            truncated = truncated || chunk.count > limit
            return
        }
        bytes += chunk
        if bytes.count > limit {
            bytes.removeFirst(bytes.count - limit)
            truncated = true
        }
    }

    /// The tail as text; bytes that are not UTF-8 become U+FFFD.
    var text: String { String(decoding: bytes, as: UTF8.self) }
}
