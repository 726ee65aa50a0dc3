/// One opened, negotiated and mapped capture device, as the streaming loop sees it.
///
/// ``V4L2Device`` is the real one; tests use a scripted fake that "plays the kernel".
/// Every method throws ``CaptureError`` already mapped from errno (ENODEV is
/// ``CaptureError/deviceRemoved(device:)``).
protocol VideoDevice: AnyObject {
    /// The path it was opened by.
    var path: String { get }
    /// The confirmed format.
    var format: NegotiatedFormat { get }
    /// How many buffers are mapped.
    var bufferCount: Int { get }
    /// The mapped memory of buffer `index`.
    func memory(of index: Int) -> UnsafeRawBufferPointer
    /// Gives buffer `index` to the driver to fill (`VIDIOC_QBUF`).
    func queue(_ index: Int) throws(CaptureError)
    /// Starts capturing (`VIDIOC_STREAMON`).
    func streamOn() throws(CaptureError)
    /// Stops capturing; every buffer returns to userspace (`VIDIOC_STREAMOFF`).
    func streamOff() throws(CaptureError)
    /// Waits until a buffer can be dequeued or the device reports an error (`poll`).
    /// Returns `false` when `timeout` passed with nothing.
    func waitForFrame(timeout: Duration) throws(CaptureError) -> Bool
    /// Takes a filled buffer without blocking (`VIDIOC_DQBUF`); `nil` on `EAGAIN`.
    func dequeue() throws(CaptureError) -> DequeuedBuffer?
    /// Releases everything: stops streaming, unmaps every buffer, closes the fd. Idempotent.
    func close()
}

/// What `VIDIOC_DQBUF` said about a buffer.
struct DequeuedBuffer: Hashable {
    var index: Int
    var bytesUsed: Int
    /// `V4L2_BUF_FLAG_ERROR`: the driver says the data is corrupt.
    var hasErrorFlag: Bool
    var sequence: UInt32
    var timestamp: Duration
}
