internal import CMicroHTTPD
import Foundation
import Kiosk
import Synchronization

/// The customer display's HTTP server: one page, its server-sent-events feed, and the two buttons.
///
/// Built on libmicrohttpd (Debian's `libmicrohttpd12`), not a parser of our own: it reads and
/// bounds request lines and headers, answers malformed HTTP with a 4xx, and frames a body of
/// unknown length in chunks. It runs a thread per connection (at most `max_connections`), so a
/// feed's content reader simply waits on ``DisplayFeed`` for the next message; a button press
/// waits on the desk queue like any control request. Everything unsafe (the C callbacks and the
/// pointers they carry) stays in this file.
final class DisplayServer: Sendable {
    /// A button press for the session shown under a visit number; runs the desk call and answers.
    typealias ActionHandler = @Sendable (DisplayRoute.Action, Int) -> DisplayActionOutcome

    let settings: DisplaySettings
    let feed: DisplayFeed
    let logger: Logger
    private let act: ActionHandler
    private let page: [UInt8]
    /// The running libmicrohttpd daemon (`struct MHD_Daemon *`) and the port it listens on.
    private let running = Mutex<(daemon: DaemonHandle, port: UInt16)?>(nil)

    /// A `struct MHD_Daemon *`.
    private struct DaemonHandle: @unchecked Sendable {
        // @unchecked: the library is thread-safe for the one call made with it (MHD_stop_daemon),
        // and only stop() makes that call, once, after taking the handle out of `running`.
        let pointer: OpaquePointer
    }

    /// A server for `settings.listen`; nothing listens before ``start()``.
    init(settings: DisplaySettings, feed: DisplayFeed, logger: Logger, act: @escaping ActionHandler) {
        self.settings = settings
        self.feed = feed
        self.logger = logger
        self.act = act
        page = Array(DisplayPage.html.utf8)
    }

    /// The port it listens on (the one the kernel chose for port 0), or `nil` when not running.
    var port: UInt16? { running.withLock { $0?.port } }

    /// Binds the address and starts serving.
    ///
    /// - Throws: ``DisplayError/cannotListen(address:reason:)`` when the address cannot be bound.
    func start() throws(DisplayError) {
        guard let address = settings.listen else { return }
        let context = Unmanaged.passRetained(self)
        let handler: MHD_AccessHandlerCallback = { context, connection, url, method, _, _, _, request in
            guard let context, let connection, let url, let method else { return .NO }
            let server = Unmanaged<DisplayServer>.fromOpaque(context).takeUnretainedValue()
            // The shim keeps each request's target as sent in its context (see CMicroHTTPD.h).
            let target = request?.pointee.map { String(cString: $0.assumingMemoryBound(to: CChar.self)) }
            return server.answer(
                connection,
                path: String(cString: url),
                target: target,
                method: String(cString: method)
            )
        }
        let daemon = Self.withSocketAddress(address) { socketAddress in
            CMicroHTTPD_start(
                socketAddress,
                address.isIPv6 ? 1 : 0,
                UInt32(settings.maximumConnections),
                30,  // seconds without traffic; a feed sends a keep-alive every 15 s
                16_384,  // bytes for a request line and headers (more is answered 4xx by the library)
                handler,
                context.toOpaque()
            )
        }
        guard let daemon else {
            let reason = String(cString: strerror(errno))
            context.release()
            throw .cannotListen(address: address.description, reason: reason)
        }
        let port = CMicroHTTPD_boundPort(daemon)
        running.withLock { $0 = (DaemonHandle(pointer: daemon), port) }
        logger.notice("customer display at http://\(address.isIPv6 ? "[\(address.host)]" : address.host):\(port)/")
        if !address.isLoopback {
            logger.warning(
                "the customer display listens beyond loopback (\(address)); anyone who reaches it sees the screen"
            )
        }
    }

    /// Ends every feed, closes every connection and stops listening.
    ///
    /// Call it off the desk queue: a button press in progress waits for the desk.
    func stop() {
        feed.stop()
        guard
            let daemon = running.withLock({ state -> OpaquePointer? in
                defer { state = nil }
                return state?.daemon.pointer
            })
        else { return }
        MHD_stop_daemon(daemon)
        Unmanaged.passUnretained(self).release()  // the reference start() gave the daemon
    }

