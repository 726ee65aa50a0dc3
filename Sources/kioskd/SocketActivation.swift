import Foundation

/// The listening sockets systemd passed us (sd_listen_fds(3)), if it started us by socket activation.
///
/// systemd sets `LISTEN_PID` to our pid and `LISTEN_FDS` to a count of descriptors starting at 3.
/// Variables meant for another process (a different pid) are ignored, and we unset them so a child
/// (the notification command) never inherits them.
enum SocketActivation {
    static let firstDescriptor: Int32 = 3

    /// The passed descriptors, or an empty list when we were not socket-activated.
    static func passedDescriptors(environment: [String: String], pid: Int32 = getpid()) -> [Int32] {
        guard let owner = environment["LISTEN_PID"], Int32(owner) == pid,
            let countText = environment["LISTEN_FDS"], let count = Int32(countText), count > 0
        else { return [] }
        return (0..<count).map { firstDescriptor + $0 }
    }

    /// Removes the activation variables from our environment once read.
    static func clearEnvironment() {
        unsetenv("LISTEN_PID")
        unsetenv("LISTEN_FDS")
        unsetenv("LISTEN_FDNAMES")
    }
}
