/// One opening of a device by ``SupervisedCamera``: the device, the buffers the consumer
/// holds, and (for YUYV) the luma planes extracted from each buffer.
///
/// After a failure the opening is retired, not freed: a buffer the consumer still holds stays
/// mapped until it is released, and then everything is closed.
final class OpenCamera<Device: VideoDevice> {
    let device: Device
    let generation: UInt64
    /// Buffers handed to the consumer and not yet released.
    var held: Set<Int> = []
    /// One dense luma plane per buffer when the format interleaves luma (YUYV); empty otherwise.
    let lumaPlanes: [UnsafeMutableBufferPointer<UInt8>]

    init(device: Device, generation: UInt64) {
        self.device = device
        self.generation = generation
        let format = device.format
        if format.lumaIsInterleaved {
            lumaPlanes = (0..<device.bufferCount).map { _ in
                let plane = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: format.size.width * format.size.height)
                plane.initialize(repeating: 0)
                return plane
            }
        } else {
            lumaPlanes = []
        }
    }

    deinit {
        device.close()
        for plane in lumaPlanes { plane.deallocate() }
    }

    /// The frame for a good dequeued buffer: the luma in place, or extracted once from YUYV.
    func frame(for buffer: DequeuedBuffer) -> LumaFrame {
        let format = device.format
        let memory = device.memory(of: buffer.index)
        let width = format.size.width
        let height = format.size.height
        let pixels: UnsafeBufferPointer<UInt8>
        let stride: Int
        if format.lumaIsInterleaved {
            let plane = lumaPlanes[buffer.index]
            Self.extractLuma(from: memory, bytesPerLine: format.bytesPerLine, width: width, height: height, into: plane)
            pixels = UnsafeBufferPointer(plane)
            stride = width
        } else {
            pixels = UnsafeBufferPointer(
                start: memory.baseAddress?.assumingMemoryBound(to: UInt8.self),
                count: min(memory.count, format.bytesPerLine * height)
            )
            stride = format.bytesPerLine
        }
        return LumaFrame(
            width: width,
            height: height,
            stride: stride,
            pixels: pixels,
            timestamp: buffer.timestamp,
            sequence: buffer.sequence,
            buffer: BufferIndex(index: buffer.index, generation: generation)
        )
    }

    /// Copies every other byte (Y0 U Y1 V ...) of each row into a dense plane: the one copy YUYV costs.
    static func extractLuma(
        from memory: UnsafeRawBufferPointer,
        bytesPerLine: Int,
        width: Int,
        height: Int,
        into plane: UnsafeMutableBufferPointer<UInt8>
    ) {
        guard let source = memory.baseAddress?.assumingMemoryBound(to: UInt8.self), let target = plane.baseAddress
        else { return }
        for y in 0..<height {
            let row = source + y * bytesPerLine
            let out = target + y * width
            for x in 0..<width { out[x] = row[2 * x] }
        }
    }
}
