/// The camera's state as the `camera` event tells it: where frames come from and how it goes.
public struct CameraStateView: Hashable, Sendable, Codable {
    /// What frames come from: `camera /dev/video0 640x480`, `synthetic camera ...`, `no camera`.
    public let source: String
    /// `scanning`, `streaming`, `lost ...`, `stopped`, `none`.
    public let state: String

    /// A state from its fields.
    public init(source: String, state: String) {
        self.source = source
        self.state = state
    }
}
