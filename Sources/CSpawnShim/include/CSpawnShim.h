#ifndef CSPAWNSHIM_H
#define CSPAWNSHIM_H

#include <sys/types.h>

/// Starts `path` with `argv` (NULL-terminated) and the current environment, as the leader of a new
/// process group, with an empty signal mask and every signal at its default disposition, so
/// whatever the caller's thread blocked or ignored does not leak into the command. Descriptors
/// `stdinFD`, `stdoutFD` and `stderrFD` become 0, 1 and 2; every other descriptor is closed in the
/// child. Returns 0 and the child's pid (also its process group id) in `pid`, or an errno value.
int CSpawnShim_spawn(const char *path, char *const argv[], int stdinFD, int stdoutFD, int stderrFD, pid_t *pid);

#endif
