/// One event line of the control protocol, sent to subscribers without an `id`:
/// `{"event":"session","data":{...}}`.
public enum ControlEvent: Hashable, Sendable {
    /// A code decoded by the camera (a new sighting).
    case scan(ScanView)
    /// A scanned code the open session refused.
    case scanRefused(ScanRefusalView)
    /// A session's new state.
    case session(SessionView)
    /// A payment confirmed.
    case payment(PaymentView)
    /// A payment refunded.
    case refund(RefundView)
    /// The camera's state changed, or it was restarted.
    case camera(CameraStateView)
    /// kioskd is stopping; the connection closes after this line.
    case stopping(StoppingView)

    /// The event names, as on the wire.
    public enum Kind: String, CaseIterable, Sendable, Codable {
        /// ``ControlEvent/scan(_:)``.
        case scan
        /// ``ControlEvent/scanRefused(_:)``.
        case scanRefused = "scan_refused"
        /// ``ControlEvent/session(_:)``.
        case session
        /// ``ControlEvent/payment(_:)``.
        case payment
        /// ``ControlEvent/refund(_:)``.
        case refund
        /// ``ControlEvent/camera(_:)``.
        case camera
        /// ``ControlEvent/stopping(_:)``.
        case stopping
    }

    /// The event's wire name.
    public var kind: Kind {
        switch self {
        case .scan: .scan
        case .scanRefused: .scanRefused
        case .session: .session
        case .payment: .payment
        case .refund: .refund
        case .camera: .camera
        case .stopping: .stopping
        }
    }
}

extension ControlEvent: Codable {
    enum CodingKeys: String, CodingKey { case event, data }

    /// Reads an event line's object.
    ///
    /// - Throws: `DecodingError` when the name is unknown or the data does not fit it.
    public init(from decoder: any Decoder) throws {
        let fields = try decoder.container(keyedBy: CodingKeys.self)
        switch try fields.decode(Kind.self, forKey: .event) {
        case .scan: self = .scan(try fields.decode(ScanView.self, forKey: .data))
        case .scanRefused: self = .scanRefused(try fields.decode(ScanRefusalView.self, forKey: .data))
        case .session: self = .session(try fields.decode(SessionView.self, forKey: .data))
        case .payment: self = .payment(try fields.decode(PaymentView.self, forKey: .data))
        case .refund: self = .refund(try fields.decode(RefundView.self, forKey: .data))
        case .camera: self = .camera(try fields.decode(CameraStateView.self, forKey: .data))
        case .stopping: self = .stopping(try fields.decode(StoppingView.self, forKey: .data))
        }
    }

    /// Writes `{"event": NAME, "data": {...}}`.
    public func encode(to encoder: any Encoder) throws {
        var fields = encoder.container(keyedBy: CodingKeys.self)
        try fields.encode(kind, forKey: .event)
        switch self {
        case .scan(let data): try fields.encode(data, forKey: .data)
        case .scanRefused(let data): try fields.encode(data, forKey: .data)
        case .session(let data): try fields.encode(data, forKey: .data)
        case .payment(let data): try fields.encode(data, forKey: .data)
        case .refund(let data): try fields.encode(data, forKey: .data)
        case .camera(let data): try fields.encode(data, forKey: .data)
        case .stopping(let data): try fields.encode(data, forKey: .data)
        }
    }
}
