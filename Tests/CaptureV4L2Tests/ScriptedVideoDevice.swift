import Glibc
import TestSupport

@testable import CaptureV4L2

/// A fake capture device that "plays the kernel": each DQBUF takes the next scripted step.
///
/// `poll` (``waitForFrame(timeout:)``) advances the manual clock by the whole timeout when the
/// next step is ``Step/stall`` (or the script is over), so stall handling is tested without waiting.
/// It also checks the caller's side of the contract: no buffer queued twice, none queued after close.
final class ScriptedVideoDevice: VideoDevice {
    enum Step: Equatable {
        /// A good frame whose luma bytes are all `value`; `skipping` frames were lost before it.
        /// A `backlog` frame was already waiting, so a zero-timeout poll sees it; any other step
        /// arrives only during a poll that waits.
        case frame(UInt8, skipping: UInt32 = 0, backlog: Bool = false)
        /// A frame holding these bytes (an MJPEG frame, good or damaged); `bytesused` is their count.
        case bytes([UInt8])
        /// A frame with `V4L2_BUF_FLAG_ERROR`.
        case errorFlag
        /// A frame with fewer bytes than a full one.
        case short
        /// DQBUF says EAGAIN even though poll said ready.
        case wouldBlock
        /// poll times out: nothing arrives.
        case stall
        /// The camera is unplugged: this and every later call fails with ENODEV.
        case unplugged
        /// DQBUF fails with this errno.
        case failure(CInt)
    }

    let path: String
    let format: NegotiatedFormat
    let clock: ManualClock
    private var script: [Step]
    private var buffers: [UnsafeMutableRawBufferPointer]
    private(set) var queued: [Int] = []
    private(set) var streaming = false
    private(set) var removed = false
    private(set) var closed = false
    private(set) var trace: [String] = []
    private(set) var violations: [String] = []
    private var sequence: UInt32 = 0

    init(path: String = "/dev/video0", format: NegotiatedFormat? = nil, clock: ManualClock, script: [Step]) {
        self.path = path
        let format =
            format
            ?? NegotiatedFormat(fourcc: .grey, size: FrameSize(width: 8, height: 4), bytesPerLine: 8, sizeImage: 32)
        self.format = format
        self.clock = clock
        self.script = script
        buffers = (0..<3).map { _ in
            let memory = UnsafeMutableRawBufferPointer.allocate(byteCount: format.sizeImage, alignment: 16)
            memory.initializeMemory(as: UInt8.self, repeating: 0)
            return memory
        }
    }

    deinit { for buffer in buffers { buffer.deallocate() } }

    var bufferCount: Int { buffers.count }
    var stepsLeft: Int { script.count }

    func memory(of index: Int) -> UnsafeRawBufferPointer { UnsafeRawBufferPointer(buffers[index]) }

    func queue(_ index: Int) throws(CaptureError) {
        trace.append("QBUF \(index)")
        if closed { violations.append("QBUF \(index) after close") }
        if queued.contains(index) { violations.append("QBUF \(index) twice") }
        if removed { throw .deviceRemoved(device: path) }
        queued.append(index)
    }

    func streamOn() throws(CaptureError) {
        trace.append("STREAMON")
        if removed { throw .deviceRemoved(device: path) }
        streaming = true
    }

    func streamOff() throws(CaptureError) {
        trace.append("STREAMOFF")
        if removed { throw .deviceRemoved(device: path) }
        streaming = false
        queued.removeAll()
    }

    func waitForFrame(timeout: Duration) throws(CaptureError) -> Bool {
        if removed || script.first == .unplugged { return true }  // POLLERR|POLLHUP
        if timeout == .zero {
            guard streaming, !queued.isEmpty, case .frame(_, _, true)? = script.first else { return false }
            return true
        }
        if script.isEmpty || script.first == .stall || queued.isEmpty || !streaming {
            if script.first == .stall { script.removeFirst() }
            clock.advance(by: timeout)
            return false
        }
        return true
    }

    func dequeue() throws(CaptureError) -> DequeuedBuffer? {
        trace.append("DQBUF")
        if removed { throw .deviceRemoved(device: path) }
        guard streaming, !queued.isEmpty, let step = script.first, step != .stall else { return nil }
        script.removeFirst()
        switch step {
        case .wouldBlock, .stall:
            return nil
        case .unplugged:
            removed = true
            throw .deviceRemoved(device: path)
        case .failure(let code):
            throw CaptureError(SystemCallError(operation: "VIDIOC_DQBUF", errno: code), device: path)
        case .frame(let value, let skipping, _):
            sequence &+= skipping
            return fill(value: value, bytes: format.sizeImage, error: false)
        case .errorFlag:
            return fill(value: 0, bytes: format.sizeImage, error: true)
        case .short:
            return fill(value: 0, bytes: format.sizeImage / 2, error: false)
        case .bytes(let content):
            let buffer = fill(value: 0, bytes: content.count, error: false)
            buffers[buffer.index].copyBytes(from: content)
            return buffer
        }
    }

    private func fill(value: UInt8, bytes: Int, error: Bool) -> DequeuedBuffer {
        let index = queued.removeFirst()
        let memory = buffers[index]
        if format.fourcc == .yuyv {
            for i in 0..<memory.count { memory[i] = i % 2 == 0 ? value : 0x80 }  // Y U Y V: chroma 0x80
        } else {
            memory.initializeMemory(as: UInt8.self, repeating: value)
        }
        defer { sequence &+= 1 }
        return DequeuedBuffer(
            index: index,
            bytesUsed: bytes,
            hasErrorFlag: error,
            sequence: sequence,
            timestamp: clock.now.offset
        )
    }

    /// Pulls the plug now: every later call fails with ENODEV.
    func unplug() { removed = true }

    func close() {
        if !closed { trace.append("close") }
        closed = true
        streaming = false
    }
}
