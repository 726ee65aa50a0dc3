/// What the customer display's HTTP server does with one request, decided from its method, path
/// and headers before anything else happens.
///
/// Three things exist: the page (`GET /`), its feed (`GET /events`), and, when the config allows
/// customer actions, the two buttons (`POST /settle?visit=N`, `POST /cancel?visit=N`, no body).
/// Everything else is refused with a 4xx and changes nothing. A request must name this server in
/// its `Host` (a numeric address or `localhost`, with the listening port), so a web page elsewhere
/// cannot reach the feed through a name it rebinds to 127.0.0.1; a button press must also come from
/// this page's own origin, which browsers put in `Origin` and a cross-site form cannot forge.
enum DisplayRoute: Equatable {
    /// A customer's touch button.
    enum Action: String, Sendable {
        /// この金額で支払う: settle what was read.
        case settle
        /// やめる: cancel the session.
        case cancel
    }

    /// The page itself (`HEAD` too).
    case page
    /// The server-sent-events feed.
    case events
    /// A button pressed for the session shown under `visit`.
    case action(Action, visit: Int)
    /// A refusal: the status, a one-line reason, and for 405 the methods allowed.
    case refuse(status: Int, reason: String, allow: String? = nil)

    /// The request as the route needs it.
    struct Request {
        /// The method, as sent.
        var method: String
        /// The path, without the query, as the library decoded it.
        var path: String
        /// The request target as sent (path and query, not decoded), up to any NUL byte.
        var target: String?
        /// Whether a value looked up (an argument or a header) holds a NUL byte.
        var holdsNUL = false
        /// The `visit` query argument, if sent.
        var visit: String?
        /// The `Host` header, if sent.
        var host: String?
        /// The `Origin` header, if sent.
        var origin: String?
        /// The `Content-Length` header, if sent.
        var contentLength: String?
        /// The `Transfer-Encoding` header, if sent.
        var transferEncoding: String?
    }

    /// Decides a request.
    ///
    /// - Parameters:
    ///   - request: The method, path and headers.
    ///   - port: The port the server listens on.
    ///   - customerActions: Whether `[display] customer_actions = yes`.
    init(_ request: Request, port: UInt16, customerActions: Bool) {
        // A NUL or a percent-encoded byte makes what was sent differ from what the library
        // decoded; nothing here needs either, so such a request is refused before it is read.
        guard !request.holdsNUL, let target = request.target,
            target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init)
                == request.path,
            request.visit == nil || target.contains("?")
        else {
            self = .refuse(
                status: 400,
                reason: "the request target must be a plain path, without NUL or percent-encoded bytes"
            )
            return
        }
        guard let host = request.host, Self.namesThisServer(host, port: port) else {
            self = .refuse(status: 421, reason: "the Host header does not name this display's address")
            return
        }
        switch request.path {
        case "/", "/index.html":
            guard request.method == "GET" || request.method == "HEAD" else {
                self = .refuse(status: 405, reason: "the page is read with GET", allow: "GET, HEAD")
                return
            }
            self = Self.withoutBody(request) ?? .page
        case "/events":
            guard request.method == "GET" else {
                self = .refuse(status: 405, reason: "the feed is read with GET", allow: "GET")
                return
            }
            self = Self.withoutBody(request) ?? .events
        case "/settle", "/cancel":
            guard request.method == "POST" else {
                self = .refuse(status: 405, reason: "a button is pressed with POST", allow: "POST")
                return
            }
            guard customerActions else {
                self = .refuse(status: 403, reason: "customer actions are off ([display] customer_actions = no)")
                return
            }
            guard request.origin == "http://\(host)" else {
                self = .refuse(status: 403, reason: "a button press must come from the display's own page")
                return
            }
            if let refusal = Self.withoutBody(request) {
                self = refusal
                return
            }
            guard let text = request.visit, (1...9).contains(text.utf8.count),
                text.utf8.allSatisfy({ (48...57).contains($0) }),
                let visit = Int(text)
            else {
                self = .refuse(status: 400, reason: "a button press names the session shown: ?visit= and its number")
                return
            }
            self = .action(request.path == "/settle" ? .settle : .cancel, visit: visit)
        default:
            self = .refuse(status: 404, reason: "the display serves only its page and its feed")
        }
    }

    /// Refuses a request that carries a body: nothing here takes one.
    private static func withoutBody(_ request: Request) -> DisplayRoute? {
        if request.transferEncoding != nil {
            return .refuse(status: 411, reason: "requests here carry no body (no Transfer-Encoding)")
        }
        if let length = request.contentLength, length != "0" {
            return .refuse(status: 413, reason: "requests here carry no body")
        }
        return nil
    }

    /// Whether `host` is `ADDRESS:PORT` with a numeric address or `localhost` and this port.
    static func namesThisServer(_ host: String, port: UInt16) -> Bool {
        let name: Substring
        let portText: Substring
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]"), host[host.index(after: close)...].hasPrefix(":") else {
                return false
            }
            name = host[host.index(after: host.startIndex)..<close]
            portText = host[host.index(close, offsetBy: 2)...]
            guard !name.isEmpty, name.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else { return false }
        } else {
            guard let colon = host.lastIndex(of: ":") else { return false }
            name = host[..<colon]
            portText = host[host.index(after: colon)...]
            let numeric = !name.isEmpty && name.allSatisfy { ("0"..."9").contains($0) || $0 == "." }
            guard numeric || name.lowercased() == "localhost" else { return false }
        }
        return portText == String(port)
    }
}
