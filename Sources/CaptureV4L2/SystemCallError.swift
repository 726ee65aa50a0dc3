#if canImport(Glibc)
import Glibc
#endif

/// A system call or ioctl that failed, with the `errno` it set.
public struct SystemCallError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The call that failed, as in `"VIDIOC_DQBUF"` or `"open"`.
    public var operation: String
    /// The C `errno` value it set.
    public var errno: CInt

    /// Creates an error record.
    ///
    /// - Parameters:
    ///   - operation: The call that failed.
    ///   - errno: The `errno` value it set.
    public init(operation: String, errno: CInt) {
        self.operation = operation
        self.errno = errno
    }

    /// `operation: strerror(errno) (errno N)`.
    public var description: String {
        "\(operation): \(String(cString: strerror(errno))) (errno \(errno))"
    }
}

/// The outcome of a call that may ask to be retried later (`EAGAIN`).
enum IOOutcome<Value> {
    case done(Value)
    case wouldBlock
}

/// Runs a system call: retries `EINTR`, returns `EAGAIN` as ``IOOutcome/wouldBlock``, throws the rest.
///
/// Every syscall and ioctl in CaptureV4L2 goes through here, so errno handling lives in one place.
func syscall<T: FixedWidthInteger>(
    _ operation: String,
    _ body: () -> T
) throws(SystemCallError) -> IOOutcome<T> {
    while true {
        let result = body()
        if result != -1 { return .done(result) }
        let code = errno
        switch code {
        case EINTR: continue
        case EAGAIN: return .wouldBlock
        case EFAULT, EBADF: preconditionFailure("\(operation): errno \(code) is a bug in kioskd")
        default: throw SystemCallError(operation: operation, errno: code)
        }
    }
}
