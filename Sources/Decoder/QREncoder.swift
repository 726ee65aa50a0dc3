/// Encodes text, bytes or segments as a QR Code Model 2 symbol (ISO/IEC 18004).
///
/// Picks the smallest version in the allowed range that holds the data at the level (unless
/// one is forced), segments text optimally for that version, and picks the mask with the
/// lowest penalty (unless one is forced). For the same segments, version, level and mask the
/// matrix is bit for bit the one segno 1.6 makes (see `tools/make_segno_fixture.py`).
public struct QREncoder: Sendable {
    /// The error-correction level; M by default.
    public var level: ErrorCorrectionLevel
    /// A version to use instead of the smallest that fits.
    public var version: QRVersion?
    /// A mask to use instead of the one with the lowest penalty.
    public var mask: QRMask?
    /// The smallest version to consider.
    public var minimumVersion: QRVersion
    /// The largest version to consider.
    public var maximumVersion: QRVersion
    /// How text becomes bytes in byte segments, and the ECI that announces it.
    public var textEncoding: QRTextEncoding
    /// Whether text may use Kanji mode for Shift JIS double-byte characters.
    public var kanjiMode: Bool

    /// Creates an encoder.
    ///
    /// - Parameters:
    ///   - level: The error-correction level.
    ///   - version: A version to force, or `nil` for the smallest that fits.
    ///   - mask: A mask to force, or `nil` for the lowest penalty.
    ///   - minimumVersion: The smallest version to consider.
    ///   - maximumVersion: The largest version to consider.
    ///   - textEncoding: How text becomes bytes in byte segments.
    ///   - kanjiMode: Whether text may use Kanji mode.
    public init(
        level: ErrorCorrectionLevel = .medium,
        version: QRVersion? = nil,
        mask: QRMask? = nil,
        minimumVersion: QRVersion = .min,
        maximumVersion: QRVersion = .max,
        textEncoding: QRTextEncoding = .utf8,
        kanjiMode: Bool = true
    ) {
        self.level = level
        self.version = version
        self.mask = mask
        self.minimumVersion = minimumVersion
        self.maximumVersion = maximumVersion
        self.textEncoding = textEncoding
        self.kanjiMode = kanjiMode
    }

    /// Encodes text with the optimal segmentation for the chosen version.
    ///
    /// - Parameters:
    ///   - text: The payload.
    ///   - structuredAppend: A header that makes the symbol part of a set.
    /// - Returns: The symbol.
    /// - Throws: ``QREncodeError/notEncodable(_:index:encoding:)``, ``QREncodeError/dataTooLong(bits:capacity:version:level:)``
    ///   or ``QREncodeError/invalidVersionRange(minimum:maximum:)``.
    public func encode(_ text: String, structuredAppend: StructuredAppend? = nil) throws(QREncodeError) -> QRCode {
        // Plan once per version range, and only for the ranges the version search reaches.
        var byRange: [[QRSegment]?] = [nil, nil, nil]
        return try encode(structuredAppend) { (version) throws(QREncodeError) in
            let range = QRSegment.Mode.versionRange(of: version)
            if let segments = byRange[range] { return segments }
            let segments = try QRSegmentation.segments(
                forText: text,
                encoding: textEncoding,
                kanji: kanjiMode,
                version: version
            )
            byRange[range] = segments
            return segments
        }
    }

    /// Encodes bytes with the optimal segmentation (numeric, alphanumeric and byte modes).
    ///
    /// - Parameters:
    ///   - bytes: The payload.
    ///   - structuredAppend: A header that makes the symbol part of a set.
    /// - Returns: The symbol.
    /// - Throws: ``QREncodeError/dataTooLong(bits:capacity:version:level:)`` or
    ///   ``QREncodeError/invalidVersionRange(minimum:maximum:)``.
    public func encode(bytes: [UInt8], structuredAppend: StructuredAppend? = nil) throws(QREncodeError) -> QRCode {
        var byRange: [[QRSegment]?] = [nil, nil, nil]
        return try encode(structuredAppend) { version in
            let range = QRSegment.Mode.versionRange(of: version)
            if let segments = byRange[range] { return segments }
            let segments = QRSegmentation.segments(forBytes: bytes, version: version)
            byRange[range] = segments
            return segments
        }
    }

    /// Encodes the given segments as they are.
    ///
    /// - Parameters:
    ///   - segments: The segments, written in order.
    ///   - structuredAppend: A header that makes the symbol part of a set.
    /// - Returns: The symbol.
    /// - Throws: ``QREncodeError/segmentTooLong(mode:characterCount:maximum:version:)``,
    ///   ``QREncodeError/dataTooLong(bits:capacity:version:level:)`` or
    ///   ``QREncodeError/invalidVersionRange(minimum:maximum:)``.
    public func encode(
        segments: [QRSegment],
        structuredAppend: StructuredAppend? = nil
    ) throws(QREncodeError)
        -> QRCode
    {
        try encode(structuredAppend) { _ in segments }
    }

