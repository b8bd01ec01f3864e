// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "pbrun",
    products: [
        .executable(name: "pbrun", targets: ["pbrun"]),
    ],
    targets: [
        // System libraries: a modulemap and a shim header each, nothing else.
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),
        .systemLibrary(
            name: "CLibSSH2",
            pkgConfig: "libssh2",
            providers: [.apt(["libssh2-1-dev"])]
        ),
        // `import Glibc` does not expose <sys/epoll.h> or <sys/eventfd.h>.
        .systemLibrary(name: "CEpoll"),

        .target(
            name: "Playbook",
            dependencies: ["CYAML"]
        ),
        // The SSH transport: reactor, sessions, channels, SFTP, authentication, tunnels, the
        // session pool. It takes plain targets and exec text and knows nothing of playbooks.
        .target(
            name: "SSHClient",
            dependencies: ["CLibSSH2", "CEpoll"]
        ),
        // The event stream and everything that consumes it: console, files, CI annotations.
        .target(
            name: "Report",
            dependencies: ["Playbook"]
        ),
        // Scheduling, remote-command composition and the run's lifecycle.
        .target(
            name: "Runner",
            dependencies: ["Playbook", "SSHClient", "Report"]
        ),
        .executableTarget(
            name: "pbrun",
            dependencies: ["Playbook", "Runner", "Report"]
        ),

        // Tests, one suite per target, and one for the binary. TestSupport holds what they share:
        // the local fleet, the one way to run the built pbrun, scratch folders, fixtures' paths.
        .target(
            name: "TestSupport",
            dependencies: ["Playbook", "SSHClient"],
            path: "Tests/TestSupport"
        ),
        .testTarget(
            name: "PlaybookTests",
            dependencies: ["Playbook", "TestSupport"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "SSHClientTests",
            dependencies: ["SSHClient", "TestSupport"]
        ),
        // Recorded event streams through every reporter; no fleet.
        .testTarget(
            name: "ReportTests",
            dependencies: ["Report", "Playbook", "TestSupport"]
        ),
        .testTarget(
            name: "RunnerTests",
            dependencies: ["Runner", "Playbook", "SSHClient", "Report", "TestSupport"]
        ),
        // The built pbrun against the local fleet: commands, the combination corpus, reports.
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["Playbook", "Runner", "SSHClient", "TestSupport"],
            // The combination corpus is read from the source tree (CorpusTests), not from a bundle.
            exclude: ["Fixtures"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
