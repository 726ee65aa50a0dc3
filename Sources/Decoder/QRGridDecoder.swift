/// Reads a QR symbol from its sampled module grid.
///
/// The stages follow ISO/IEC 18004: format information (BCH(15,5), nearest valid word within
/// 3 bit errors, either copy), version information from version 7 on (BCH(18,6), which must
/// name the grid's own version), unmasking, reading codewords in placement order, block
/// de-interleaving, Reed-Solomon correction of errors and erasures in every block, and an exact
/// parse of the segment stream. A grid that fails any stage is tried again transposed (a
/// mirrored symbol). A symbol comes out only when all blocks corrected and the stream parsed.
///
/// The decoder keeps its work buffers, sized for version 40, from one call to the next: a
/// scanner holds one decoder and calls it for every candidate grid in every frame, and a
/// decode that fails allocates nothing. One decoder must not be used from two threads at once.
public final class QRGridDecoder {
    /// Module value for a light module in ``decode(modules:side:)``.
    public static let light: UInt8 = 0
    /// Module value for a dark module in ``decode(modules:side:)``.
    public static let dark: UInt8 = 1
    /// Module value for a module the sampler could not classify.
    ///
    /// Any codeword with such a module becomes a Reed-Solomon erasure, which costs half as much correction as an error;
    /// when a block fails so, only codewords with at least 2, 3, ... such modules are erased (the others read as if
    /// the module were light). Any value other than 0 and 1 counts as unreliable.
    public static let unreliable: UInt8 = 2

    private static let maxSide = QRVersion.max.size
    private static let maxCodewords = QRVersion.max.totalCodewords

    /// Row-major module index of each format bit: 30 per version (copy 0, then copy 1).
    private static let formatIndices: [Int32] = QRVersion.all.flatMap { version in
        (0..<2).flatMap { copy in
            QRLayout.formatPositions(size: version.size, copy: copy).map { Int32($0.row * version.size + $0.column) }
        }
    }
    /// Row-major module index of each version bit: 36 per version (copy 0, then copy 1).
    private static let versionIndices: [Int32] = QRVersion.all.flatMap { version in
        (0..<2).flatMap { copy in
            QRLayout.versionPositions(size: version.size, copy: copy).map { Int32($0.row * version.size + $0.column) }
        }
    }

    private let oriented: UnsafeMutableBufferPointer<UInt8>
    private let maskPlane: UnsafeMutableBufferPointer<UInt8>
    private var maskPlaneKey = (side: 0, mask: -1)
    private let codewords: UnsafeMutableBufferPointer<UInt8>
    /// Per codeword in placement order: how many of its modules are unreliable (0: none).
    private let erased: UnsafeMutableBufferPointer<UInt8>
    private let blocks: UnsafeMutableBufferPointer<UInt8>
    private let blockErased: UnsafeMutableBufferPointer<UInt8>
    private let data: UnsafeMutableBufferPointer<UInt8>
    private let erasurePositions: UnsafeMutableBufferPointer<Int>
    private let reedSolomon = ReedSolomonDecoder()
    /// Set for one ``decodeResult(modules:side:erasureSlack:)`` call: added to the protection.
    private var erasureSlack = 0

    /// Creates a decoder with work buffers for the largest symbol.
    public init() {
        let modules = Self.maxSide * Self.maxSide
        oriented = .allocate(capacity: modules)
        oriented.initialize(repeating: 0)
        maskPlane = .allocate(capacity: modules)
        maskPlane.initialize(repeating: 0)
        codewords = .allocate(capacity: Self.maxCodewords)
        codewords.initialize(repeating: 0)
        erased = .allocate(capacity: Self.maxCodewords)
        erased.initialize(repeating: 0)
        blocks = .allocate(capacity: Self.maxCodewords)
        blocks.initialize(repeating: 0)
        blockErased = .allocate(capacity: Self.maxCodewords)
        blockErased.initialize(repeating: 0)
        data = .allocate(capacity: Self.maxCodewords)
        data.initialize(repeating: 0)
        erasurePositions = .allocate(capacity: ReedSolomonDecoder.maxLength + 1)
        erasurePositions.initialize(repeating: 0)
    }

