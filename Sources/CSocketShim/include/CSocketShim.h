#ifndef CSOCKETSHIM_H
#define CSOCKETSHIM_H

#include <sys/types.h>

/// Reads the credentials the kernel recorded for the peer of a connected Unix socket
/// (SO_PEERCRED). Returns 0 on success, -1 with errno set otherwise.
int CSocketShim_peerCredentials(int fd, pid_t *pid, uid_t *uid, gid_t *gid);

/// Accepts a connection as non-blocking and close-on-exec in one call (accept4).
/// Returns the new descriptor, or -1 with errno set.
int CSocketShim_accept(int fd);

#endif
