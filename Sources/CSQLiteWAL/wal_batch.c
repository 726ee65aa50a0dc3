// A SQLite VFS over the default one that gathers the WAL frames of a transaction in memory and
// writes them with one pwrite when the transaction's commit frame arrives.
//
// SQLite writes every WAL frame as two writes (its 24-byte header, then the page): a confirm of
// about 18 pages made 36 system calls before its fsync. Here they become one. Nothing else
// changes: the bytes, their offsets and the order against fsync are SQLite's own, and the batch
// reaches the file before SQLite publishes the commit in the WAL index (the commit frame is the
// last one it writes before doing so), so other connections never see frames the file lacks.
// A crash before the batch is written loses only an uncommitted transaction, which SQLite's
// recovery discards anyway. Every other file (the database, its shared memory) passes through.
#include "CSQLiteWAL.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stddef.h>
#include <string.h>

// SQLite's unix VFS writes at most 128 KiB - 1 bytes per call (its seekAndWrite masks the count
// with 0x1ffff and reports a longer write as a full disk), so a batch stays well below that.
// A confirm's frames take about 19 KiB.
enum { frameHeaderSize = 24, batchCapacity = 64 * 1024 };

typedef struct WALFile {
    sqlite3_file base;         // must be first: SQLite sees this
    sqlite3_file *real;        // the default VFS's file, stored after this struct
    unsigned char *batch;      // frames not yet written
    int length;                // bytes in batch
    sqlite3_int64 start;       // file offset of batch[0]
    int commitFrame;           // the last header written was a commit frame's
} WALFile;

static sqlite3_vfs walBatchVFS;
static sqlite3_io_methods walMethods;

static sqlite3_vfs *realVFS(void) { return (sqlite3_vfs *)walBatchVFS.pAppData; }

// The default VFS's file follows the WALFile, aligned for any type.
static size_t wrapperSize(void) { return (sizeof(WALFile) + 15) & ~(size_t)15; }

static int flush(WALFile *file) {
    if (file->length == 0) return SQLITE_OK;
    int rc = file->real->pMethods->xWrite(file->real, file->batch, file->length, file->start);
    file->length = 0;
    return rc;
}

static int walClose(sqlite3_file *base) {
    WALFile *file = (WALFile *)base;
    int rc = flush(file);
    int closed = file->real->pMethods->xClose(file->real);
    sqlite3_free(file->batch);
    file->batch = NULL;
    return rc != SQLITE_OK ? rc : closed;
}

static int walRead(sqlite3_file *base, void *out, int amount, sqlite3_int64 offset) {
    WALFile *file = (WALFile *)base;
    int rc = flush(file);
    if (rc != SQLITE_OK) return rc;
    return file->real->pMethods->xRead(file->real, out, amount, offset);
}

static int walWrite(sqlite3_file *base, const void *data, int amount, sqlite3_int64 offset) {
    WALFile *file = (WALFile *)base;
    int rc = SQLITE_OK;
    if (file->length > 0 && offset != file->start + file->length) rc = flush(file);
    if (rc == SQLITE_OK && file->length + amount > batchCapacity) rc = flush(file);
    if (rc != SQLITE_OK) return rc;
    if (file->batch == NULL) file->batch = sqlite3_malloc(batchCapacity);
    if (file->batch == NULL || amount > batchCapacity) {
        return file->real->pMethods->xWrite(file->real, data, amount, offset);
    }
    if (file->length == 0) file->start = offset;
    memcpy(file->batch + file->length, data, (size_t)amount);
    file->length += amount;
    if (amount == frameHeaderSize) {
        // A frame header: bytes 4-7 hold the database size after a commit, zero otherwise.
        const unsigned char *header = data;
        file->commitFrame = (header[4] | header[5] | header[6] | header[7]) != 0;
        return SQLITE_OK;
    }
    if (file->commitFrame) {
        file->commitFrame = 0;
        return flush(file);
    }
    return SQLITE_OK;
}

static int walTruncate(sqlite3_file *base, sqlite3_int64 size) {
    WALFile *file = (WALFile *)base;
    int rc = flush(file);
    return rc != SQLITE_OK ? rc : file->real->pMethods->xTruncate(file->real, size);
}

