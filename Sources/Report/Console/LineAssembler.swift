/// Cuts one output stream's chunks into whole lines, so a line printed to the console is never mixed
/// with another host's. Holds at most `maxLine` bytes of an unfinished line: a longer one is printed in
/// pieces, each marked as continued, so a host that never prints a newline costs no memory.
struct LineAssembler {
    /// The longest partial line kept before it is printed anyway.
    static let maxLine = 4096
    private var partial: [UInt8] = []

    /// The complete lines in `chunk` (without their newline; a trailing CR is dropped), and whether
    /// each is only a piece of a longer line.
    mutating func lines(_ chunk: [UInt8]) -> [(bytes: ArraySlice<UInt8>, continued: Bool)] {
        var result: [(ArraySlice<UInt8>, Bool)] = []
        var start = chunk.startIndex
        for index in chunk.indices where chunk[index] == UInt8(ascii: "\n") {
            if partial.isEmpty {
                result.append((trimCR(chunk[start..<index]), false))
            } else {
                partial += chunk[start..<index]
                result.append((trimCR(partial[...]), false))
                partial.removeAll(keepingCapacity: true)
            }
            start = index + 1
        }
        partial += chunk[start...]
        while partial.count >= Self.maxLine {
            result.append((partial[..<Self.maxLine], true))
            partial.removeFirst(Self.maxLine)
        }
        return result
    }

    /// The unfinished last line, if any, at the end of the stream.
    mutating func flush() -> ArraySlice<UInt8>? {
        defer { partial.removeAll() }
        return partial.isEmpty ? nil : trimCR(partial[...])
    }

    private func trimCR(_ line: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        line.last == UInt8(ascii: "\r") ? line.dropLast() : line
    }
}
