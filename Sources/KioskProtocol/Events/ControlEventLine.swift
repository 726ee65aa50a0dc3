public import Foundation

/// A line a subscriber reads after `events.subscribe`: an event, or kioskd's last refusal before
/// it closes the connection (a reply with `"id":null`, such as `idle_timeout` or `shutting_down`).
public enum ControlEventLine: Hashable, Sendable {
    /// An event.
    case event(ControlEvent)
    /// kioskd's reason for closing the connection.
    case closing(ControlError)

    /// Reads one line.
    ///
    /// - Parameter line: The line's bytes, without the newline.
    /// - Returns: The event, or the reason for closing.
    /// - Throws: `DecodingError` when the line is neither.
    public static func decode(_ line: some DataProtocol) throws -> ControlEventLine {
        let data = Data(line)
        let decoder = JSONDecoder()
        if let reply = try? decoder.decode(ControlReplyLine.self, from: data), case .failure(let error) = reply.outcome
        {
            return .closing(error)
        }
        return .event(try decoder.decode(ControlEvent.self, from: data))
    }
}
