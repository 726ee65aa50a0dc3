internal import CSocketShim
import Foundation

/// Who is on the other end of a Unix socket, as the kernel recorded it at connect (SO_PEERCRED).
///
/// The uid and gid decide whether the client may talk to us at all; the pid is only logged,
/// never trusted (it can be reused).
struct PeerCredentials: Equatable, Sendable {
    let pid: Int32
    let uid: UInt32
    let gid: UInt32

    /// Reads the credentials of a connected socket.
    ///
    /// The corresponding C call is `getsockopt(fd, SOL_SOCKET, SO_PEERCRED, ...)`.
    static func of(socket fd: Int32) -> PeerCredentials? {
        var pid: pid_t = 0
        var uid: uid_t = 0
        var gid: gid_t = 0
        guard CSocketShim_peerCredentials(fd, &pid, &uid, &gid) == 0 else { return nil }
        return PeerCredentials(pid: pid, uid: uid, gid: gid)
    }
}

/// Which peers may connect to the control socket: root always, then listed uids and gids.
///
/// A gid matches the peer's primary gid or any supplementary group of the peer's user, so adding
/// an operator to the `kiosk` group is enough.
struct AccessPolicy: Equatable, Sendable {
    var uids: Set<UInt32>
    var gids: Set<UInt32>

    func allows(_ peer: PeerCredentials, supplementaryGroups: (UInt32) -> [UInt32] = AccessPolicy.groups(of:)) -> Bool {
        if peer.uid == 0 || uids.contains(peer.uid) || gids.contains(peer.gid) { return true }
        guard !gids.isEmpty else { return false }
        return supplementaryGroups(peer.uid).contains { gids.contains($0) }
    }

    /// The groups a user belongs to, from the system's user and group databases.
    static func groups(of uid: UInt32) -> [UInt32] {
        var record = passwd()
        var result: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 16_384)
        guard getpwuid_r(uid, &record, &buffer, buffer.count, &result) == 0, result != nil, let name = record.pw_name
        else { return [] }
        var count: Int32 = 64
        var groups = [gid_t](repeating: 0, count: Int(count))
        if getgrouplist(name, record.pw_gid, &groups, &count) < 0 {
            groups = [gid_t](repeating: 0, count: Int(count))
            guard getgrouplist(name, record.pw_gid, &groups, &count) >= 0 else { return [] }
        }
        return Array(groups.prefix(Int(count)))
    }
}
