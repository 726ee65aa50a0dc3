import Glibc
internal import CV4L2Shim

/// A V4L2 capture node opened through libv4l2 with its conversion disabled (buffers arrive as the
/// driver fills them; MJPEG is decoded by kioskd), negotiated, with its controls applied and its
/// buffers mapped: the real ``VideoDevice``.
///
/// Owns the fd and the mmap buffers; ``close()`` releases all of them, which is what lets an
/// unplugged (ENODEV) device come back.
final class V4L2Device: VideoDevice {
    let path: String
    let format: NegotiatedFormat
    /// What happened to each configured control write.
    let controlOutcomes: [ControlOutcome]
    private var fd: CInt
    private var buffers: [UnsafeMutableRawBufferPointer]
    private var streaming = false

    var bufferCount: Int { buffers.count }

    /// Opens `configuration.device`, negotiates the format and frame rate (``FormatPlan``), applies
    /// controls and maps buffers.
    ///
    /// - Throws: ``CaptureError`` naming what failed; nothing stays open.
    init(configuration: CameraConfiguration) throws(CaptureError) {
        let path = configuration.device
        let fd = try Self.openNode(path)
        var buffers: [UnsafeMutableRawBufferPointer] = []
        do throws(CaptureError) {
            let node = V4L2Node(fd: fd, path: path)
            let caps = try node.capabilities().device
            guard caps.isUsableCamera else { throw .notACaptureDevice(device: path, capabilities: caps) }
            let offers = try node.formatOffers(resolving: configuration.size)
            let plan = try FormatPlan.choose(
                from: offers,
                size: configuration.size,
                rate: configuration.frameRate ?? FormatPlan.defaultRate,
                pixelFormat: configuration.pixelFormat,
                device: path
            )
            var format = try node.setFormat(plan)
            format.framesPerSecond = try node.setFrameInterval(plan.interval)
            let outcomes = try node.apply(configuration.controls)
            try Self.mapBuffers(node, count: configuration.bufferCount, into: &buffers)
            self.path = path
            self.fd = fd
            self.format = format
            self.controlOutcomes = outcomes
            self.buffers = buffers
        } catch {
            for buffer in buffers { _ = CV4L2Shim_munmap(buffer.baseAddress, buffer.count) }
            _ = CV4L2Shim_close(fd)  // the fd is gone either way (close(2) on Linux)
            throw error
        }
    }

    deinit { close() }

    /// Writes controls while the device is open (the glare response's exposure).
    ///
    /// - Throws: Only what means the device itself failed (ENODEV, EBUSY...).
    func apply(_ controls: CameraControls) throws(CaptureError) -> [ControlOutcome] {
        try V4L2Node(fd: fd, path: path).apply(controls)
    }

    private static func openNode(_ path: String) throws(CaptureError) -> CInt {
        do throws(SystemCallError) {
            switch try syscall("open", { CV4L2Shim_openUnconverted(path, O_RDWR | O_NONBLOCK | O_CLOEXEC) }) {
            case .done(let fd): return fd
            case .wouldBlock: throw SystemCallError(operation: "open", errno: EAGAIN)
            }
        } catch {
            throw CaptureError(error, device: path)
        }
    }

    private static func mapBuffers(
        _ node: V4L2Node,
        count: Int,
        into buffers: inout [UnsafeMutableRawBufferPointer]
    ) throws(CaptureError) {
        var request = v4l2_requestbuffers()
        request.count = UInt32(count)
        request.type = CV4L2Shim_BUF_TYPE_VIDEO_CAPTURE
        request.memory = CV4L2Shim_MEMORY_MMAP
        try node.ioctl("VIDIOC_REQBUFS", CV4L2Shim_VIDIOC_REQBUFS, &request)
        guard request.count >= 2 else {
            let error = SystemCallError(operation: "VIDIOC_REQBUFS (granted \(request.count) buffers)", errno: ENOMEM)
            throw .system(device: node.path, error)
        }
        for index in 0..<Int(request.count) {
            var buffer = v4l2_buffer()
            buffer.index = UInt32(index)
            buffer.type = CV4L2Shim_BUF_TYPE_VIDEO_CAPTURE
            buffer.memory = CV4L2Shim_MEMORY_MMAP
            try node.ioctl("VIDIOC_QUERYBUF", CV4L2Shim_VIDIOC_QUERYBUF, &buffer)
            let length = Int(buffer.length)
            guard let start = CV4L2Shim_mmap(node.fd, length, Int64(buffer.m.offset)) else {
                throw CaptureError(SystemCallError(operation: "mmap", errno: errno), device: node.path)
            }
            buffers.append(UnsafeMutableRawBufferPointer(start: start, count: length))
        }
    }

