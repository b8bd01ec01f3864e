/// A command line pbrun cannot act on. The message names the argument that was wrong and, where
/// one is close, the argument that was probably meant; `main` prints it and exits 5.
struct UsageError: Error, Equatable {
    let message: String

    init(_ message: String) {
        self.message = message
    }
}
