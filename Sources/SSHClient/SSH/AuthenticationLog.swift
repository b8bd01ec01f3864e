/// What one host's authentication tried and noticed, turned into the failure text when nothing
/// worked: `Tried: ssh-agent with 2 identities, publickey ~/.ssh/id_ed25519, password from
/// PBRUN_PASSWORD; the server accepts: publickey,password.`, then one line per note.
struct AuthenticationLog {
    /// The methods offered to the server, in order, as the failure text names them.
    var tried: [String] = []
    /// Why something was not offered, or what went wrong with it, one sentence each.
    var notes: [String] = []
    /// The first key file that could not be offered at all (missing, readable by others, DSA, a short RSA key).
    var keyProblem: KeyFile.Problem?
    /// Public key blobs the agent offered and the server refused: the same key from a file is not
    /// offered again (as OpenSSH does).
    var refusedBlobs: Set<[UInt8]> = []

    /// Records a key file that cannot be offered.
    mutating func keyFileProblem(_ problem: KeyFile.Problem) {
        keyProblem = keyProblem ?? problem
        notes.append(problem.reason)
    }

    /// The failure for `user`, given what the server said it accepts (nil when it did not say).
    func failure(user: String, accepted: String?)
        -> (cause: ConnectionError.Cause, reason: String, explanation: String?)
    {
        if tried.isEmpty, notes.count == 1, let keyProblem {
            return (.keyFile, keyProblem.reason, keyProblem.explanation)
        }
        var explanation = "Tried: " + (tried.isEmpty ? "nothing (no usable key file)" : tried.joined(separator: ", "))
        explanation += "; the server accepts: " + (accepted ?? "unknown") + "."
        if !notes.isEmpty { explanation += "\n" + notes.joined(separator: "\n") }
        if let more = keyProblem?.explanation { explanation += "\n" + more }
        return (.authenticationFailed, "authentication failed for user \(user)", explanation)
    }
}
