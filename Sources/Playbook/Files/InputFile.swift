import Foundation
import Glibc

/// Reads a file a user named (a playbook, an inventory, a vars file, an ssh_config) as UTF-8 text,
/// with an error that names the file, and the line and column of the first byte that is not UTF-8.
///
/// Only regular files are read: opening a FIFO blocks until something writes to it, and a device
/// such as /dev/zero never ends. Both are refused before `open`.
public enum InputFile {
    /// The file's bytes, or why it cannot be used.
    public static func bytes(at path: String) -> Result<[UInt8], InputFileError> {
        var info = stat()
        guard stat(path, &info) == 0 else {
            return .failure(InputFileError(path: path, reason: errno == ENOENT ? "no such file"
                                                                   : String(cString: strerror(errno))))
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: return .failure(InputFileError(path: path, reason: "is a directory"))
        case S_IFIFO: return .failure(InputFileError(path: path, reason: "is a FIFO, not a regular file"))
        case S_IFSOCK: return .failure(InputFileError(path: path, reason: "is a socket, not a regular file"))
        default: return .failure(InputFileError(path: path, reason: "is a device, not a regular file"))
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            return .failure(InputFileError(path: path, reason: "cannot be read"))
        }
        return .success([UInt8](data))
    }

    /// The file's text, or a diagnostic naming the file (and, for a byte that is not UTF-8, its
    /// line and column).
    public static func text(at path: String) throws(DiagnosticList) -> String {
        let bytes: [UInt8]
        switch Self.bytes(at: path) {
        case .failure(let error): throw DiagnosticList([Diagnostic(.error, at: nil, error.description)])
        case .success(let read): bytes = read
        }
        return try text(of: bytes, file: path)
    }

    /// `bytes` as UTF-8 text with every line ending in `\n`, or an error at the first byte that is
    /// not UTF-8.
    ///
    /// A file saved on Windows ends its lines in CR LF, and Swift counts `"\r\n"` as one Character
    /// that is not `"\n"`, so a reader splitting at `"\n"` would see one long line. YAML (libyaml)
    /// and Ansible's INI reader (Python's `splitlines`) both take CR LF and a lone CR as a line break,
    /// so every reader gets `\n` alone.
    public static func text(of bytes: [UInt8], file: String) throws(DiagnosticList) -> String {
        if let text = String(validating: unixLineEnds(bytes), as: UTF8.self) { return text }
        let (line, column) = firstInvalidByte(bytes)
        throw DiagnosticList([Diagnostic(.error, at: SourceLocation(file: file, line: line, column: column),
                                         "file is not valid UTF-8")])
    }

    /// `bytes` with each CR LF and each lone CR turned into LF (the bytes themselves when there is no CR).
    private static func unixLineEnds(_ bytes: [UInt8]) -> [UInt8] {
        let carriageReturn: UInt8 = 13, lineFeed: UInt8 = 10
        guard bytes.contains(carriageReturn) else { return bytes }
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        for (index, byte) in bytes.enumerated() {
            if byte != carriageReturn {
                result.append(byte)
            } else if index + 1 == bytes.count || bytes[index + 1] != lineFeed {
                result.append(lineFeed)
            }
        }
        return result
    }

    /// The 1-based line and column (in characters) of the first byte that does not decode.
    private static func firstInvalidByte(_ bytes: [UInt8]) -> (Int, Int) {
        var line = 1, column = 1
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        while case .scalarValue(let scalar) = decoder.decode(&iterator) {
            if scalar == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return (line, column)
    }
}

/// A named file that cannot be read, and why.
public struct InputFileError: Error, CustomStringConvertible {
    /// The path as the user named it.
    public let path: String
    /// Why it cannot be used.
    public let reason: String

    public var description: String { "\(path): \(reason)" }
}
