/// The camera's state as the `camera` event tells it: where frames come from and how it goes.
public struct CameraStateView: Hashable, Sendable, Codable {
    /// What frames come from: `camera /dev/video0 640x480`, `synthetic camera ...`, `no camera`.
    public let source: String
    /// What the camera is doing; on the wire its text, e.g. `scanning` or `opening (attempt 1)`.
    public let state: CameraState

    /// A state from its fields.
    public init(source: String, state: CameraState) {
        self.source = source
        self.state = state
    }
}
