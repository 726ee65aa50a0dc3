import CV4L2Shim
import CaptureV4L2
import Glibc

/// Direct access to a vivid node for what the test does *to* the device (inject a disconnect,
/// feed the loop output), kept apart from the CaptureV4L2 code under test.
final class VividNode {
    let path: String
    let fd: CInt

    init(_ path: String) throws {
        self.path = path
        fd = open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw TestFailure("open \(path): \(String(cString: strerror(errno)))") }
    }

    deinit { Glibc.close(fd) }

    func ioctl<T>(_ name: String, _ request: UInt, _ argument: inout T) throws {
        let result = withUnsafeMutableBytes(of: &argument) { CV4L2Shim_ioctl(fd, request, $0.baseAddress) }
        guard result == 0 else { throw TestFailure("\(name) on \(path): \(String(cString: strerror(errno)))") }
    }

    /// The id of the control the driver calls `name` (vivid's private controls have no public ids).
    func controlID(named name: String) throws -> UInt32 {
        var query = v4l2_queryctrl()
        query.id = CV4L2Shim_CTRL_FLAG_NEXT_CTRL
        while withUnsafeMutableBytes(of: &query, { CV4L2Shim_ioctl(fd, CV4L2Shim_VIDIOC_QUERYCTRL, $0.baseAddress) })
            == 0
        {
            let found = withUnsafeBytes(of: query.name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if found == name { return query.id }
            query.id |= CV4L2Shim_CTRL_FLAG_NEXT_CTRL
        }
        throw TestFailure("\(path) has no control named \"\(name)\"")
    }

    func setControl(named name: String, to value: Int32) throws {
        var control = v4l2_control(id: try controlID(named: name), value: value)
        try ioctl("VIDIOC_S_CTRL \(name)", CV4L2Shim_VIDIOC_S_CTRL, &control)
    }

    func control(_ id: UInt32) throws -> Int32 {
        var control = v4l2_control(id: id, value: 0)
        try ioctl("VIDIOC_G_CTRL", CV4L2Shim_VIDIOC_G_CTRL, &control)
        return control.value
    }
}

/// vivid's loop output: one GREY buffer held "on screen".
///
/// The looped capture node copies it byte for byte into every frame. Step (2) of the integration test will put encoder-made QR
/// frames here and expect them back decoded by the pipeline; today it checks the copy itself.
final class VividLoopOutput {
    let node: VividNode
    let size: FrameSize
    private let memory: UnsafeMutableRawBufferPointer
    private let bytesPerLine: Int

    init(path: String, size: FrameSize) throws {
        node = try VividNode(path)
        self.size = size
        var format = v4l2_format()
        format.type = CV4L2Shim_BUF_TYPE_VIDEO_OUTPUT
        format.fmt.pix.pixelformat = FourCC.grey.rawValue
        format.fmt.pix.width = UInt32(size.width)
        format.fmt.pix.height = UInt32(size.height)
        format.fmt.pix.field = CV4L2Shim_FIELD_NONE
        try node.ioctl("VIDIOC_S_FMT (output)", CV4L2Shim_VIDIOC_S_FMT, &format)
        guard format.fmt.pix.pixelformat == FourCC.grey.rawValue, Int(format.fmt.pix.width) == size.width,
            Int(format.fmt.pix.height) == size.height
        else {
            throw TestFailure(
                "output took \(FourCC(rawValue: format.fmt.pix.pixelformat)) \(format.fmt.pix.width)x\(format.fmt.pix.height)"
            )
        }
        bytesPerLine = Int(format.fmt.pix.bytesperline)
        var request = v4l2_requestbuffers()
        request.count = 1
        request.type = CV4L2Shim_BUF_TYPE_VIDEO_OUTPUT
        request.memory = CV4L2Shim_MEMORY_MMAP
        try node.ioctl("VIDIOC_REQBUFS (output)", CV4L2Shim_VIDIOC_REQBUFS, &request)
        var buffer = v4l2_buffer()
        buffer.type = CV4L2Shim_BUF_TYPE_VIDEO_OUTPUT
        buffer.memory = CV4L2Shim_MEMORY_MMAP
        try node.ioctl("VIDIOC_QUERYBUF (output)", CV4L2Shim_VIDIOC_QUERYBUF, &buffer)
        guard
            let start = mmap(
                nil,
                Int(buffer.length),
                PROT_READ | PROT_WRITE,
                MAP_SHARED,
                node.fd,
                off_t(buffer.m.offset)
            ),
            start != MAP_FAILED
        else { throw TestFailure("mmap output: \(String(cString: strerror(errno)))") }
        memory = UnsafeMutableRawBufferPointer(start: start, count: Int(buffer.length))
    }

    deinit {
        var type = CInt(CV4L2Shim_BUF_TYPE_VIDEO_OUTPUT)
        _ = CV4L2Shim_ioctl(node.fd, CV4L2Shim_VIDIOC_STREAMOFF, &type)
        munmap(memory.baseAddress, memory.count)
    }

    /// Puts `luma` (width x height, dense) on screen and starts the output stream.
    func show(_ luma: [UInt8]) throws {
        for y in 0..<size.height {
            for x in 0..<size.width { memory[y * bytesPerLine + x] = luma[y * size.width + x] }
        }
        var buffer = v4l2_buffer()
        buffer.type = CV4L2Shim_BUF_TYPE_VIDEO_OUTPUT
        buffer.memory = CV4L2Shim_MEMORY_MMAP
        buffer.index = 0
        buffer.bytesused = UInt32(bytesPerLine * size.height)
        buffer.field = CV4L2Shim_FIELD_NONE
        try node.ioctl("VIDIOC_QBUF (output)", CV4L2Shim_VIDIOC_QBUF, &buffer)
        var type = CInt(CV4L2Shim_BUF_TYPE_VIDEO_OUTPUT)
        try node.ioctl("VIDIOC_STREAMON (output)", CV4L2Shim_VIDIOC_STREAMON, &type)
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