    deinit {
        oriented.deallocate()
        maskPlane.deallocate()
        codewords.deallocate()
        erased.deallocate()
        blocks.deallocate()
        blockErased.deallocate()
        data.deallocate()
        erasurePositions.deallocate()
    }

    /// Decodes a module matrix.
    ///
    /// - Parameter matrix: The symbol's modules without quiet zone, top-left first.
    /// - Returns: The symbol.
    /// - Throws: ``QRDecodeError`` naming the stage that failed.
    public func decode(_ matrix: QRMatrix) throws(QRDecodeError) -> QRSymbol {
        let side = matrix.size
        let version = try Self.version(side: side, modules: matrix.modules.count)
        matrix.modules.withUnsafeBufferPointer { source in
            for index in 0..<side * side { oriented[index] = source[index] ? 1 : 0 }
        }
        return try decodeBothOrientations(UnsafeBufferPointer(oriented), side: side, version: version, copied: true)
            .get()
    }

    /// Decodes a grid of module values: ``light``, ``dark`` or ``unreliable``.
    ///
    /// - Parameters:
    ///   - modules: `side * side` values, row by row, top-left first; read, not kept.
    ///   - side: Modules per side.
    /// - Returns: The symbol.
    /// - Throws: ``QRDecodeError`` naming the stage that failed.
    public func decode(modules: UnsafeBufferPointer<UInt8>, side: Int) throws(QRDecodeError) -> QRSymbol {
        let version = try Self.version(side: side, modules: modules.count)
        return try decodeBothOrientations(modules, side: side, version: version, copied: false).get()
    }

    /// Decodes a grid of module values: ``light``, ``dark`` or ``unreliable``.
    ///
    /// - Parameters:
    ///   - modules: `side * side` values, row by row, top-left first.
    ///   - side: Modules per side.
    /// - Returns: The symbol.
    /// - Throws: ``QRDecodeError`` naming the stage that failed.
    public func decode(modules: [UInt8], side: Int) throws(QRDecodeError) -> QRSymbol {
        let version = try Self.version(side: side, modules: modules.count)
        return try modules.withUnsafeBufferPointer { (pointer) throws(QRDecodeError) -> QRSymbol in
            try decodeBothOrientations(pointer, side: side, version: version, copied: false).get()
        }
    }

    /// Decodes a grid of module values without throwing, for callers in this module that try
    /// many candidates per frame (a throw costs more than a returned value when a throw hook,
    /// such as a test runner's backtrace capture, is installed).
    ///
    /// - Parameters:
    ///   - modules: `side * side` values, row by row, top-left first; read, not kept.
    ///   - side: Modules per side.
    ///   - erasureSlack: Codewords each block's correction must leave unused on top of the
    ///     standard's misdecode protection (for grids with many erasures).
    /// - Returns: The symbol, or the error ``decode(modules:side:)`` would throw.
    func decodeResult(
        modules: UnsafeBufferPointer<UInt8>,
        side: Int,
        erasureSlack: Int = 0
    ) -> Result<QRSymbol, QRDecodeError> {
        guard side >= 21, side <= Self.maxSide, (side - 17) % 4 == 0, modules.count == side * side else {
            return .failure(.size(side: side, modules: modules.count))
        }
        let version = QRVersion(unchecked: (side - 17) / 4)
        self.erasureSlack = erasureSlack
        defer { self.erasureSlack = 0 }
        return decodeBothOrientations(modules, side: side, version: version, copied: false)
    }

    private static func version(side: Int, modules: Int) throws(QRDecodeError) -> QRVersion {
        guard side >= 21, side <= maxSide, (side - 17) % 4 == 0, modules == side * side else {
            throw .size(side: side, modules: modules)
        }
        return QRVersion(unchecked: (side - 17) / 4)
    }

