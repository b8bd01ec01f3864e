import Runner
import SSHClient
import Synchronization

/// Shows one host's output on the console: each line prefixed with `HOST: ` (stderr lines with
/// `HOST! `), written whole so hosts never interleave inside a line; or, with `--group`, kept until
/// the host finishes and printed as one block under a header, like dshbak. Bytes that are not UTF-8
/// and control characters are shown escaped (`\xFF`), never sent raw to the terminal.
final class ExecConsoleSink: OutputSink {
    private let host: String
    private let grouped: Bool
    private struct State {
        var partial: [OutputChunk.Stream: [UInt8]] = [:]
        var block: [UInt8] = []
    }
    private let state = Mutex(State())
    /// A partial line longer than this is shown without waiting for its end.
    private static let maximumLine = 64 * 1024

    init(host: String, grouped: Bool) {
        self.host = host
        self.grouped = grouped
    }

    func receive(_ chunk: OutputChunk) async throws {
        let text: String? = state.withLock { state in
            var pending = state.partial[chunk.stream, default: []]
            pending += chunk.bytes
            guard let lastNewline = pending.lastIndex(of: UInt8(ascii: "\n")) else {
                if pending.count > Self.maximumLine {
                    state.partial[chunk.stream] = []
                    return emit(pending + [UInt8(ascii: "\n")], stream: chunk.stream, into: &state)
                }
                state.partial[chunk.stream] = pending
                return nil
            }
            state.partial[chunk.stream] = Array(pending[(lastNewline + 1)...])
            return emit(Array(pending[...lastNewline]), stream: chunk.stream, into: &state)
        }
        if let text { FileHandleOutput.standardOutput.write(text) }
    }

    /// Shows what is left: an unterminated last line, and with `--group` the whole block under
    /// `header`.
    func finish(header: String) {
        let text: String = state.withLock { state in
            var text = ""
            for stream in [OutputChunk.Stream.stdout, .stderr] {
                if let rest = state.partial[stream], !rest.isEmpty {
                    text += emit(rest + [UInt8(ascii: "\n")], stream: stream, into: &state) ?? ""
                }
            }
            state.partial.removeAll()
            guard grouped else { return text }
            let block = Self.printable(state.block)
            state.block.removeAll()
            return "----------------\n\(header)\n----------------\n" + block
        }
        if !text.isEmpty { FileHandleOutput.standardOutput.write(text) }
    }

    /// Lines ready to show now (nil with `--group`, which keeps them for the block).
    private func emit(_ lines: [UInt8], stream: OutputChunk.Stream, into state: inout State) -> String? {
        if grouped {
            state.block += lines
            return nil
        }
        let marker = stream == .stdout ? ": " : "! "
        var text = ""
        for line in lines.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).dropLast() {
            text += host + marker + Self.printable(Array(line)) + "\n"
        }
        return text
    }

    /// `bytes` as text safe for a terminal: valid UTF-8 kept, other bytes and control characters
    /// (except tab and newline) escaped as `\xNN`.
    static func printable(_ bytes: [UInt8]) -> String {
        var text = ""
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            let length = byte < 0x80 ? 1 : byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC2 ? 2 : 0
            if length == 1 {
                if byte < 0x20 && byte != 0x09 && byte != 0x0A || byte == 0x7F {
                    text += "\\x" + hex(byte)
                } else {
                    text.unicodeScalars.append(Unicode.Scalar(byte))
                }
                index += 1
                continue
            }
            if length > 1, index + length <= bytes.count,
               let decoded = String(validating: bytes[index..<(index + length)], as: UTF8.self) {
                text += decoded
                index += length
                continue
            }
            text += "\\x" + hex(byte)
            index += 1
        }
        return text
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 15)]])
    }
}
