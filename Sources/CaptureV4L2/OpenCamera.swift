/// One opening of a device by ``SupervisedCamera``: the device, the buffers the consumer
/// holds, and (for YUYV and MJPEG) the luma planes extracted or decoded from each buffer.
///
/// After a failure the opening is retired, not freed: a buffer the consumer still holds stays
/// mapped until it is released, and then everything is closed.
final class OpenCamera<Device: VideoDevice> {
    let device: Device
    let generation: UInt64
    /// Buffers handed to the consumer and not yet released.
    var held: Set<Int> = []
    /// One dense luma plane per buffer when the format interleaves luma (YUYV) or is JPEG; empty otherwise.
    let lumaPlanes: [UnsafeMutableBufferPointer<UInt8>]
    /// The MJPEG decoder, for a JPEG format.
    private let decoder: JPEGLumaDecoder?

    init(device: Device, generation: UInt64) {
        self.device = device
        self.generation = generation
        let format = device.format
        decoder = format.isJPEG ? JPEGLumaDecoder() : nil
        if format.needsLumaPlane {
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

    /// Decodes a JPEG buffer's luma into its plane, before ``frame(for:)``; does nothing for raw formats.
    ///
    /// - Throws: ``JPEGError`` when the frame is corrupt (the caller counts and drops it).
    func decode(_ buffer: DequeuedBuffer) throws(JPEGError) {
        guard let decoder else { return }
        let memory = device.memory(of: buffer.index)
        let jpeg = UnsafeRawBufferPointer(rebasing: memory.prefix(min(buffer.bytesUsed, memory.count)))
        try decoder.decode(jpeg, size: device.format.size, into: lumaPlanes[buffer.index])
    }

    /// The frame for a good dequeued buffer: the luma in place, extracted once from YUYV, or the
    /// plane ``decode(_:)`` filled from a JPEG.
    func frame(for buffer: DequeuedBuffer) -> LumaFrame {
        let format = device.format
        let memory = device.memory(of: buffer.index)
        let width = format.size.width
        let height = format.size.height
        let pixels: UnsafeBufferPointer<UInt8>
        let stride: Int
        if format.isJPEG {
            pixels = UnsafeBufferPointer(lumaPlanes[buffer.index])
            stride = width
        } else if format.lumaIsInterleaved {
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