    // MARK: - Requests (on a connection's thread)

    private func answer(_ connection: OpaquePointer, path: String, target: String?, method: String) -> MHD_Result {
        var holdsNUL = false
        func value(_ kind: MHD_ValueKind, _ key: String) -> String? {
            switch Self.value(connection, kind, key) {
            case .absent: return nil
            case .present(let text): return text
            case .holdsNUL:
                holdsNUL = true
                return nil
            }
        }
        var request = DisplayRoute.Request(
            method: method,
            path: path,
            target: target,
            visit: value(.GET_ARGUMENT_KIND, "visit"),
            host: value(.HEADER_KIND, "Host"),
            origin: value(.HEADER_KIND, "Origin"),
            contentLength: value(.HEADER_KIND, "Content-Length"),
            transferEncoding: value(.HEADER_KIND, "Transfer-Encoding")
        )
        request.holdsNUL = holdsNUL
        let route = DisplayRoute(request, port: port ?? 0, customerActions: settings.customerActions)
        switch route {
        case .page:
            return send(
                connection,
                status: 200,
                type: "text/html; charset=utf-8",
                body: page,
                extraHeaders: Self.pageHeaders
            )
        case .events:
            return sendEvents(connection)
        case .action(let action, let visit):
            switch act(action, visit) {
            case .done:
                logger.info("customer display: \(action.rawValue) pressed (visit \(visit))")
                return send(connection, status: 200, type: "application/json", body: Self.actionDone)
            case .refused(let reason):
                logger.info("customer display: \(action.rawValue) (visit \(visit)) changed nothing: \(reason)")
                return send(
                    connection,
                    status: 409,
                    type: "text/plain; charset=utf-8",
                    body: Array((reason + "\n").utf8)
                )
            }
        case .refuse(let status, let reason, let allow):
            logger.debug("customer display: \(method) \(path) refused with \(status): \(reason)")
            return send(
                connection,
                status: status,
                type: "text/plain; charset=utf-8",
                body: Array((reason + "\n").utf8),
                extraHeaders: allow.map { [("Allow", $0)] } ?? []
            )
        }
    }

    /// Headers that keep the page to itself: no framing, no caching, no other origins.
    private static let pageHeaders = [
        (
            "Content-Security-Policy",
            "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; frame-ancestors 'none'"
        ),
        ("X-Frame-Options", "DENY"),
    ]

    /// The body of an accepted button press: `{"ok":true}`.
    static let actionDone: [UInt8] = {
        struct Done: Encodable { let ok = true }
        do {
            return Array(try ControlJSON.encoder().encode(Done()))
        } catch {
            preconditionFailure("a constant always encodes: \(error)")
        }
    }()

    private func send(
        _ connection: OpaquePointer,
        status: Int,
        type: String,
        body: [UInt8],
        extraHeaders: [(String, String)] = []
    ) -> MHD_Result {
        let response = body.withUnsafeBytes { bytes in
            MHD_create_response_from_buffer(
                bytes.count,
                UnsafeMutableRawPointer(mutating: bytes.baseAddress),
                .RESPMEM_MUST_COPY
            )
        }
        guard let response else { return .NO }
        defer { MHD_destroy_response(response) }
        let headers = [
            ("Content-Type", type), ("Cache-Control", "no-store"), ("X-Content-Type-Options", "nosniff"),
            ("Referrer-Policy", "no-referrer"),
        ]
        for (name, value) in headers + extraHeaders { _ = MHD_add_response_header(response, name, value) }
        return MHD_queue_response(connection, UInt32(status), response)
    }

