import CaptureV4L2

/// The `[camera]` and `[scanner]` sections: where frames come from and how they are scanned.
struct CameraSettings: Sendable, Equatable {
    enum Source: Sendable, Equatable {
        /// No camera: the kiosk takes typed codes and codes sent over the socket only.
        case none
        /// Rendered cards carrying the payloads listed in a file (the demo and tests).
        case synthetic(codesFile: String)
        /// A directory of PGM frames or a Y4M file, played in a loop at its own rate.
        case replay(path: String)
        /// A V4L2 camera, by device or stable by-id path.
        case device(String)
    }

    var source: Source = .none
    var size = FrameSize(width: 640, height: 480)
    var framesPerSecond = 30
    /// A pixel format to insist on (`GREY`, `YUYV`, `NV12`, `MJPG`, ...), or `nil` to let the capture choose.
    var pixelFormat: FourCC?
    var controls = CameraControls()
    var maximumVersion = 40
    var dedupHold: Duration = .seconds(2)
    /// Lowers the exposure when the code's region is saturated and restores it (a manual
    /// `exposure` is needed); `nil`: off.
    var glare: GlareResponse.Limits?

    static func read(_ reader: inout ConfigReader) throws(ConfigError) -> CameraSettings {
        var settings = CameraSettings()
        let sourceText = reader.string("camera.source", default: "none")
        switch sourceText {
        case "none":
            settings.source = .none
        case "synthetic":
            guard let file = reader.optionalString("camera.synthetic_codes") else {
                throw reader.missing("camera.synthetic_codes", because: "camera.source = synthetic needs a file of payloads to show")
            }
            settings.source = .synthetic(codesFile: file)
        case let text where text.hasPrefix("replay:"):
            settings.source = .replay(path: String(text.dropFirst("replay:".count)))
        case let text where text.hasPrefix("/dev/"):
            settings.source = .device(text)
        default:
            throw reader.invalid("camera.source", "expected none, synthetic, replay:PATH or a /dev/ path, found '\(sourceText)'")
        }
        if case .synthetic = settings.source {} else if reader.optionalString("camera.synthetic_codes") != nil {
            throw reader.invalid("camera.synthetic_codes", "is only used with camera.source = synthetic")
        }
        settings.size = FrameSize(
            width: try reader.integer("camera.width", default: 640, in: 160...4096),
            height: try reader.integer("camera.height", default: 480, in: 120...4096))
        settings.framesPerSecond = try reader.integer("camera.fps", default: 30, in: 1...120)
        if let text = reader.optionalString("camera.format") {
            guard let format = FourCC(text) else {
                throw reader.invalid("camera.format", "expected a four-character pixel format such as GREY, YUYV, NV12 or MJPG, found '\(text)'")
            }
            settings.pixelFormat = format
        }
        let exposure = try reader.optionalInteger("camera.exposure", in: 1...100_000)
        let gain = try reader.optionalInteger("camera.gain", in: 0...10_000)
        let focus = try reader.optionalInteger("camera.focus", in: 0...10_000)
        settings.controls = CameraControls(
            exposureAutoPriority: false, exposure: exposure.map(Int32.init), gain: gain.map(Int32.init),
            focus: focus.map(Int32.init))
        let glareText = reader.string("camera.glare_response", default: exposure == nil ? "off" : "on")
        switch glareText {
        case "on":
            guard let exposure else {
                throw reader.invalid("camera.glare_response", "on needs camera.exposure, the manual exposure it lowers and restores")
            }
            let floor = try reader.integer("camera.glare_exposure_min", default: max(1, exposure / 4), in: 1...exposure)
            settings.glare = GlareResponse.Limits(configured: Int32(exposure), floor: Int32(floor))
        case "off":
            if reader.optionalString("camera.glare_exposure_min") != nil {
                throw reader.invalid("camera.glare_exposure_min", "is only used with camera.glare_response = on")
            }
        default:
            throw reader.invalid("camera.glare_response", "expected on or off, found '\(glareText)'")
        }
        settings.maximumVersion = try reader.integer("scanner.max_version", default: 40, in: 1...40)
        settings.dedupHold = try reader.duration("scanner.dedup_hold", default: .seconds(2), in: .milliseconds(100)...(.seconds(60)))
        return settings
    }

    /// The payloads of a synthetic camera's codes file: one a line, or `SERIAL PAYLOAD TYPED`
    /// lines as `kioskd demo-setup` writes them; `#` starts a comment.
    static func payloads(inCodesFile text: String) -> [String] {
        text.split(separator: "\n").compactMap { line in
            let words = line.split(separator: " ")
            guard let first = words.first, !first.hasPrefix("#") else { return nil }
            return String(words.count == 3 ? words[1] : first)
        }
    }

    var description: String {
        switch source {
        case .none: "no camera"
        case .synthetic: "synthetic camera \(size)"
        case .replay(let path): "replay \(path)"
        case .device(let path): "camera \(path) \(size)"
        }
    }
}
