import Foundation
import Kiosk
import TestSupport
import Testing

extension ControlSocketTests {
    /// A connection to kioskd's control socket that writes request lines as they are and reads
    /// kioskd's lines as the protocol's typed values, as kioskctl does.
    ///
    /// Tests write their requests by hand, so they can send what kioskctl never would. A reply's
    /// result is read in the shape of the request it answers: the request sent with the reply's id,
    /// read from the sent line as kioskd reads it (`ControlRequest.decode`). A refusal needs no shape.
    final class Client {
        let fd: Int32
        /// Bytes received that are not yet read as a line.
        var buffer: [UInt8] = []
        /// Bytes sent since the last newline: a request line not yet complete.
        private var unfinished: [UInt8] = []
        /// The requests sent whose replies are not read yet, by id.
        private var awaiting: [RequestID: ControlRequest] = [:]

        init(path: String) throws {
            fd = try #require(UnixSocket.connected(to: path))
            var timeout = timeval(tv_sec: 10, tv_usec: 0)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        }

        deinit { close(fd) }

        /// Sends `text` as it is: whole lines, part of one, or bytes no request is made of.
        func send(_ text: String) {
            send(bytes: Array(text.utf8))
        }

        /// Sends `bytes` as they are, in one `send(2)`.
        ///
        /// - Returns: What `send(2)` returned: the bytes sent, or -1.
        @discardableResult
        func send(bytes: [UInt8]) -> Int {
            unfinished += bytes
            while let newline = unfinished.firstIndex(of: 10) {
                let line = Array(unfinished[..<newline])
                unfinished.removeSubrange(...newline)
                let (id, _, request) = ControlRequest.decode(line)
                if let id, case .success(let request) = request { awaiting[id] = request }
            }
            return bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        }

        /// The next line kioskd sent, without its newline, or `nil` when it closed the connection.
        func readLine() -> [UInt8]? {
            while true {
                if let newline = buffer.firstIndex(of: 10) {
                    let line = Array(buffer[..<newline])
                    buffer.removeSubrange(...newline)
                    return line
                }
                var chunk = [UInt8](repeating: 0, count: 65_536)
                let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
                if count <= 0 { return nil }
                buffer.append(contentsOf: chunk[0..<count])
            }
        }

        /// The next line as a reply, or `nil` when kioskd closed the connection.
        ///
        /// - Throws: `DecodingError` when the line is not a reply, or not one of the shape its
        ///   request is answered with (a result to a request this client did not send, too).
        func readReply() throws -> ControlReplyLine? {
            guard let line = readLine() else { return nil }
            if let id = try JSONDecoder().decode(ReplyID.self, from: Data(line)).id,
                let request = awaiting.removeValue(forKey: id)
            {
                return try ControlReplyLine.decode(line, answering: request)
            }
            return try JSONDecoder().decode(ControlReplyLine.self, from: Data(line))
        }

        /// The next line as a subscriber reads it (an event, or why kioskd closes the connection),
        /// or `nil` when kioskd closed it.
        ///
        /// - Throws: `DecodingError` when the line is neither.
        func readEvent() throws -> ControlEventLine? {
            try readLine().map { try ControlEventLine.decode($0) }
        }

        /// Sends one request line and reads its reply; `nil` when kioskd closed the connection.
        func call(_ line: String) throws -> ControlReplyLine? {
            send(line + "\n")
            return try readReply()
        }

        /// Whether kioskd did what `line` asked.
        func succeeds(_ line: String) throws -> Bool {
            try call(line)?.result != nil
        }

        /// The error code kioskd refused `line` with, or `nil` when it did not refuse it.
        func refusal(_ line: String) throws -> String? {
            try call(line)?.error?.code
        }

        /// Logs in on this connection as a demo account whose password `withDaemon` changed.
        func login(_ name: String) throws {
            let reply = try call(
                #"{"id":"login","op":"login","name":"\#(name)","password":"\#(ControlSocketTests.ready)"}"#
            )
            try #require(reply?.result?.login != nil, "login as \(name): \(String(describing: reply))")
        }
    }

    /// The id of a reply line, read before the line itself, to know which request it answers.
    private struct ReplyID: Decodable {
        let id: RequestID?
    }
}