    private func sendEvents(_ connection: OpaquePointer) -> MHD_Result {
        let stream = Unmanaged.passRetained(EventStream(feed: feed))
        let reader: MHD_ContentReaderCallback = { context, _, buffer, maximum in
            guard let context, let buffer else { return CMicroHTTPD_END_WITH_ERROR }
            return Unmanaged<EventStream>.fromOpaque(context).takeUnretainedValue().fill(buffer, maximum: maximum)
        }
        let release: MHD_ContentReaderFreeCallback = { context in
            guard let context else { return }
            Unmanaged<EventStream>.fromOpaque(context).release()
        }
        // The library calls `release` when the response goes, also when creating it fails.
        guard
            let response = MHD_create_response_from_callback(
                CMicroHTTPD_SIZE_UNKNOWN,
                4096,
                reader,
                stream.toOpaque(),
                release
            )
        else { return .NO }
        defer { MHD_destroy_response(response) }
        for (name, value) in [
            ("Content-Type", "text/event-stream"), ("Cache-Control", "no-store"), ("X-Content-Type-Options", "nosniff"),
        ] {
            _ = MHD_add_response_header(response, name, value)
        }
        return MHD_queue_response(connection, 200, response)
    }

    private enum Lookup {
        case absent
        case present(String)
        case holdsNUL
    }

    /// A header or query argument, with its length checked against its C string (a NUL inside would cut it short).
    private static func value(_ connection: OpaquePointer, _ kind: MHD_ValueKind, _ key: String) -> Lookup {
        var pointer: UnsafePointer<CChar>?
        var length = 0
        let found = key.withCString {
            MHD_lookup_connection_value_n(connection, kind, $0, strlen($0), &pointer, &length)
        }
        guard found == .YES, let pointer else { return .absent }
        guard strlen(pointer) == length else { return .holdsNUL }
        return .present(String(cString: pointer))
    }

    /// Calls `body` with the address as a `sockaddr` (IPv4 or IPv6).
    private static func withSocketAddress<T>(
        _ address: DisplaySettings.Address,
        _ body: (UnsafePointer<sockaddr>) -> T
    ) -> T {
        if address.isIPv6 {
            var socketAddress = sockaddr_in6()
            socketAddress.sin6_family = sa_family_t(AF_INET6)
            socketAddress.sin6_port = address.port.bigEndian
            _ = inet_pton(AF_INET6, address.host, &socketAddress.sin6_addr)  // checked when the config was read
            return withUnsafePointer(to: &socketAddress) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1, body) }
        }
        var socketAddress = sockaddr_in()
        socketAddress.sin_family = sa_family_t(AF_INET)
        socketAddress.sin_port = address.port.bigEndian
        _ = inet_pton(AF_INET, address.host, &socketAddress.sin_addr)  // checked when the config was read
        return withUnsafePointer(to: &socketAddress) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1, body) }
    }
}

/// One feed connection's bytes in flight; used only by that connection's own thread.
private final class EventStream {
    let feed: DisplayFeed
    private var sent: UInt64 = 0
    private var sentPreview: UInt64 = 0
    private var pending: [UInt8] = Array("retry: 1000\n\n".utf8)  // the browser reconnects after 1 s
    private var offset = 0

    init(feed: DisplayFeed) { self.feed = feed }

    /// Copies the next bytes of the stream into `buffer`, waiting for the next message if none
    /// are pending; a keep-alive comment after 15 s without one.
    func fill(_ buffer: UnsafeMutablePointer<CChar>, maximum: Int) -> Int {
        if offset == pending.count {
            switch feed.next(after: sent, previewAfter: sentPreview, timeout: .seconds(15)) {
            case .message(let sequence, let bytes):
                sent = sequence
                pending = bytes
            case .preview(let sequence, let bytes):
                sentPreview = sequence
                pending = bytes
            case .nothingNew:
                pending = Array(": keep-alive\n\n".utf8)
            case .stopped:
                return CMicroHTTPD_END_OF_STREAM
            }
            offset = 0
        }
        let count = min(maximum, pending.count - offset)
        pending.withUnsafeBytes { bytes in
            guard let base = bytes.baseAddress else { return }  // never empty here: a message or a keep-alive
            UnsafeMutableRawPointer(buffer).copyMemory(from: base + offset, byteCount: count)
        }
        offset += count
        return count
    }
}