    private func encode(
        _ structuredAppend: StructuredAppend?,
        segmentsFor: (QRVersion) throws(QREncodeError) -> [QRSegment]
    ) throws(QREncodeError) -> QRCode {
        let candidates: [QRVersion]
        if let version {
            guard minimumVersion <= version, version <= maximumVersion else {
                throw .invalidVersionRange(minimum: minimumVersion, maximum: maximumVersion)
            }
            candidates = [version]
        } else {
            guard minimumVersion <= maximumVersion else {
                throw .invalidVersionRange(minimum: minimumVersion, maximum: maximumVersion)
            }
            candidates = Array(QRVersion.all[(minimumVersion.rawValue - 1)..<maximumVersion.rawValue])
        }
        for (index, version) in candidates.enumerated() {
            let segments = try segmentsFor(version)
            let header = structuredAppend == nil ? 0 : StructuredAppend.bitLength
            let bits = header + QRSegmentation.bitLength(of: segments, in: version)
            let capacity = version.dataCodewords(level) * 8
            let isLast = index == candidates.count - 1
            if bits > capacity {
                if isLast { throw .dataTooLong(bits: bits, capacity: capacity, version: version, level: level) }
                continue
            }
            // Unreachable with the standard's capacities (a count that overflows needs more
            // bits than the version holds); kept so a malformed stream can never be written.
            if let overflow = QREncoder.countOverflow(segments, version: version) {
                if isLast { throw overflow }
                continue
            }
            let stream = QREncoder.dataStream(
                segments,
                structuredAppend: structuredAppend,
                version: version,
                level: level
            )
            let codewords = QREncoder.interleave(stream, layout: version.blocks(level))
            let (matrix, mask) = QREncoder.matrix(codewords, version: version, level: level, mask: mask)
            return QRCode(
                matrix: matrix,
                version: version,
                level: level,
                mask: mask,
                segments: segments,
                structuredAppend: structuredAppend
            )
        }
        preconditionFailure("the candidate versions are never empty")
    }

    /// The first segment whose character count does not fit its count field, as an error.
    private static func countOverflow(_ segments: [QRSegment], version: QRVersion) -> QREncodeError? {
        for segment in segments where segment.mode != .eci {
            let maximum = 1 << segment.mode.characterCountBits(in: version) - 1
            if segment.characterCount > maximum {
                return .segmentTooLong(
                    mode: segment.mode,
                    characterCount: segment.characterCount,
                    maximum: maximum,
                    version: version
                )
            }
        }
        return nil
    }

    /// The data codewords: header, segments, terminator, bit padding, pad codewords (7.4.9, 7.4.10).
    static func dataStream(
        _ segments: [QRSegment],
        structuredAppend: StructuredAppend?,
        version: QRVersion,
        level: ErrorCorrectionLevel
    ) -> [UInt8] {
        let capacity = version.dataCodewords(level) * 8
        var bits = BitBuffer()
        if let structuredAppend {
            bits.append(0b0011, width: 4)
            bits.append(UInt32(structuredAppend.position), width: 4)
            bits.append(UInt32(structuredAppend.total - 1), width: 4)
            bits.append(UInt32(structuredAppend.parity), width: 8)
        }
        for segment in segments { write(segment, version: version, into: &bits) }
        precondition(bits.count <= capacity, "data stream of \(bits.count) bits exceeds \(capacity)")
        bits.append(0, width: Swift.min(4, capacity - bits.count))
        while bits.count % 8 != 0 { bits.appendBit(false) }
        var bytes = bits.bytes
        var pad: UInt8 = 0xEC
        while bytes.count < capacity / 8 {
            bytes.append(pad)
            pad ^= 0xEC ^ 0x11
        }
        return bytes
    }

    /// Writes one segment: mode indicator, character count, data (7.4.2-7.4.6).
    static func write(_ segment: QRSegment, version: QRVersion, into bits: inout BitBuffer) {
        bits.append(UInt32(segment.mode.rawValue), width: 4)
        if segment.mode == .eci {
            let designator = segment.eci ?? .iso8859_1
            bits.append(designator.encoded.value, width: designator.encoded.bitCount)
            return
        }
        bits.append(UInt32(segment.characterCount), width: segment.mode.characterCountBits(in: version))
        let data = segment.data
        switch segment.mode {
        case .numeric:
            var i = 0
            while i < data.count {
                let n = Swift.min(3, data.count - i)
                var value: UInt32 = 0
                for k in i..<(i + n) { value = value * 10 + UInt32(data[k] - 0x30) }
                bits.append(value, width: 3 * n + 1)
                i += n
            }
        case .alphanumeric:
            let values = data.map { UInt32(QRSegment.alphanumericValue(Unicode.Scalar($0)) ?? 0) }
            var i = 0
            while i + 1 < values.count {
                bits.append(values[i] * 45 + values[i + 1], width: 11)
                i += 2
            }
            if i < values.count { bits.append(values[i], width: 6) }
        case .byte:
            for byte in data { bits.append(UInt32(byte), width: 8) }
        case .kanji:
            for code in segment.kanjiCodes {
                let offset = UInt32(code) - (code <= 0x9FFC ? 0x8140 : 0xC140)
                bits.append((offset >> 8) * 0xC0 + (offset & 0xFF), width: 13)
            }
        case .eci:
            break
        }
    }

