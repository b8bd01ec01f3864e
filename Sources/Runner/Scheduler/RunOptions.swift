import Playbook
import SSHClient

/// How `pbrun run` executes a plan: concurrency, connection settings and output bounds.
public struct RunOptions: Sendable {
    /// Hosts in flight at once when neither the command line nor the play says otherwise.
    public static let defaultForks = 100

    /// `--forks` from the command line: it overrides every play's `forks:`.
    public var forksOverride: Int?
    public var connect: ConnectOptions
    /// Bytes of each output stream kept in memory per step, for conditions and reports.
    public var tailLimit: Int
    /// Seconds running commands may go on after a first interrupt before they are stopped.
    public var grace: Double
    /// `--check`: connect to every host, then report what each step would do without running it.
    public var checkMode = false
    /// `--diff` (with `--check`): show how each upload would change the host's file.
    public var diff = false
    /// The sudo password for `become` (`PBRUN_BECOME_PASSWORD`) where the inventory gives a host
    /// none; without one, become uses `sudo -n`.
    public var becomePassword: String?

    public init(forksOverride: Int? = nil, connect: ConnectOptions = ConnectOptions(), tailLimit: Int = 64 * 1024,
                grace: Double = 10) {
        self.forksOverride = forksOverride
        self.connect = connect
        self.tailLimit = tailLimit
        self.grace = grace
    }

    /// The number of hosts in flight for `play`.
    func forks(for play: PlannedPlay) -> Int {
        max(1, forksOverride ?? play.forks ?? Self.defaultForks)
    }
}