static int walSync(sqlite3_file *base, int flags) {
    WALFile *file = (WALFile *)base;
    int rc = flush(file);
    return rc != SQLITE_OK ? rc : file->real->pMethods->xSync(file->real, flags);
}

static int walFileSize(sqlite3_file *base, sqlite3_int64 *size) {
    WALFile *file = (WALFile *)base;
    int rc = flush(file);
    return rc != SQLITE_OK ? rc : file->real->pMethods->xFileSize(file->real, size);
}

static int walLock(sqlite3_file *base, int level) {
    WALFile *file = (WALFile *)base;
    return file->real->pMethods->xLock(file->real, level);
}

static int walUnlock(sqlite3_file *base, int level) {
    WALFile *file = (WALFile *)base;
    return file->real->pMethods->xUnlock(file->real, level);
}

static int walCheckReservedLock(sqlite3_file *base, int *out) {
    WALFile *file = (WALFile *)base;
    return file->real->pMethods->xCheckReservedLock(file->real, out);
}

static int walFileControl(sqlite3_file *base, int op, void *argument) {
    WALFile *file = (WALFile *)base;
    int rc = flush(file);
    return rc != SQLITE_OK ? rc : file->real->pMethods->xFileControl(file->real, op, argument);
}

static int walSectorSize(sqlite3_file *base) {
    WALFile *file = (WALFile *)base;
    return file->real->pMethods->xSectorSize(file->real);
}

static int walDeviceCharacteristics(sqlite3_file *base) {
    WALFile *file = (WALFile *)base;
    return file->real->pMethods->xDeviceCharacteristics(file->real);
}

static int walShmMap(sqlite3_file *base, int region, int size, int extend, void volatile **out) {
    WALFile *file = (WALFile *)base;
    return file->real->pMethods->xShmMap(file->real, region, size, extend, out);
}

static int walShmLock(sqlite3_file *base, int offset, int count, int flags) {
    WALFile *file = (WALFile *)base;
    return file->real->pMethods->xShmLock(file->real, offset, count, flags);
}

static void walShmBarrier(sqlite3_file *base) {
    WALFile *file = (WALFile *)base;
    file->real->pMethods->xShmBarrier(file->real);
}

static int walShmUnmap(sqlite3_file *base, int deleteFlag) {
    WALFile *file = (WALFile *)base;
    return file->real->pMethods->xShmUnmap(file->real, deleteFlag);
}

static int walFetch(sqlite3_file *base, sqlite3_int64 offset, int amount, void **out) {
    WALFile *file = (WALFile *)base;
    int rc = flush(file);
    if (rc != SQLITE_OK) return rc;
    return file->real->pMethods->xFetch(file->real, offset, amount, out);
}

static int walUnfetch(sqlite3_file *base, sqlite3_int64 offset, void *page) {
    WALFile *file = (WALFile *)base;
    return file->real->pMethods->xUnfetch(file->real, offset, page);
}

static int batchOpen(sqlite3_vfs *vfs, sqlite3_filename name, sqlite3_file *out, int flags, int *outFlags) {
    (void)vfs;
    sqlite3_vfs *real = realVFS();
    if ((flags & SQLITE_OPEN_WAL) == 0) return real->xOpen(real, name, out, flags, outFlags);
    WALFile *file = (WALFile *)out;
    memset(file, 0, sizeof *file);
    file->real = (sqlite3_file *)((char *)file + wrapperSize());
    int rc = real->xOpen(real, name, file->real, flags, outFlags);
    if (rc != SQLITE_OK || file->real->pMethods == NULL) {
        if (file->real->pMethods != NULL) file->real->pMethods->xClose(file->real);
        file->base.pMethods = NULL;
        return rc != SQLITE_OK ? rc : SQLITE_CANTOPEN;
    }
    file->base.pMethods = &walMethods;
    return SQLITE_OK;
}

static int batchDelete(sqlite3_vfs *vfs, const char *name, int syncDirectory) {
    (void)vfs;
    return realVFS()->xDelete(realVFS(), name, syncDirectory);
}