    /// Tries the grid upright, then transposed; reports the error of the attempt that got further.
    ///
    /// - Parameters:
    ///   - modules: The grid as given.
    ///   - side: Modules per side.
    ///   - version: The version the side implies.
    ///   - copied: Whether `modules` is `oriented` itself (then a transpose is made in place).
    /// - Returns: The symbol, or the more informative of the two errors.
    private func decodeBothOrientations(
        _ modules: UnsafeBufferPointer<UInt8>,
        side: Int,
        version: QRVersion,
        copied: Bool
    ) -> Result<QRSymbol, QRDecodeError> {
        // Results, not throws, inside: a failed grid is the common case in a camera loop, and
        // one throw at the public boundary is all it costs.
        let upright = decodeOriented(modules, version: version, transposed: false, copied: copied)
        guard case .failure(let uprightError) = upright else { return upright }
        let mirrored = decodeOriented(modules, version: version, transposed: true, copied: copied)
        guard case .failure(let mirroredError) = mirrored else { return mirrored }
        return .failure(mirroredError.stage > uprightError.stage ? mirroredError : uprightError)
    }

    /// Reads the grid as a Model 2 symbol and, where that fails on a grid of a Model 1 size whose
    /// format information reads as Model 1 (see below), as a Model 1 symbol; reports the Model 2 error.
    private func decodeOriented(
        _ modules: UnsafeBufferPointer<UInt8>,
        version: QRVersion,
        transposed: Bool,
        copied: Bool
    ) -> Result<QRSymbol, QRDecodeError> {
        var transposedInPlace = false
        let model2 = decodeModel2(
            modules,
            version: version,
            transposed: transposed,
            copied: copied,
            transposedInPlace: &transposedInPlace
        )
        guard case .failure = model2, version.rawValue <= QRModel1.maxVersion else { return model2 }
        // A grid `copied` into `oriented` and transposed there by the Model 2 attempt reads upright now.
        let readTransposed = transposed && !transposedInPlace
        let first = readFormat(
            modules,
            version: version,
            copy: 0,
            transposed: readTransposed,
            xor: QRModel1.formatMaskDifference
        )
        let second = readFormat(
            modules,
            version: version,
            copy: 1,
            transposed: readTransposed,
            xor: QRModel1.formatMaskDifference
        )
        // Stricter than Model 2: both copies must name the same format, or one must read without an error. Within 3
        // bit errors one of 32 words matches over half of all 15-bit words, so a random grid (the common case in a
        // camera loop) would otherwise cost a second full decode about half the time; this way about one in a hundred.
        let format: FormatInformation
        switch (first, second) {
        case (let a?, let b?) where a.info == b.info: format = a.info
        case (let a?, _) where a.cost == 0: format = a.info
        case (_, let b?) where b.cost == 0: format = b.info
        default: return model2
        }
        var grid = modules
        if readTransposed {
            transpose(modules, side: version.size, copied: copied)
            grid = UnsafeBufferPointer(oriented)
        } else if transposedInPlace {
            grid = UnsafeBufferPointer(oriented)
        }
        let result = decodeModel1Data(grid, version: version, format: format, mirrored: transposed)
        guard case .success = result else { return model2 }
        return result
    }

    /// Writes the transpose of `modules` into `oriented` (in place when `modules` is `oriented`).
    private func transpose(_ modules: UnsafeBufferPointer<UInt8>, side: Int, copied: Bool) {
        if copied {
            for row in 0..<side {
                for column in (row + 1)..<side { oriented.swapAt(row * side + column, column * side + row) }
            }
        } else {
            for row in 0..<side {
                for column in 0..<side { oriented[column * side + row] = modules[row * side + column] }
            }
        }
    }

