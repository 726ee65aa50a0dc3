#if canImport(Glibc)
import Glibc
#endif

extension CaptureError {
    /// Turns a failed call on a camera into the domain case an operator reads; the one errno mapping.
    ///
    /// - Parameters:
    ///   - error: The failed call.
    ///   - device: The camera's path, for the message.
    init(_ error: SystemCallError, device: String) {
        switch error.errno {
        case ENODEV, ENXIO: self = .deviceRemoved(device: device)
        case EBUSY: self = .deviceBusy(device: device)
        case ENOSPC: self = .usbBandwidthExhausted(device: device)
        case ENOENT: self = .deviceNotFound(device: device)
        case EACCES, EPERM: self = .permissionDenied(device: device)
        default: self = .system(device: device, error)
        }
    }
}