static int batchAccess(sqlite3_vfs *vfs, const char *name, int flags, int *out) {
    (void)vfs;
    return realVFS()->xAccess(realVFS(), name, flags, out);
}

static int batchFullPathname(sqlite3_vfs *vfs, const char *name, int size, char *out) {
    (void)vfs;
    return realVFS()->xFullPathname(realVFS(), name, size, out);
}

static void *batchDlOpen(sqlite3_vfs *vfs, const char *name) {
    (void)vfs;
    return realVFS()->xDlOpen(realVFS(), name);
}

static void batchDlError(sqlite3_vfs *vfs, int size, char *out) {
    (void)vfs;
    realVFS()->xDlError(realVFS(), size, out);
}

static void (*batchDlSym(sqlite3_vfs *vfs, void *handle, const char *symbol))(void) {
    (void)vfs;
    return realVFS()->xDlSym(realVFS(), handle, symbol);
}

static void batchDlClose(sqlite3_vfs *vfs, void *handle) {
    (void)vfs;
    realVFS()->xDlClose(realVFS(), handle);
}

static int batchRandomness(sqlite3_vfs *vfs, int size, char *out) {
    (void)vfs;
    return realVFS()->xRandomness(realVFS(), size, out);
}

static int batchSleep(sqlite3_vfs *vfs, int microseconds) {
    (void)vfs;
    return realVFS()->xSleep(realVFS(), microseconds);
}

static int batchCurrentTime(sqlite3_vfs *vfs, double *out) {
    (void)vfs;
    return realVFS()->xCurrentTime(realVFS(), out);
}

static int batchGetLastError(sqlite3_vfs *vfs, int size, char *out) {
    (void)vfs;
    return realVFS()->xGetLastError(realVFS(), size, out);
}

static int batchCurrentTimeInt64(sqlite3_vfs *vfs, sqlite3_int64 *out) {
    (void)vfs;
    return realVFS()->xCurrentTimeInt64(realVFS(), out);
}

static const char *registeredName;
static pthread_once_t registration = PTHREAD_ONCE_INIT;

static void registerVFS(void) {
    sqlite3_vfs *real = sqlite3_vfs_find(NULL);
    if (real == NULL || real->iVersion < 2) return;
    sqlite3_io_methods methods = {
        .iVersion = 3,
        .xClose = walClose,
        .xRead = walRead,
        .xWrite = walWrite,
        .xTruncate = walTruncate,
        .xSync = walSync,
        .xFileSize = walFileSize,
        .xLock = walLock,
        .xUnlock = walUnlock,
        .xCheckReservedLock = walCheckReservedLock,
        .xFileControl = walFileControl,
        .xSectorSize = walSectorSize,
        .xDeviceCharacteristics = walDeviceCharacteristics,
        .xShmMap = walShmMap,
        .xShmLock = walShmLock,
        .xShmBarrier = walShmBarrier,
        .xShmUnmap = walShmUnmap,
        .xFetch = walFetch,
        .xUnfetch = walUnfetch,
    };
    walMethods = methods;
    sqlite3_vfs vfs = {
        .iVersion = 2,
        .szOsFile = (int)wrapperSize() + real->szOsFile,
        .mxPathname = real->mxPathname,
        .zName = "kiosk-wal-batch",
        .pAppData = real,
        .xOpen = batchOpen,
        .xDelete = batchDelete,
        .xAccess = batchAccess,
        .xFullPathname = batchFullPathname,
        .xDlOpen = batchDlOpen,
        .xDlError = batchDlError,
        .xDlSym = batchDlSym,
        .xDlClose = batchDlClose,
        .xRandomness = batchRandomness,
        .xSleep = batchSleep,
        .xCurrentTime = batchCurrentTime,
        .xGetLastError = batchGetLastError,
        .xCurrentTimeInt64 = batchCurrentTimeInt64,
    };
    walBatchVFS = vfs;
    if (sqlite3_vfs_register(&walBatchVFS, 0) == SQLITE_OK) registeredName = walBatchVFS.zName;
}

const char *csqlite_wal_batch_vfs(void) {
    pthread_once(&registration, registerVFS);
    return registeredName;
}
