import Glibc

/// A whole file mapped read-only: replay frames point into it without copying.
final class MappedFile {
    let path: String
    let bytes: UnsafeRawBufferPointer

    /// Maps `path`.
    ///
    /// - Throws: ``CaptureError/replayUnreadable(path:_:)`` when it cannot be opened or mapped,
    ///   ``CaptureError/replayMalformed(path:reason:)`` when it is empty or not a regular file.
    init(path: String) throws(CaptureError) {
        self.path = path
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .replayUnreadable(path: path, SystemCallError(operation: "open", errno: errno)) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw .replayUnreadable(path: path, SystemCallError(operation: "fstat", errno: errno))
        }
        guard info.st_mode & S_IFMT == S_IFREG else { throw .replayMalformed(path: path, reason: "not a regular file") }
        guard info.st_size > 0 else { throw .replayMalformed(path: path, reason: "the file is empty") }
        let length = Int(info.st_size)
        guard let start = mmap(nil, length, PROT_READ, MAP_PRIVATE, fd, 0), start != MAP_FAILED else {
            throw .replayUnreadable(path: path, SystemCallError(operation: "mmap", errno: errno))
        }
        bytes = UnsafeRawBufferPointer(start: start, count: length)
    }

    deinit { munmap(UnsafeMutableRawPointer(mutating: bytes.baseAddress), bytes.count) }
}
