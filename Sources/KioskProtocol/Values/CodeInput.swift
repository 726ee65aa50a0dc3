/// A code as it reaches the kiosk: a QR payload from the camera, or digits typed by hand.
public enum CodeInput: Hashable, Sendable {
    /// A decoded QR payload.
    case scanned(String)
    /// A typed fallback code (passcode path); wrong ones count against the terminal's and the login's limit.
    case typed(String)
}
