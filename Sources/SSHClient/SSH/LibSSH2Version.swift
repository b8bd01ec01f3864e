internal import CLibSSH2

/// The version of the libssh2 library pbrun runs with, e.g. "1.10.0" (asked of the loaded library,
/// not the header it was built against).
public var libssh2Version: String {
    guard let version = libssh2_version(0) else { return "unknown" }
    return String(cString: version)
}

/// Where the libssh2 pbrun is built against came from: "system package libssh2-1-dev", or
/// "built from Debian source package libssh2 1.11.1-…" (scripts/libssh2-build).
public var libssh2Origin: String { String(cString: pbrun_LIBSSH2_ORIGIN) }

/// The version of the libssh2 headers pbrun was built against, e.g. "1.11.1".
public var libssh2HeaderVersion: String { String(cString: pbrun_LIBSSH2_VERSION) }

/// Whether the loaded libssh2 is at least the one the headers describe: a build that compiled
/// against 1.11 but loads an older shared library would call functions that are not there.
var libssh2MatchesHeaders: Bool { libssh2_version(pbrun_LIBSSH2_VERSION_NUM) != nil }
