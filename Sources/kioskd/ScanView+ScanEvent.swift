import CaptureV4L2
import Kiosk

extension ScanView {
    /// The view of a camera's scan.
    init(_ event: ScanEvent) {
        let latency = event.latency.components
        self.init(
            text: event.text,
            payloadHex: Hex.encode(event.payload),
            symbol: event.symbol,
            inverted: event.inverted,
            mirrored: event.mirrored,
            latencyMilliseconds: Double(latency.seconds) * 1000 + Double(latency.attoseconds) / 1e15,
            corners: event.corners
        )
    }
}