    /// Reads format and version information through an index map (cheap, so random grids are
    /// rejected without touching the rest), and only then transposes the grid if needed.
    private func decodeModel2(
        _ modules: UnsafeBufferPointer<UInt8>,
        version: QRVersion,
        transposed: Bool,
        copied: Bool,
        transposedInPlace: inout Bool
    ) -> Result<QRSymbol, QRDecodeError> {
        // Format information: the better copy first; a different format from the other copy second.
        let first = readFormat(modules, version: version, copy: 0, transposed: transposed)
        let second = readFormat(modules, version: version, copy: 1, transposed: transposed)
        let best: FormatInformation
        var alternative: FormatInformation?
        switch (first, second) {
        case (nil, nil):
            return .failure(.formatInformation)
        case (let only?, nil), (nil, let only?):
            best = only.info
        case (let a?, let b?):
            best = a.cost <= b.cost ? a.info : b.info
            if a.info != b.info { alternative = a.cost <= b.cost ? b.info : a.info }
        }

        if version.rawValue >= 7 {
            let a = readVersion(modules, version: version, copy: 0, transposed: transposed)
            let b = readVersion(modules, version: version, copy: 1, transposed: transposed)
            if a?.version != version && b?.version != version {
                let read = (a?.cost ?? Int.max) <= (b?.cost ?? Int.max) ? a?.version : b?.version
                return .failure(.versionInformation(gridVersion: version, read: read))
            }
        }

        var grid = modules
        if transposed {
            transpose(modules, side: version.size, copied: copied)
            transposedInPlace = copied
            grid = UnsafeBufferPointer(oriented)
        }

        let result = decodeData(grid, version: version, format: best, mirrored: transposed)
        guard case .failure(let error) = result, let alternative else { return result }
        let retry = decodeData(grid, version: version, format: alternative, mirrored: transposed)
        guard case .failure(let secondError) = retry else { return retry }
        return .failure(secondError.stage > error.stage ? secondError : error)
    }

    /// The module at a row-major index of the symbol, read from a possibly transposed grid.
    @inline(__always)
    private func module(_ modules: UnsafeBufferPointer<UInt8>, _ index: Int32, side: Int, transposed: Bool) -> UInt8 {
        let index = Int(index)
        return modules[transposed ? (index % side) * side + index / side : index]
    }

    private func readFormat(
        _ modules: UnsafeBufferPointer<UInt8>,
        version: QRVersion,
        copy: Int,
        transposed: Bool,
        xor: UInt16 = 0
    ) -> (info: FormatInformation, cost: Int)? {
        var word: UInt16 = 0
        var unreadable: UInt16 = 0
        let base = (version.rawValue - 1) * 30 + copy * 15
        for bit in 0..<15 {
            let value = module(modules, Self.formatIndices[base + bit], side: version.size, transposed: transposed)
            if value > 1 { unreadable |= 1 << bit } else { word |= UInt16(value) << bit }
        }
        return FormatInformation.nearest(to: word ^ xor, unreadable: unreadable)
    }

    private func readVersion(
        _ modules: UnsafeBufferPointer<UInt8>,
        version: QRVersion,
        copy: Int,
        transposed: Bool
    ) -> (version: QRVersion, cost: Int)? {
        var word: UInt32 = 0
        var unreadable: UInt32 = 0
        let base = (version.rawValue - 1) * 36 + copy * 18
        for bit in 0..<18 {
            let value = module(modules, Self.versionIndices[base + bit], side: version.size, transposed: transposed)
            if value > 1 { unreadable |= 1 << bit } else { word |= UInt32(value) << bit }
        }
        return VersionInformation.nearest(to: word, unreadable: unreadable)
    }

    /// Fills `maskPlane` with 1 where the mask flips a module; kept while side and mask repeat.
    private func prepareMaskPlane(side: Int, mask: QRMask) {
        guard maskPlaneKey.side != side || maskPlaneKey.mask != mask.rawValue else { return }
        // One loop per mask (ISO/IEC 18004 table 10) so the condition is not re-dispatched per module.
        var index = 0
        func fill(_ flips: (Int, Int) -> Bool) {
            for row in 0..<side {
                for column in 0..<side {
                    maskPlane[index] = flips(row, column) ? 1 : 0
                    index += 1
                }
            }
        }
        switch mask.rawValue {
        case 0: fill { (i, j) in (i + j) % 2 == 0 }
        case 1: fill { (i, _) in i % 2 == 0 }
        case 2: fill { (_, j) in j % 3 == 0 }
        case 3: fill { (i, j) in (i + j) % 3 == 0 }
        case 4: fill { (i, j) in (i / 2 + j / 3) % 2 == 0 }
        case 5: fill { (i, j) in (i * j) % 2 + (i * j) % 3 == 0 }
        case 6: fill { (i, j) in ((i * j) % 2 + (i * j) % 3) % 2 == 0 }
        default: fill { (i, j) in ((i + j) % 2 + (i * j) % 3) % 2 == 0 }
        }
        maskPlaneKey = (side, mask.rawValue)
    }

