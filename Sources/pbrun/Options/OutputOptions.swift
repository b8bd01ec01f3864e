import Foundation
import Playbook
import Report

/// What `pbrun run` shows on the console: `-v` every output line, `-q` only failures and the
/// recap, `--color`.
struct OutputOptions: OptionGroup {
    static let verbose = OptionSpec.flag("verbose", short: "v", help: "Show every output line, prefixed by host.")
    static let quiet = OptionSpec.flag("quiet", short: "q", help: "Show only failures and the recap.")
    static let color = OptionSpec.value("color", "WHEN", help: "auto (default), always or never; NO_COLOR turns colour off.")

    static let options = [verbose, quiet, color]

    let verbosity: ConsoleOptions.Verbosity
    let color: ConsoleOptions.ColorChoice

    init(_ arguments: ParsedArguments) throws(UsageError) {
        let verbose = arguments.flag(Self.verbose), quiet = arguments.flag(Self.quiet)
        if verbose, quiet { throw UsageError("-v and -q cannot be used together") }
        verbosity = verbose ? .verbose : quiet ? .quiet : .normal
        color = try arguments.choice(Self.color, of: ConsoleOptions.ColorChoice.self) ?? .auto
    }

    /// The console reporter writing to `fd`, then `reports`' file reporters. Fails (before any host
    /// is touched) when a report file cannot be opened.
    func reporters(fd: Int32, reports: ReportOptions, masking: Masking,
                   environment: [String: String]) throws(ReportWriteError) -> [any Reporter] {
        let console = ConsoleOptions.detect(fd: fd, verbosity: verbosity, color: color, environment: environment)
        let reporter = ConsoleReporter(options: console, output: FileDescriptorWriter(fd: fd), masking: masking)
        return [reporter] + (try reports.fileReporters(masking: masking, environment: environment, layout: .perStep))
    }
}
