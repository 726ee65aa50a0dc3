public import Foundation

/// The JSON settings both ends of the protocol use, in one place.
public enum ControlJSON {
    /// An encoder writing one line: keys sorted (stable for scripts and tests), slashes as they are.
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
