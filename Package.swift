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
        .target(
            name: "Runner",
            dependencies: ["Playbook", "CLibSSH2", "CEpoll"]
        ),
        .executableTarget(
            name: "pbrun",
            dependencies: ["Playbook", "Runner"]
        ),

        .testTarget(
            name: "PlaybookTests",
            dependencies: ["Playbook"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "RunnerTests",
            dependencies: ["Runner", "Playbook"],
            // The combination corpus is read from the source tree (CorpusTests), not from a bundle.
            exclude: ["Fixtures"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