    /// Splits the data codewords into blocks, appends each block's error correction and
    /// interleaves: data codeword i of every block, then EC codeword i of every block (7.6).
    static func interleave(_ data: [UInt8], layout: BlockLayout) -> [UInt8] {
        let encoder =
            ReedSolomonEncoder.byDegree[layout.ecCodewordsPerBlock]
            ?? ReedSolomonEncoder(
                degree: layout.ecCodewordsPerBlock
            )
        var dataBlocks: [ArraySlice<UInt8>] = []
        var ecBlocks: [[UInt8]] = []
        var offset = 0
        for block in 0..<layout.blockCount {
            let count = layout.dataCodewords(inBlock: block)
            let slice = data[offset..<(offset + count)]
            dataBlocks.append(slice)
            ecBlocks.append(encoder.remainder(of: slice))
            offset += count
        }
        var result: [UInt8] = []
        result.reserveCapacity(data.count + layout.blockCount * layout.ecCodewordsPerBlock)
        for i in 0...layout.shortBlockDataCodewords {
            for block in dataBlocks where i < block.count { result.append(block[block.startIndex + i]) }
        }
        for i in 0..<layout.ecCodewordsPerBlock {
            for block in ecBlocks { result.append(block[i]) }
        }
        return result
    }

    /// Places the codewords, chooses or applies the mask, and writes format and version information.
    static func matrix(
        _ codewords: [UInt8],
        version: QRVersion,
        level: ErrorCorrectionLevel,
        mask forcedMask: QRMask?
    ) -> (QRMatrix, QRMask) {
        let layout = QRLayout.of(version)
        let size = layout.size
        let unmasked = unmaskedGrid(codewords, layout: layout)
        var chosen = forcedMask ?? QRMask(unchecked: 0)
        var modules = apply(chosen, to: unmasked, layout: layout)
        if forcedMask == nil {
            var best = MaskPenalty(modules: modules, size: size).total
            for mask in QRMask.all.dropFirst() {
                let candidate = apply(mask, to: unmasked, layout: layout)
                let score = MaskPenalty(modules: candidate, size: size).total
                if score < best {
                    best = score
                    chosen = mask
                    modules = candidate
                }
            }
        }
        var matrix = QRMatrix(size: size)
        for row in 0..<size {
            for column in 0..<size where modules[row * size + column] { matrix[row, column] = true }
        }
        matrix[size - 8, 8] = true
        let format = FormatInformation(level: level, mask: chosen).bits
        for copy in 0..<2 {
            for (i, (row, column)) in QRLayout.formatPositions(size: size, copy: copy).enumerated() {
                matrix[row, column] = format >> UInt16(i) & 1 == 1
            }
        }
        if version.rawValue >= 7 {
            let bits = VersionInformation.bits(version)
            for copy in 0..<2 {
                for (i, (row, column)) in QRLayout.versionPositions(size: size, copy: copy).enumerated() {
                    matrix[row, column] = bits >> UInt32(i) & 1 == 1
                }
            }
        }
        return (matrix, chosen)
    }

    /// The grid as segno scores masks: function patterns and data, with every module that the
    /// format and version information (and the dark module) will occupy still light.
    static func unmaskedGrid(_ codewords: [UInt8], layout: QRLayout) -> [Bool] {
        let size = layout.size
        var grid = layout.functionPattern.modules
        grid[(size - 8) * size + 8] = false
        for (k, position) in layout.dataBitPositions.prefix(codewords.count * 8).enumerated() {
            grid[Int(position)] = codewords[k / 8] & (0x80 >> UInt8(k % 8)) != 0
        }
        return grid
    }

    /// The grid with `mask` applied to its data modules (remainder bits included).
    static func apply(_ mask: QRMask, to grid: [Bool], layout: QRLayout) -> [Bool] {
        var modules = grid
        let size = layout.size
        layout.isFunction.withUnsafeBufferPointer { isFunction in
            modules.withUnsafeMutableBufferPointer { modules in
                for row in 0..<size {
                    let rowStart = row * size
                    for column in 0..<size where !isFunction[rowStart + column] {
                        if mask.flips(row: row, column: column) { modules[rowStart + column].toggle() }
                    }
                }
            }
        }
        return modules
    }
}