    func memory(of index: Int) -> UnsafeRawBufferPointer { UnsafeRawBufferPointer(buffers[index]) }

    func queue(_ index: Int) throws(CaptureError) {
        var buffer = v4l2_buffer()
        buffer.index = UInt32(index)
        buffer.type = CV4L2Shim_BUF_TYPE_VIDEO_CAPTURE
        buffer.memory = CV4L2Shim_MEMORY_MMAP
        try ioctl("VIDIOC_QBUF", CV4L2Shim_VIDIOC_QBUF, &buffer)
    }

    func streamOn() throws(CaptureError) {
        var type = CInt(CV4L2Shim_BUF_TYPE_VIDEO_CAPTURE)
        try ioctl("VIDIOC_STREAMON", CV4L2Shim_VIDIOC_STREAMON, &type)
        streaming = true
    }

    func streamOff() throws(CaptureError) {
        var type = CInt(CV4L2Shim_BUF_TYPE_VIDEO_CAPTURE)
        streaming = false
        try ioctl("VIDIOC_STREAMOFF", CV4L2Shim_VIDIOC_STREAMOFF, &type)
    }

    func waitForFrame(timeout: Duration) throws(CaptureError) -> Bool {
        var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let (seconds, attoseconds) = max(timeout, .zero).components
        let milliseconds = CInt(
            min(seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000, 60_000)
        )
        do throws(SystemCallError) {
            guard case .done(let ready) = try syscall("poll", { poll(&descriptor, 1, milliseconds) }) else {
                return true
            }
            return ready > 0  // POLLERR/POLLHUP too: DQBUF then says what happened (ENODEV when unplugged)
        } catch {
            throw CaptureError(error, device: path)
        }
    }

    func dequeue() throws(CaptureError) -> DequeuedBuffer? {
        var buffer = v4l2_buffer()
        buffer.type = CV4L2Shim_BUF_TYPE_VIDEO_CAPTURE
        buffer.memory = CV4L2Shim_MEMORY_MMAP
        guard try ioctl("VIDIOC_DQBUF", CV4L2Shim_VIDIOC_DQBUF, &buffer) else { return nil }
        return DequeuedBuffer(
            index: Int(buffer.index),
            bytesUsed: Int(buffer.bytesused),
            hasErrorFlag: buffer.flags & CV4L2Shim_BUF_FLAG_ERROR != 0,
            sequence: buffer.sequence,
            timestamp: .seconds(buffer.timestamp.tv_sec) + .microseconds(buffer.timestamp.tv_usec)
        )
    }

    func close() {
        if streaming {
            var type = CInt(CV4L2Shim_BUF_TYPE_VIDEO_CAPTURE)
            // Fails with ENODEV when unplugged; there is nothing else to do.
            _ = CV4L2Shim_ioctl(fd, CV4L2Shim_VIDIOC_STREAMOFF, &type)
            streaming = false
        }
        for buffer in buffers { _ = CV4L2Shim_munmap(buffer.baseAddress, buffer.count) }
        buffers.removeAll()
        if fd >= 0 {
            _ = CV4L2Shim_close(fd)  // the fd is gone either way (close(2) on Linux)
            fd = -1
        }
    }

    /// Runs an ioctl; `false` on EAGAIN.
    @discardableResult
    private func ioctl<T>(_ name: String, _ request: UInt, _ argument: inout T) throws(CaptureError) -> Bool {
        try V4L2Node(fd: fd, path: path).ioctl(name, request, &argument)
    }
}
