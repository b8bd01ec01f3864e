extension SSHSession {
    /// Runs `request` on a new channel, streaming stdout and stderr to `output` as they arrive,
    /// and returns how it ended. On timeout the channel's standard input is closed (which stops a
    /// command that watches it, `ExecRequest.stopsAtEndOfInput`) and the result says so, with the
    /// output so far already delivered. Throws when the session broke or the server refused the
    /// channel.
    public func execute(_ request: ExecRequest, output: some OutputSink) async throws(CommandError) -> CommandResult {
        try await using { await run(request, output: output) }.get()
    }

    private func run(_ request: ExecRequest, output: some OutputSink) async -> Result<CommandResult, CommandError> {
        if let broken { return .failure(.connectionLost(broken)) }
        let started = Deadline.now
        let commandDeadline = request.timeout.map { Deadline.after(seconds: $0) } ?? .distantFuture
        let setupDeadline = min(commandDeadline, .after(seconds: max(10, connection.connectTimeout)))
        let channel: SSHChannel
        do {
            switch try await SSHChannel.open(on: self, until: setupDeadline) {
            case .success(let opened): channel = opened
            case .failure(let error): return .failure(error)
            }
        } catch {
            return .failure(lose("no answer to a channel request within \(formatSeconds(setupDeadline.seconds(since: started)))"))
        }
        do {
            if let refused = try await channel.exec(request.text, until: setupDeadline) {
                await channel.free(until: .after(seconds: 2))
                return .failure(refused)
            }
            if !request.standardInput.isEmpty,
               let failed = try await channel.write(request.standardInput, until: setupDeadline) {
                await channel.free(until: .after(seconds: 2))
                return .failure(failed)
            }
            // A command that watches its stdin gets EOF only when it is to stop.
            if !request.stopsAtEndOfInput { try await channel.sendEOF(until: setupDeadline) }
        } catch {
            await channel.free(until: .after(seconds: 2))
            return .failure(lose("no answer to the exec request (or to its standard input)"))
        }
        let running = Deadline.now
        var result = CommandResult(exitStatus: nil, exitSignal: nil, timedOut: false,
                                   startSeconds: running.seconds(since: started))
        let streamed = await stream(channel, into: output, result: &result, until: commandDeadline)
        let finishing = Deadline.now
        result.runSeconds = finishing.seconds(since: running)
        let grace = Deadline.after(seconds: 5)
        switch streamed {
        case .finished:
            do {
                try await channel.close(until: grace)
            } catch {
                await channel.free(until: .after(seconds: 1))
                return .failure(lose("no channel close from the server within 5 s"))
            }
            let exit = channel.exit
            result.exitSignal = exit?.signal
            result.exitStatus = exit?.status
        case .timedOut, .sinkFailed:
            if case .timedOut = streamed { result.timedOut = true }
            // EOF on stdin stops a command that watches it; then close.
            _ = try? await channel.sendEOF(until: grace)
            _ = try? await channel.close(until: grace)
        case .lost(let message):
            await channel.free(until: .after(seconds: 1))
            return .failure(lose(message))
        }
        await channel.free(until: grace)
        result.closeSeconds = Deadline.now.seconds(since: finishing)
        if case .sinkFailed(let message) = streamed { return .failure(.outputFailed(message)) }
        return .success(result)
    }

    /// How streaming a command's output ended.
    private enum StreamEnd {
        case finished
        case timedOut
        case sinkFailed(String)
        case lost(String)
    }

    /// Reads stdout and stderr until EOF. Both streams are drained before the socket is awaited:
    /// libssh2 queues one stream's packets while the other is read, and the socket will not signal
    /// data libssh2 already holds.
    private func stream(_ channel: SSHChannel, into output: some OutputSink, result: inout CommandResult,
                        until deadline: Deadline) async -> StreamEnd {
        while true {
            let out = channel.read(stderr: false)
            let err = channel.read(stderr: true)
            var progressed = false
            for (read, stream) in [(out, OutputChunk.Stream.stdout), (err, .stderr)] {
                switch read {
                case .data(let bytes):
                    progressed = true
                    if stream == .stdout { result.stdoutBytes += bytes.count } else { result.stderrBytes += bytes.count }
                    do {
                        try await output.receive(OutputChunk(stream: stream, bytes: bytes))
                    } catch {
                        return .sinkFailed("\(error)")
                    }
                case .failed(let message):
                    return .lost(message)
                case .wouldBlock, .nothing:
                    break
                }
            }
            if progressed { continue }
            if channel.atEOF { return .finished }
            if case .wouldBlock = out, case .wouldBlock = err {
                do {
                    try await awaitSocket(until: deadline)
                } catch {
                    return .timedOut
                }
            }
        }
    }

    /// Marks the session broken and returns the error for it.
    private func lose(_ message: String) -> CommandError {
        .connectionLost(breaksUnlessBroken(message))
    }
}
