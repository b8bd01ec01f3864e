import Foundation
import Testing
import Playbook

@Suite struct SecretDeliveryTests {
    /// Every process's argument list on this machine, as `ps` shows them to any user.
    static func allCommandLines() -> [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.filter { $0.allSatisfy(\.isNumber) }.compactMap { pid in
            FileManager.default.contents(atPath: "/proc/\(pid)/cmdline").map {
                String(decoding: $0.map { $0 == 0 ? 32 : $0 }, as: UTF8.self)
            }
        }
    }

    /// Runs the delivered command with /bin/sh as sshd would, and checks that while it runs no
    /// process's argument list holds the secret, and that the script still got it.
    @Test func aSecretReachesTheCommandWithoutEnteringAnyArgumentList() throws {
        let secret = "pw-\(UUID().uuidString)"
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pbrun-deliver-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let scope = VariableScope(layers: [VariableLayer(.play, name: "play",
            values: Value.OrderedMap([("db_password", .string(secret)), ("out", .string(directory.path))]),
            defaultLocation: nil, secretNames: ["db_password"])])
        let rendered = try Template(TemplateSource("""
            printf '%s' "$PGPASSWORD" > {{ out | quote }}/seen; echo started > {{ out | quote }}/flag; sleep 2
            """, named: "t")).renderTracked(in: scope)
        #expect(!rendered.usesSecret, "the command text itself reads no secret")
        let password = try Template(TemplateSource("{{ db_password }}", named: "t")).renderTracked(in: scope)
        #expect(password.usesSecret)
        let delivery = SecretDelivery.throughStandardInput(rendered.text, environment: [("PGPASSWORD", password.text)])
        #expect(!delivery.execCommand.contains(secret))

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", delivery.execCommand]
        let input = Pipe()
        process.standardInput = input
        try process.run()
        input.fileHandleForWriting.write(Data(delivery.standardInput))
        try input.fileHandleForWriting.close()
        let flag = directory.appendingPathComponent("flag").path
        let deadline = Date().addingTimeInterval(10)
        while !FileManager.default.fileExists(atPath: flag), Date() < deadline { usleep(10_000) }
        #expect(FileManager.default.fileExists(atPath: flag), "the script ran")
        let leaks = Self.allCommandLines().filter { $0.contains(secret) }
        #expect(leaks.isEmpty, "argument lists holding the secret: \(leaks)")
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let seen = try String(contentsOf: directory.appendingPathComponent("seen"), encoding: .utf8)
        #expect(seen == secret)
    }

    @Test func theScriptKeepsItsMeaningAndExitStatus() throws {
        let delivery = SecretDelivery.throughStandardInput("echo \"$A\" 'it'\"'\"'s'; exit 7",
                                                           environment: [("A", "x y'z")])
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", delivery.execCommand]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data(delivery.standardInput))
        try input.fileHandleForWriting.close()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(text == "x y'z it's\n")
        #expect(process.terminationStatus == 7)
    }

    /// Runs `/bin/sh -c command` with `input` on its stdin; returns its stdout and exit status.
    private func shell(_ command: String, input: [UInt8]) throws -> (output: String, status: Int32) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        try process.run()
        stdin.fileHandleForWriting.write(Data(input))
        try stdin.fileHandleForWriting.close()
        let text = String(decoding: stdout.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (text, process.terminationStatus)
    }

    @Test func theReaderTakesExactlyTheFramedScriptAndLeavesTheRestOfStandardInput() throws {
        let value = "line one 'q' \"d\" $HOME \\ `x`\n\nline three, after an empty one"
        let script = "A=\(ShellQuoting.quote(value)); printf '[%s]\\n' \"$A\""
        let command = SecretDelivery.readScript + #"eval "$pbrun_script"; echo rest:; cat"#
        let run = try shell(command, input: SecretDelivery.frame(script) + Array("LEFTOVER\nmore\n".utf8))
        #expect(run.output == "[\(value)]\nrest:\nLEFTOVER\nmore\n")
        #expect(run.status == 0)
    }

    @Test func aScriptCutShortExits125() throws {
        let framed = SecretDelivery.frame("echo never")
        let run = try shell(SecretDelivery.readScriptFromStandardInput, input: Array(framed.dropLast(5)))
        #expect(run.output == "")
        #expect(run.status == 125)
    }

    @Test func thePipedRunnerKeepsTrailingNewlinesAndGivesTheScriptNoStandardInput() throws {
        let script = "printf '%s|' \"$(cat)\"; printf 'x\n\n' | wc -l\n\n\n"
        let run = try shell("sh -c " + ShellQuoting.quote(SecretDelivery.pipedScriptRunner), input: Array(script.utf8))
        #expect(run.output == "|2\n")
        let marked = Array("password\n\(SecretDelivery.scriptMarker)\necho after the marker\n".utf8)
        let after = try shell("sh -c " + ShellQuoting.quote(SecretDelivery.skipToMarker + SecretDelivery.pipedScriptRunner), input: marked)
        #expect(after.output == "after the marker\n")
    }
}
