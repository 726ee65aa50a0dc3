import Testing

@testable import CaptureV4L2

@Suite struct ReplaySourceTests {
    func frame(_ seed: UInt8, count: Int) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: Int(seed) &* 31 &+ $0) }
    }

    @Test func pgmDirectoryPlaysInNameOrderThenEnds() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        for (name, seed) in [("frame-002.pgm", UInt8(2)), ("frame-001.pgm", 1), ("frame-003.PGM", 3)] {
            try dir.write(name, pgm(width: 5, height: 3, pixels: frame(seed, count: 15)))
        }
        try dir.write("notes.txt", Array("not a frame".utf8))
        var source = try ReplaySource(path: dir.path, pacing: .asFastAsPossible)
        #expect(source.size == FrameSize(width: 5, height: 3) && source.frameCount == 3)
        for seed in [UInt8(1), 2, 3] {
            let pixels = try source.withNextFrame(timeout: .zero) { Array($0.pixels) }
            #expect(pixels == frame(seed, count: 15))
        }
        #expect(throws: CaptureError.endOfStream(source: dir.path)) { _ = try source.nextFrame(timeout: .zero) }
    }

    @Test func loopingStartsAgainWithGrowingSequenceNumbers() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.write("a.pgm", pgm(width: 2, height: 2, pixels: [1, 2, 3, 4]))
        try dir.write("b.pgm", pgm(width: 2, height: 2, pixels: [5, 6, 7, 8]))
        let source = try ReplaySource(path: dir.path, pacing: .asFastAsPossible, loop: true)
        var seen: [(UInt32, UInt8)] = []
        for _ in 0..<5 {
            let frame = try #require(try source.nextFrame(timeout: .zero))
            seen.append((frame.sequence, frame[0, 0]))
            source.release(frame)
        }
        #expect(seen.map(\.0) == [0, 1, 2, 3, 4])
        #expect(seen.map(\.1) == [1, 5, 1, 5, 1])
    }

    @Test(arguments: [("mono", 0), ("420jpeg", 2 * 2 * 2), (nil, 2 * 2 * 2)])
    func y4mGivesTheLumaPlane(colour: String?, chromaBytes: Int) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let frames = [frame(7, count: 12), frame(8, count: 12)]
        try dir.write(
            "clip.y4m",
            y4m(width: 4, height: 3, colour: colour, rate: "25:1", frames: frames, chromaBytes: chromaBytes)
        )
        var source = try ReplaySource(path: dir.path + "/clip.y4m")
        #expect(source.frameRate == 25 && source.frameCount == 2)
        source = try ReplaySource(path: dir.path + "/clip.y4m", pacing: .asFastAsPossible)
        for expected in frames {
            #expect(try source.withNextFrame(timeout: .zero) { Array($0.pixels) } == expected)
        }
    }

    @Test func pacingWaitsForEachFrameWithoutBursting() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.write(
            "clip.y4m",
            y4m(
                width: 2,
                height: 2,
                colour: "mono",
                frames: [[1, 1, 1, 1], [2, 2, 2, 2], [3, 3, 3, 3]],
                chromaBytes: 0
            )
        )
        var time = Duration.zero
        var slept: [Duration] = []
        let source = try ReplaySource(
            path: dir.path + "/clip.y4m",
            pacing: .framesPerSecond(10),
            loop: false,
            now: { time },
            sleep: {
                slept.append($0); time += $0
            }
        )
        let first = try #require(try source.nextFrame(timeout: .zero))
        source.release(first)
        #expect(slept.isEmpty)
        #expect(try source.nextFrame(timeout: .milliseconds(40)) == nil)  // due in 100 ms
        #expect(slept == [.milliseconds(40)])
        let second = try #require(try source.nextFrame(timeout: .seconds(1)))
        #expect(second[0, 0] == 2 && slept == [.milliseconds(40), .milliseconds(60)])
        source.release(second)
        time += .seconds(5)  // a slow consumer: the next frame comes at once, the one after 100 ms later
        let third = try #require(try source.nextFrame(timeout: .zero))
        #expect(third[0, 0] == 3 && slept.count == 2)
    }

    @Test(arguments: [
        ("p2.pgm", Array("P2\n2 2\n255\n1 2 3 4\n".utf8), "ASCII PGM (P2) is not supported"),
        ("wide.pgm", pgm(width: 2, height: 1, maxval: 65535, pixels: [0, 0, 0, 0]), "16-bit PGM (maxval 65535)"),
        ("short.pgm", pgm(width: 4, height: 4, pixels: [1, 2, 3]), "truncated: 3 bytes of pixels, 4x4 needs 16"),
        ("junk.pgm", Array("hello".utf8), "not a PGM file"),
        ("head.pgm", Array("P5\n4 4\n".utf8), "header is incomplete"),
    ])
    func badPGMNamesTheProblem(name: String, bytes: [UInt8], reason: String) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.write(name, bytes)
        do {
            _ = try ReplaySource(path: dir.path)
            Issue.record("accepted \(name)")
        } catch {
            guard case .replayMalformed(let path, let message) = error else { Issue.record("\(error)"); return }
            #expect(path == dir.path + "/" + name)
            #expect(message.contains(reason), "\(message)")
        }
    }

    @Test func aLaterFrameOfAnotherSizeIsRefusedWhenReached() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.write("1.pgm", pgm(width: 2, height: 2, pixels: [1, 2, 3, 4]))
        try dir.write("2.pgm", pgm(width: 1, height: 1, pixels: [9]))
        var source = try ReplaySource(path: dir.path, pacing: .asFastAsPossible)
        _ = try source.withNextFrame(timeout: .zero) { $0.width }
        #expect(
            throws: CaptureError.replayMalformed(
                path: dir.path + "/2.pgm",
                reason: "it is 1x1 but the first frame is 2x2"
            )
        ) {
            _ = try source.nextFrame(timeout: .zero)
        }
    }

    @Test func badY4MAndMissingPathsNameTheProblem() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.write("422.y4m", y4m(width: 2, height: 2, colour: "422", frames: [[1, 2, 3, 4]], chromaBytes: 4))
        try dir.write(
            "cut.y4m",
            Array(y4m(width: 4, height: 4, colour: "mono", frames: [frame(1, count: 16)], chromaBytes: 0).dropLast(5))
        )
        try dir.write("empty.y4m", [])
        #expect(
            throws: CaptureError.replayMalformed(
                path: dir.path + "/422.y4m",
                reason: "colour space C422 is not supported; use mono or 4:2:0"
            )
        ) {
            _ = try ReplaySource(path: dir.path + "/422.y4m")
        }
        #expect(
            throws: CaptureError.replayMalformed(
                path: dir.path + "/cut.y4m",
                reason: "truncated inside frame 0: 11 of 16 bytes"
            )
        ) {
            _ = try ReplaySource(path: dir.path + "/cut.y4m")
        }
        #expect(throws: CaptureError.replayMalformed(path: dir.path + "/empty.y4m", reason: "the file is empty")) {
            _ = try ReplaySource(path: dir.path + "/empty.y4m")
        }
        #expect(throws: CaptureError.replayEmpty(path: dir.path)) {
            try dir.removeContents()
            _ = try ReplaySource(path: dir.path)
        }
        let missing = dir.path + "/nowhere"
        do {
            _ = try ReplaySource(path: missing)
            Issue.record("opened a missing path")
        } catch {
            #expect(error.code == "replay_unreadable")
            #expect(error.message.contains(missing))
        }
    }
}
