internal import CEpoll
import Glibc

/// Whether this kernel gives pbrun an epoll instance (it always should on Linux); used by the
/// foundation tests to prove the `CEpoll` module links.
public func epollIsAvailable() -> Bool {
    let fd = epoll_create1(Int32(EPOLL_CLOEXEC))
    guard fd >= 0 else { return false }
    close(fd)
    return true
}
