/// The capture devices `camera.list` found, and the one the config names.
public struct CameraListView: Hashable, Sendable, Codable {
    /// One capture device.
    public struct Device: Hashable, Sendable, Codable {
        /// Its stable path (`/dev/v4l/by-id/...`) or node.
        public let path: String
        /// Its node, such as `/dev/video0`.
        public let node: String
        /// The driver's name.
        public let driver: String
        /// The card's name.
        public let card: String
        /// Where it is attached.
        public let bus: String
        /// Its pixel formats and sizes.
        public let formats: [String]
        /// Whether the config names it.
        public let configured: Bool

        /// A device from its fields.
        public init(
            path: String,
            node: String,
            driver: String,
            card: String,
            bus: String,
            formats: [String],
            configured: Bool
        ) {
            self.path = path
            self.node = node
            self.driver = driver
            self.card = card
            self.bus = bus
            self.formats = formats
            self.configured = configured
        }
    }

    /// The devices.
    public let devices: [Device]
    /// Nodes that could not be read, one sentence each.
    public let failures: [String]

    /// The list from its fields.
    public init(devices: [Device], failures: [String]) {
        self.devices = devices
        self.failures = failures
    }
}
