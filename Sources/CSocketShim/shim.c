#ifndef _GNU_SOURCE
#error "CSocketShim needs _GNU_SOURCE for struct ucred"
#endif
#include "CSocketShim.h"
#include <stddef.h>
#include <sys/socket.h>

int CSocketShim_peerCredentials(int fd, pid_t *pid, uid_t *uid, gid_t *gid) {
    struct ucred credentials;
    socklen_t length = sizeof(credentials);
    if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &credentials, &length) != 0) return -1;
    *pid = credentials.pid;
    *uid = credentials.uid;
    *gid = credentials.gid;
    return 0;
}

int CSocketShim_accept(int fd) {
    return accept4(fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
}
