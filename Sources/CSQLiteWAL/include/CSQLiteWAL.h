// A SQLite VFS that writes a transaction's WAL frames in one system call.
#ifndef CSQLITEWAL_H
#define CSQLITEWAL_H

/// Registers the VFS (once; later calls return the same) and returns its name for
/// sqlite3_open_v2, or NULL when SQLite has no default VFS to build on.
const char *csqlite_wal_batch_vfs(void);

#endif
