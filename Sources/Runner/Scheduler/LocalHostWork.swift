import Playbook

/// What a step does on a host with `ansible_connection: local`: its command runs on the controller as
/// a `local:` step does. What only a session gives (file transfer, sudo, the guards and working
/// directory that run through the session's shell) is refused with an error naming the host and step,
/// rather than done some other way than on an SSH host.
enum LocalHostWork {
    /// The command line to run locally, or why the step cannot run on the local host.
    static func command(of work: HostWork, step: PlannedStep, host: String) -> Result<String, LocalHostRefusal> {
        let refuse = { (what: String) in
            Result<String, LocalHostRefusal>.failure(LocalHostRefusal(
                message: "step '\(step.id)' cannot run on '\(host)' (ansible_connection: local): "
                    + "\(what) needs an SSH connection"))
        }
        if work.becomeUser != nil { return refuse("become") }
        if work.creates != nil || work.removes != nil || work.unless != nil { return refuse("creates/removes/unless") }
        if work.workingDirectory != nil { return refuse("cwd") }
        switch work.action {
        case .shell(let command), .local(let command): return .success(command)
        case .script: return refuse("script")
        case .upload: return refuse("upload/template")
        case .download: return refuse("download")
        }
    }
}

struct LocalHostRefusal: Error {
    let message: String
}
