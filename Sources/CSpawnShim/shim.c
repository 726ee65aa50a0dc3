// posix_spawn with a clean signal state in a process group of its own. Foundation's Process
// neither resets the signal mask (a dispatch worker thread blocks most signals, and the child
// would inherit that) nor puts the child in its own group, so a notification command could
// neither be stopped politely nor be ended together with the children it leaves behind.
#include "CSpawnShim.h"

#include <signal.h>
#include <spawn.h>
#include <unistd.h>

extern char **environ;

int CSpawnShim_spawn(const char *path, char *const argv[], int stdinFD, int stdoutFD, int stderrFD, pid_t *pid) {
    posix_spawnattr_t attributes;
    posix_spawn_file_actions_t actions;
    int status = posix_spawnattr_init(&attributes);
    if (status != 0) return status;
    status = posix_spawn_file_actions_init(&actions);
    if (status != 0) {
        posix_spawnattr_destroy(&attributes);
        return status;
    }
    sigset_t empty, all;
    sigemptyset(&empty);
    sigfillset(&all);  // SIGKILL and SIGSTOP cannot be changed; glibc skips them
    if (status == 0) status = posix_spawnattr_setsigmask(&attributes, &empty);
    if (status == 0) status = posix_spawnattr_setsigdefault(&attributes, &all);
    if (status == 0) status = posix_spawnattr_setpgroup(&attributes, 0);
    if (status == 0)
        status = posix_spawnattr_setflags(
            &attributes, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP);
    if (status == 0) status = posix_spawn_file_actions_adddup2(&actions, stdinFD, 0);
    if (status == 0) status = posix_spawn_file_actions_adddup2(&actions, stdoutFD, 1);
    if (status == 0) status = posix_spawn_file_actions_adddup2(&actions, stderrFD, 2);
    if (status == 0) status = posix_spawn_file_actions_addclosefrom_np(&actions, 3);
    if (status == 0) status = posix_spawn(pid, path, &actions, &attributes, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
    return status;
}
