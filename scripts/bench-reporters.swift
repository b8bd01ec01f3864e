// Micro benchmark of the reporters (not a test): a synthetic run of HOSTS hosts × STEPS steps, each
// step with two output chunks, fed through the EventPipe as the scheduler would. Prints how long the
// emitting side was busy (what the run pays) and how long the reporters took to drain (what they
// cost in the background). Built and run by scripts/bench-reporters.
import Foundation
import Playbook
import Runner

let arguments = CommandLine.arguments
let hosts = arguments.count > 1 ? Int(arguments[1]) ?? 1000 : 1000
let steps = arguments.count > 2 ? Int(arguments[2]) ?? 10 : 10
let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("pbrun-bench-\(getpid())").path

let play = PlayRef(position: 1, name: "bench")
let stepRefs = (1...steps).map { StepRef(play: play, position: $0, id: "step\($0)") }
let names = (1...hosts).map { String(format: "host%04d", $0) }
let start = Date()
let provenance = RunProvenance(runID: "bench", pbrunVersion: pbrunVersion, playbookPath: "bench.yml",
                               playbookSHA256: String(repeating: "0", count: 64), startedAt: start)
let line = Array("a line of output that a command printed, about eighty bytes long ..........\n".utf8)

func events() -> [RunEvent] {
    var events: [RunEvent] = [.runStarted(provenance, plan: [PlayPlan(play: play, hosts: names, steps: stepRefs)]),
                              .playStarted(play)]
    for (index, step) in stepRefs.enumerated() {
        for (number, host) in names.enumerated() {
            let began = start.addingTimeInterval(Double(index))
            events.append(.stepStarted(host: host, step: step, at: began))
            events.append(.output(host: host, step: step, stream: .stdout, bytes: line))
            events.append(.output(host: host, step: step, stream: .stdout, bytes: line))
            let failed = number % 100 == 0 && index == steps - 1
            events.append(.stepFinished(host: host, step: step, outcome: StepOutcome(
                status: failed ? .failed : .changed, exitCode: failed ? 1 : 0, attempts: 1, startedAt: began,
                endedAt: began.addingTimeInterval(0.5), stdoutTail: line + line)))
        }
    }
    events.append(.runFinished(exitCode: 2, at: start.addingTimeInterval(Double(steps))))
    return events
}

func measure(_ label: String, _ makeReporter: () throws -> any Reporter) async throws {
    let list = events()
    let reporter = try makeReporter()
    let pipe = EventPipe(reporter: reporter)
    let emitStart = DispatchTime.now().uptimeNanoseconds
    for event in list { pipe.emit(event) }
    let emitted = DispatchTime.now().uptimeNanoseconds
    try await pipe.finish()
    let drained = DispatchTime.now().uptimeNanoseconds
    let emitMs = Double(emitted - emitStart) / 1e6
    let totalMs = Double(drained - emitStart) / 1e6
    let padded = label.padding(toLength: 34, withPad: " ", startingAt: 0)
    print(padded + String(format: "%7d events  emit %7.1f ms (%5.0f ns/event)  drained after %8.1f ms (%6.2f µs/event)",
                          list.count, emitMs, emitMs * 1e6 / Double(list.count), totalMs,
                          totalMs * 1e3 / Double(list.count)))
}

let devNull = open("/dev/null", O_WRONLY)
let masking = Masking.literals(["hunter2-secret"])
print("\(hosts) hosts × \(steps) steps, 2 output chunks per step")
try await measure("console live -v=0 (to /dev/null)") {
    ConsoleReporter(options: ConsoleOptions(mode: .live, verbosity: .normal, color: true), output: FileDescriptorWriter(fd: devNull),
                    masking: masking)
}
try await measure("console plain") {
    ConsoleReporter(options: ConsoleOptions(mode: .plain), output: FileDescriptorWriter(fd: devNull), masking: masking)
}
try await measure("console plain -v") {
    ConsoleReporter(options: ConsoleOptions(mode: .plain, verbosity: .verbose), output: FileDescriptorWriter(fd: devNull),
                    masking: masking)
}
try await measure("output-dir") { OutputDirReporter(directory: scratch + "/out", masking: masking) }
try await measure("json + junit + html reports") {
    ReporterFanOut([JSONReportReporter(path: scratch + "/run.json", masking: masking),
                    JUnitReporter(path: scratch + "/junit.xml", masking: masking),
                    HTMLReporter(path: scratch + "/run.html", masking: masking)])
}
try await measure("events jsonl") { try EventsJSONLReporter(path: scratch + "/events.jsonl", masking: masking) }
try? FileManager.default.removeItem(atPath: scratch)
