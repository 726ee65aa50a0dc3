import Foundation
import Glibc

/// Frames from files, for tests, demos and reproducing a field problem: a directory of binary
/// PGM (P5) files (in name order) or one Y4M file (mono or 4:2:0; the luma plane is used).
///
/// Files are memory-mapped and frames point into the mapping: no copy. Every file is checked
/// when the source is created (or, for a PGM directory, when the frame is reached), and a bad
/// one gives ``CaptureError/replayMalformed(path:reason:)`` naming the file and the problem.
public final class ReplaySource: FrameSource {
    /// How fast frames come out.
    public enum Pacing: Hashable, Sendable {
        /// The file's own rate (a Y4M `F` parameter); 30 fps for a PGM directory or a Y4M without one.
        case native
        /// A fixed rate in frames per second.
        case framesPerSecond(Double)
        /// Each frame as soon as it is asked for (benchmarks, tests).
        case asFastAsPossible
    }

    private enum Content {
        case pgm(files: [String])
        case y4m(MappedFile, ReplayFormat.Y4MIndex)
    }

    /// The path the frames come from.
    public let path: String
    /// The frame size (every frame of a replay has the same size).
    public let size: FrameSize
    /// The number of frames in one pass.
    public let frameCount: Int
    /// Frames per second when paced, or `nil` for as fast as possible.
    public let frameRate: Double?
    private let content: Content
    private let loop: Bool
    private let now: () -> Duration
    private let sleep: (Duration) -> Void
    private var nextIndex = 0
    private var sequence: UInt32 = 0
    private var nextDue: Duration?
    /// PGM files mapped for frames the consumer holds, by sequence number.
    private var held: [UInt32: MappedFile] = [:]

    /// Opens a replay.
    ///
    /// - Parameters:
    ///   - path: A directory of `.pgm` files, or a `.y4m` file.
    ///   - pacing: How fast to deliver frames.
    ///   - loop: Start again after the last frame instead of throwing ``CaptureError/endOfStream(source:)``.
    /// - Throws: ``CaptureError/replayUnreadable(path:_:)``, ``CaptureError/replayEmpty(path:)`` or
    ///   ``CaptureError/replayMalformed(path:reason:)``.
    public convenience init(path: String, pacing: Pacing = .native, loop: Bool = false) throws(CaptureError) {
        try self.init(
            path: path,
            pacing: pacing,
            loop: loop,
            now: {
                var time = timespec()
                clock_gettime(CLOCK_MONOTONIC, &time)
                return .seconds(time.tv_sec) + .nanoseconds(time.tv_nsec)
            },
            sleep: { duration in
                let (seconds, attoseconds) = duration.components
                var request = timespec(tv_sec: Int(seconds), tv_nsec: Int(attoseconds / 1_000_000_000))
                var remaining = timespec()
                while nanosleep(&request, &remaining) == -1 && errno == EINTR { request = remaining }
            }
        )
    }

    init(
        path: String,
        pacing: Pacing,
        loop: Bool,
        now: @escaping () -> Duration,
        sleep: @escaping (Duration) -> Void
    ) throws(CaptureError) {
        self.path = path
        self.loop = loop
        self.now = now
        self.sleep = sleep
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .replayUnreadable(path: path, SystemCallError(operation: "stat", errno: ENOENT))
        }
        var fileRate: Double?
        if isDirectory.boolValue {
            let names: [String]
            do {
                names = try FileManager.default.contentsOfDirectory(atPath: path)
            } catch {
                throw .replayUnreadable(path: path, SystemCallError(operation: "opendir", errno: EACCES))
            }
            let files = names.filter { $0.lowercased().hasSuffix(".pgm") }.sorted().map { path + "/" + $0 }
            guard let first = files.first else { throw .replayEmpty(path: path) }
            let mapped = try MappedFile(path: first)
            size = try ReplayFormat.parsePGM(mapped.bytes, path: first).size
            frameCount = files.count
            content = .pgm(files: files)
        } else {
            let mapped = try MappedFile(path: path)
            let index = try ReplayFormat.indexY4M(mapped.bytes, path: path)
            size = index.size
            frameCount = index.lumaOffsets.count
            fileRate = index.frameRate
            content = .y4m(mapped, index)
        }
        switch pacing {
        case .native: frameRate = fileRate ?? 30
        case .framesPerSecond(let rate):
            precondition(rate > 0, "replay frame rate \(rate)")
            frameRate = rate
        case .asFastAsPossible: frameRate = nil
        }
    }

    /// The next frame, when it is due.
    ///
    /// - Parameter timeout: How long to wait for the frame to be due.
    /// - Returns: The frame, or `nil` if it is not due within `timeout`.
    /// - Throws: ``CaptureError/endOfStream(source:)`` after the last frame (unless looping), or the
    ///   error of a malformed PGM file.
    public func nextFrame(timeout: Duration) throws(CaptureError) -> LumaFrame? {
        if nextIndex == frameCount {
            guard loop else { throw .endOfStream(source: path) }
            nextIndex = 0
        }
        if let rate = frameRate {
            let current = now()
            let due = nextDue ?? current
            if due > current {
                let wait = due - current
                guard wait <= timeout else {
                    sleep(timeout)
                    return nil
                }
                sleep(wait)
            }
            // Keep the cadence, but do not burst to catch up after a slow consumer.
            nextDue = max(due, current) + .nanoseconds(Int64(1e9 / rate))
        }
        let frame = try load(nextIndex)
        nextIndex += 1
        sequence &+= 1
        return frame
    }

    /// Unmaps a PGM frame's file (a Y4M frame stays in the file's mapping).
    ///
    /// - Parameter frame: A frame from this source.
    public func release(_ frame: LumaFrame) {
        held[frame.sequence] = nil
    }

    private func load(_ index: Int) throws(CaptureError) -> LumaFrame {
        let pixels: UnsafeBufferPointer<UInt8>
        switch content {
        case .pgm(let files):
            let mapped = try MappedFile(path: files[index])
            let header = try ReplayFormat.parsePGM(mapped.bytes, path: files[index])
            guard header.size == size else {
                throw .replayMalformed(
                    path: files[index],
                    reason: "it is \(header.size) but the first frame is \(size)"
                )
            }
            pixels = Self.plane(mapped.bytes, offset: header.pixelOffset, count: size.width * size.height)
            held[sequence] = mapped
        case .y4m(let mapped, let y4m):
            pixels = Self.plane(mapped.bytes, offset: y4m.lumaOffsets[index], count: size.width * size.height)
        }
        return LumaFrame(
            width: size.width,
            height: size.height,
            stride: size.width,
            pixels: pixels,
            timestamp: now(),
            sequence: sequence,
            buffer: BufferIndex(index: index, generation: 0)
        )
    }

    private static func plane(_ bytes: UnsafeRawBufferPointer, offset: Int, count: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(
            start: bytes.baseAddress.map { ($0 + offset).assumingMemoryBound(to: UInt8.self) },
            count: count
        )
    }
}