    private func decodeData(
        _ modules: UnsafeBufferPointer<UInt8>,
        version: QRVersion,
        format: FormatInformation,
        mirrored: Bool
    ) -> Result<QRSymbol, QRDecodeError> {
        let side = version.size
        prepareMaskPlane(side: side, mask: format.mask)
        let total = version.totalCodewords
        let layout = QRLayout.of(version)

        // Unmask and read codewords in placement order; a codeword with an unreliable module is erased.
        layout.dataBitPositions.withUnsafeBufferPointer { positions in
            var bit = 0
            for index in 0..<total {
                var value = 0
                var unreliable: UInt8 = 0
                for _ in 0..<8 {
                    let position = Int(positions[bit])
                    let module = modules[position]
                    unreliable &+= module > 1 ? 1 : 0
                    value = value << 1 | Int((module ^ maskPlane[position]) & 1)
                    bit += 1
                }
                codewords[index] = UInt8(value)
                erased[index] = unreliable
            }
        }

        // De-interleave: data codewords round-robin over the blocks (long blocks take one more),
        // then error-correction codewords round-robin.
        let layoutOfBlocks = version.blocks(format.level)
        let blockCount = layoutOfBlocks.blockCount
        let shortData = layoutOfBlocks.shortBlockDataCodewords
        let ec = layoutOfBlocks.ecCodewordsPerBlock
        let shortCount = layoutOfBlocks.shortBlockCount
        @inline(__always) func start(_ block: Int) -> Int {
            block * (shortData + ec) + Swift.max(0, block - shortCount)
        }
        var source = 0
        for offset in 0...shortData {
            for block in 0..<blockCount where offset < layoutOfBlocks.dataCodewords(inBlock: block) {
                blocks[start(block) + offset] = codewords[source]
                blockErased[start(block) + offset] = erased[source]
                source += 1
            }
        }
        for offset in 0..<ec {
            for block in 0..<blockCount {
                let target = start(block) + layoutOfBlocks.dataCodewords(inBlock: block) + offset
                blocks[target] = codewords[source]
                blockErased[target] = erased[source]
                source += 1
            }
        }

        // Correct every block, then gather the data codewords.
        let protection = ReedSolomonDecoder.misdecodeProtection(version, format.level) + erasureSlack
        var corrected = 0
        var dataCount = 0
        for block in 0..<blockCount {
            let dataLength = layoutOfBlocks.dataCodewords(inBlock: block)
            let length = dataLength + ec
            let first = start(block)
            let slice = UnsafeMutableBufferPointer(rebasing: blocks[first..<first + length])
            // Every codeword with an unreliable module an erasure first; when that fails (too
            // many, with a glare's clipped patch), only those with at least 2, 3, ... unreliable
            // modules: a codeword with one doubtful module is more often right than not, and an
            // erasure kept costs as much as half an error.
            var weight: UInt8 = 1
            var outcome: Int?
            var tried = -1
            while outcome == nil && weight <= 8 {
                var erasureCount = 0
                for offset in 0..<length where blockErased[first + offset] >= weight {
                    erasurePositions[erasureCount] = offset
                    erasureCount += 1
                }
                // The sets shrink as the weight grows; one no smaller than the last was tried.
                if erasureCount != tried {
                    tried = erasureCount
                    outcome = reedSolomon.correct(
                        slice,
                        ecCount: ec,
                        erasures: UnsafeBufferPointer(rebasing: erasurePositions[0..<erasureCount]),
                        protection: protection
                    )
                }
                if erasureCount == 0 { break }
                weight += 1
            }
            guard let changed = outcome else { return .failure(.reedSolomon(block: block, blocks: blockCount)) }
            corrected += changed
            for offset in 0..<dataLength { data[dataCount + offset] = slice[offset] }
            dataCount += dataLength
        }

        let stream: SegmentStream
        do {
            // Pad codewords other than 0xEC/0x11 (some encoders write their own) are accepted
            // only from a symbol that needed no correction: there they cannot be a miscorrection.
            stream = try SegmentStream.parse(
                UnsafeBufferPointer(rebasing: data[0..<dataCount]),
                version: version,
                exactPadding: corrected > 0
            )
        } catch {
            return .failure(error)
        }
        return .success(
            QRSymbol(
                payload: stream.segments.flatMap(\.bytes),
                text: PayloadText.text(of: stream.segments),
                version: version,
                level: format.level,
                mask: format.mask,
                mirrored: mirrored,
                segments: stream.segments,
                structuredAppend: stream.structuredAppend,
                eci: stream.firstECI,
                correctedCodewords: corrected,
                fnc1: stream.fnc1
            )
        )
    }
    /// Reads a Model 1 symbol's codewords, corrects its blocks and parses its stream (see ``QRModel1``).
    private func decodeModel1Data(
        _ modules: UnsafeBufferPointer<UInt8>,
        version: QRVersion,
        format: FormatInformation,
        mirrored: Bool
    ) -> Result<QRSymbol, QRDecodeError> {
        guard let layout = QRModel1.blocks(version, format.level) else { return .failure(.formatInformation) }
        prepareMaskPlane(side: version.size, mask: format.mask)

        // Codewords in placement order, which is block order: every block's data, then every block's error
        // correction. The top nibble of codeword 0 (the bottom-right 2x2 corner) carries no data: read as zero.
        let total = layout.count * (layout.ec + layout.data)
        QRModel1.codewordModules[version.rawValue - 1].withUnsafeBufferPointer { positions in
            for index in 0..<total {
                var value = 0
                var unreliable: UInt8 = 0
                for bit in 0..<8 {
                    let position = Int(positions[index * 8 + bit])
                    let module = modules[position]
                    if index == 0 && bit < 4 { continue }
                    unreliable &+= module > 1 ? 1 : 0
                    value = value << 1 | Int((module ^ maskPlane[position]) & 1)
                }
                codewords[index] = UInt8(value)
                erased[index] = unreliable
            }
        }
        let dataTotal = layout.count * layout.data
        for block in 0..<layout.count {
            let first = block * (layout.data + layout.ec)
            for offset in 0..<layout.data {
                blocks[first + offset] = codewords[block * layout.data + offset]
                blockErased[first + offset] = erased[block * layout.data + offset]
            }
            for offset in 0..<layout.ec {
                blocks[first + layout.data + offset] = codewords[dataTotal + block * layout.ec + offset]
                blockErased[first + layout.data + offset] = erased[dataTotal + block * layout.ec + offset]
            }
        }

        let protection = QRModel1.misdecodeProtection(ecCodewords: layout.ec) + erasureSlack
        let length = layout.data + layout.ec
        var corrected = 0
        for block in 0..<layout.count {
            let first = block * length
            let slice = UnsafeMutableBufferPointer(rebasing: blocks[first..<first + length])
            var erasureCount = 0
            for offset in 0..<length where blockErased[first + offset] > 0 {
                erasurePositions[erasureCount] = offset
                erasureCount += 1
            }
            var outcome = reedSolomon.correct(
                slice,
                ecCount: layout.ec,
                erasures: UnsafeBufferPointer(rebasing: erasurePositions[0..<erasureCount]),
                protection: protection
            )
            if outcome == nil && erasureCount > 0 {
                outcome = reedSolomon.correct(
                    slice,
                    ecCount: layout.ec,
                    erasures: UnsafeBufferPointer(rebasing: erasurePositions[0..<0]),
                    protection: protection
                )
            }
            guard let changed = outcome else { return .failure(.reedSolomon(block: block, blocks: layout.count)) }
            corrected += changed
            for offset in 0..<layout.data { data[block * layout.data + offset] = slice[offset] }
        }

        let stream: SegmentStream
        do {
            stream = try SegmentStream.parse(
                UnsafeBufferPointer(rebasing: data[0..<dataTotal]),
                version: version,
                exactPadding: corrected > 0,
                model1: true
            )
        } catch {
            return .failure(error)
        }
        var symbol = QRSymbol(
            payload: stream.segments.flatMap(\.bytes),
            text: PayloadText.text(of: stream.segments),
            version: version,
            level: format.level,
            mask: format.mask,
            mirrored: mirrored,
            segments: stream.segments,
            structuredAppend: stream.structuredAppend,
            eci: nil,
            correctedCodewords: corrected,
            fnc1: stream.fnc1
        )
        symbol.isModel1 = true
        return .success(symbol)
    }
}
