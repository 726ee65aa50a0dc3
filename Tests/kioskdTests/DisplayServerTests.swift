@testable import CaptureV4L2
import Foundation
import Kiosk
import Testing

@testable import kioskd

/// The customer display's HTTP server in a live kioskd, spoken to in raw HTTP: the page, the
/// feed, the two buttons, and hostile or malformed requests, which get a 4xx and change nothing.
@Suite(.serialized) final class DisplayServerTests {
    /// A TCP connection to the display that sends raw bytes and reads what comes back.
    final class Connection {
        let fd: Int32
        var received: [UInt8] = []

        init(port: UInt16) throws {
            fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = port.bigEndian
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let result = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            try #require(result == 0, "connect: errno \(errno)")
            var timeout = timeval(tv_sec: 10, tv_usec: 0)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        }

        deinit { close(fd) }

        func send(_ bytes: [UInt8]) {
            _ = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        }

        /// Reads until `done` holds for what was received, or the server closes (false then).
        @discardableResult
        func read(until done: ([UInt8]) -> Bool) -> Bool {
            while !done(received) {
                var chunk = [UInt8](repeating: 0, count: 65_536)
                let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
                if count <= 0 { return false }
                received.append(contentsOf: chunk[0..<count])
            }
            return true
        }

        /// Reads to the end of the stream (the server closes or the 10 s receive limit passes).
        func readAll() { read { _ in false } }

        var text: String { String(decoding: received, as: UTF8.self) }
    }

    /// One request's answer.
    struct Answer {
        let status: Int
        let head: String
        let body: String
    }

    var port: UInt16 = 0

    /// Sends raw bytes on a fresh connection and reads the answer (the request asks the server to close).
    func exchange(_ raw: String) throws -> Answer {
        try exchange(Array(raw.utf8))
    }

    func exchange(_ raw: [UInt8]) throws -> Answer {
        let connection = try Connection(port: port)
        connection.send(raw)
        connection.readAll()
        let text = connection.text
        let head = text.components(separatedBy: "\r\n\r\n").first ?? ""
        let statusLine = head.split(separator: "\r\n").first ?? ""
        let status = statusLine.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
        return Answer(status: status, head: head, body: String(text.dropFirst(min(text.count, head.count + 4))))
    }

    /// A request from the page's own origin.
    func request(_ method: String, _ target: String, headers: [String] = [], host: String? = nil) -> String {
        let hostLine = "Host: \(host ?? "127.0.0.1:\(port)")\r\n"
        return "\(method) \(target) HTTP/1.1\r\n\(hostLine)Connection: close\r\n" + headers.map { $0 + "\r\n" }.joined()
            + "\r\n"
    }

    var origin: String { "Origin: http://127.0.0.1:\(port)" }

    func withDisplay(
        customerActions: Bool = true,
        maximumConnections: Int = 8,
        _ body: (Daemon, ControlSocketTests.Client, [String]) throws -> Void
    ) throws {
        let sockets = ControlSocketTests()
        let configure: (inout DaemonConfig, String) -> Void = { config, _ in
            config.display.listen = DisplaySettings.Address("127.0.0.1:0")
            config.display.customerActions = customerActions
            config.display.maximumConnections = maximumConnections
        }
        try sockets.withDaemon(confirmation: ConfirmationPolicy(mode: .automatic), configure: configure) {
            daemon,
            path,
            codes in
            let display = try #require(daemon.display)
            defer { display.stop() }
            port = try #require(display.port)
            let client = try ControlSocketTests.Client(path: path)
            try client.login("clerk")
            try body(daemon, client, codes)
        }
    }

    /// Opens a session over the socket and returns its id.
    func open(_ client: ControlSocketTests.Client, amount: Int) throws -> SessionID {
        let reply = try client.call(#"{"id":1,"op":"session.open","program":"KMTPREMIUM","amount":\#(amount)}"#)
        let text = try #require(reply?.result?.session?.session, "\(String(describing: reply))")
        return try #require(SessionID(text))
    }

    /// The first feed message's view.
    func feedView() throws -> [String: Any] {
        let connection = try Connection(port: port)
        connection.send(Array(request("GET", "/events").utf8))
        let complete = connection.read { bytes in
            let text = String(decoding: bytes, as: UTF8.self)
            guard let data = text.range(of: "data: {") else { return false }
            return text[data.upperBound...].contains("\n\n")
        }
        try #require(complete, "the feed closed before its first message: \(connection.text)")
        let line = try #require(connection.text.split(separator: "\n").first { $0.hasPrefix("data: ") })
        let message = try #require(
            try JSONSerialization.jsonObject(with: Data(line.dropFirst(6).utf8)) as? [String: Any]
        )
        return try #require(message["view"] as? [String: Any])
    }

    @Test func thePageAndItsFeedAreServed() throws {
        try withDisplay { daemon, client, codes in
            let page = try exchange(request("GET", "/"))
            #expect(page.status == 200)
            #expect(page.head.lowercased().contains("content-type: text/html; charset=utf-8"))
            #expect(page.head.lowercased().contains("content-security-policy"))
            #expect(page.body.contains("この金額で支払う") && page.body.contains("やめる"))
            let head = try exchange(request("HEAD", "/"))
            #expect(head.status == 200 && head.body.isEmpty)
            #expect(try feedView()["screen"] as? String == "idle")

            // A session opened over the socket and a code read into it reach the feed.
            let session = try open(client, amount: 3000)
            daemon.deskQueue.sync { daemon.counter.read(codes[0], arrived: Date()) }
            let view = try feedView()
            #expect(view["screen"] as? String == "collecting")
            #expect(view["amount"] as? Int == 3000 && view["missing"] as? Int == 2000)
            let json = String(decoding: try JSONSerialization.data(withJSONObject: view), as: UTF8.self)
            #expect(!json.contains(session.description) && !json.contains(codes[0]) && !json.contains("clerk"))
        }
    }

    @Test func hostileAndMalformedRequestsGet4xxAndChangeNothing() throws {
        try withDisplay { daemon, client, codes in
            let session = try open(client, amount: 3000)
            daemon.deskQueue.sync { daemon.counter.read(codes[0], arrived: Date()) }
            let visit = daemon.dispatcher.display?.current.visit ?? 0
            let hostile: [(String, [UInt8], ClosedRange<Int>)] = [
                // libmicrohttpd closes bytes that are not a request line at all without an answer (0).
                ("garbage", Array("GARBAGE\r\n\r\n".utf8), 0...0),
                ("an unknown method", Array(request("BREW", "/").utf8), 405...405),
                ("a path that is not there", Array(request("GET", "/etc/passwd").utf8), 404...404),
                ("a path climbing out", Array(request("GET", "/../../etc/passwd").utf8), 400...404),
                ("POST on the page", Array(request("POST", "/", headers: [origin]).utf8), 405...405),
                ("DELETE on the feed", Array(request("DELETE", "/events").utf8), 405...405),
                ("GET on a button", Array(request("GET", "/settle?visit=\(visit)").utf8), 405...405),
                (
                    "a Host naming another site (DNS rebinding)",
                    Array(request("GET", "/events", host: "evil.example:\(port)").utf8), 421...421
                ),
                ("a Host with another port", Array(request("GET", "/", host: "127.0.0.1:1").utf8), 421...421),
                ("no Host at all", Array("GET / HTTP/1.0\r\n\r\n".utf8), 400...421),
                ("a press without Origin", Array(request("POST", "/settle?visit=\(visit)").utf8), 403...403),
                (
                    "a press from another origin",
                    Array(request("POST", "/cancel?visit=\(visit)", headers: ["Origin: http://evil.example"]).utf8),
                    403...403
                ),
                ("a press without a visit", Array(request("POST", "/settle", headers: [origin]).utf8), 400...400),
                (
                    "a press with a visit that is not a number",
                    Array(request("POST", "/settle?visit=1%3B", headers: [origin]).utf8), 400...400
                ),
                (
                    "a press with a huge visit",
                    Array(request("POST", "/settle?visit=99999999999999999999", headers: [origin]).utf8), 400...400
                ),
                (
                    "a press for a session no longer shown",
                    Array(request("POST", "/cancel?visit=\(visit + 1)", headers: [origin]).utf8), 409...409
                ),
                (
                    "a press with a body",
                    Array(
                        (request("POST", "/settle?visit=\(visit)", headers: [origin, "Content-Length: 5"]) + "hello")
                            .utf8
                    ), 413...413
                ),
                (
                    "a chunked press",
                    Array(
                        (request("POST", "/settle?visit=\(visit)", headers: [origin, "Transfer-Encoding: chunked"])
                            + "5\r\nhello\r\n0\r\n\r\n").utf8
                    ), 400...413
                ),
                (
                    "a header of 20 KB",
                    Array(request("GET", "/", headers: ["X-Filler: " + String(repeating: "a", count: 20_000)]).utf8),
                    400...499
                ),
                (
                    "a request line of 20 KB", Array(request("GET", "/" + String(repeating: "a", count: 20_000)).utf8),
                    400...499
                ),
                (
                    "a percent-encoded path",
                    Array(request("POST", "/sett%6Ce?visit=\(visit)", headers: [origin]).utf8), 400...400
                ),
                (
                    "a NUL percent-encoded in the visit",
                    Array(request("POST", "/settle?visit=\(visit)%00", headers: [origin]).utf8), 400...400
                ),
                (
                    "a NUL in a press",
                    Array(
                        "POST /cancel\u{0}?visit=\(visit) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n\(origin)\r\n\r\n".utf8
                    ), 400...499
                ),
                (
                    "a bare LF request with junk version", Array("GET / HTTP/9.9\nHost: 127.0.0.1:\(port)\n\n".utf8),
                    400...505
                ),
            ]
            for (name, raw, expected) in hostile {
                let answer = try exchange(raw)
                #expect(expected.contains(answer.status), "\(name): \(answer.status) \(answer.head)")
            }
            // Nothing changed: the session still collects with its one code, and nothing was paid.
            let after = try daemon.desk.session(session, now: .now())
            #expect(after.state == .collecting && after.total == 1000)
            #expect(try daemon.ledger.payment(idempotencyKey: session.confirmationKey) == nil)
            #expect(daemon.dispatcher.display?.current.visit == visit)
        }
    }

    @Test func theButtonsSettleAndCancelTheSessionOnScreen() throws {
        try withDisplay { daemon, client, codes in
            // やめる: the session is aborted and its code released.
            let first = try open(client, amount: 3000)
            daemon.deskQueue.sync { daemon.counter.read(codes[0], arrived: Date()) }
            var visit = try #require(daemon.dispatcher.display?.current.visit)
            let cancelled = try exchange(request("POST", "/cancel?visit=\(visit)", headers: [origin]))
            #expect(cancelled.status == 200, "\(cancelled.head)")
            #expect(try daemon.desk.session(first, now: .now()).state == .aborted)
            #expect(try feedView()["screen"] as? String == "cancelled")
            // A second press of the same button finds nothing to act on.
            #expect(try exchange(request("POST", "/cancel?visit=\(visit)", headers: [origin])).status == 409)

            // この金額で支払う: what was read is paid (this kiosk confirms by itself).
            let second = try open(client, amount: 5000)
            daemon.deskQueue.sync { daemon.counter.read(codes[0], arrived: Date()) }
            daemon.deskQueue.sync { daemon.counter.read(codes[1], arrived: Date()) }
            visit = try #require(daemon.dispatcher.display?.current.visit)
            let settled = try exchange(request("POST", "/settle?visit=\(visit)", headers: [origin]))
            #expect(settled.status == 200, "\(settled.head)")
            let payment = try #require(try daemon.ledger.payment(idempotencyKey: second.confirmationKey))
            #expect(payment.amount == 2000 && payment.operatorName == "customer display")
            let view = try feedView()
            #expect(view["screen"] as? String == "done" && view["amount"] as? Int == 2000)
            #expect(view["payment"] as? String == payment.id.description)
        }
    }

    @Test func withCustomerActionsOffTheButtonsChangeNothing() throws {
        try withDisplay(customerActions: false) { daemon, client, codes in
            let session = try open(client, amount: 3000)
            daemon.deskQueue.sync { daemon.counter.read(codes[0], arrived: Date()) }
            let visit = try #require(daemon.dispatcher.display?.current.visit)
            for action in ["settle", "cancel"] {
                #expect(try exchange(request("POST", "/\(action)?visit=\(visit)", headers: [origin])).status == 403)
            }
            #expect(try daemon.desk.session(session, now: .now()).state == .collecting)
            let view = try feedView()
            #expect(view["settle"] as? Bool == false && view["cancel"] as? Bool == false)
        }
    }

    @Test func aCodeReadWithNoSessionShowsItsBalanceAndHoldsNothing() throws {
        try withDisplay { daemon, client, codes in
            daemon.deskQueue.sync { daemon.counter.read(codes[2], arrived: Date()) }
            let view = try feedView()
            #expect(view["screen"] as? String == "balance")
            let balance = try #require(view["balance"] as? [String: Any])
            #expect(balance["balance"] as? Int == 1000 && balance["spent"] as? Bool == false)
            #expect((balance["expiry"] as? String)?.count == 10)
            // Nothing is held: a session can take the same code at once.
            let session = try open(client, amount: 1000)
            let reply = try client.call(#"{"id":2,"op":"session.present","session":"\#(session)","code":"\#(codes[2])"}"#)
            #expect(reply?.result?.session?.state == "confirmed")

            // A forged code with no session is refused in plain words.
            daemon.deskQueue.sync {
                daemon.counter.read("KQ1P:KMTPREMIUM:00000005:AAAAAAAAAAAAAAAA", arrived: Date())
            }
            let refused = try feedView()
            #expect((refused["notice"] as? [String: Any])?["reason"] as? String == "unreadable_or_forged")
        }
    }

    @Test func aCameraPreviewReachesTheFeedAsItsOwnEvent() throws {
        try withDisplay { daemon, _, _ in
            let feed = try #require(daemon.dispatcher.display)
            let plane = [UInt8](repeating: 128, count: 16 * 12)
            let frame = plane.withUnsafeBufferPointer { pixels in
                PreviewFrame(
                    LumaFrame(
                        width: 16,
                        height: 12,
                        stride: 16,
                        pixels: pixels,
                        timestamp: .zero,
                        sequence: 0,
                        buffer: BufferIndex(index: 0, generation: 0)
                    ),
                    maximumWidth: 8,
                    outlines: [[[2, 2], [10, 2], [10, 10], [2, 10]]]
                )
            }
            feed.preview(frame)
            let connection = try Connection(port: port)
            connection.send(Array(request("GET", "/events").utf8))
            // The message is small enough to come in one chunk of the chunked body.
            let seen = connection.read { bytes in
                let text = String(decoding: bytes, as: UTF8.self)
                guard let start = text.range(of: "event: preview\ndata: {") else { return false }
                return text[start.upperBound...].contains("\n\n")
            }
            try #require(seen, "no preview in the feed: \(connection.text)")
            let line = try #require(
                connection.text.split(separator: "\n").last { $0.hasPrefix("data: ") && $0.contains("pixels") }
            )
            let message = try #require(
                try JSONSerialization.jsonObject(with: Data(line.dropFirst(6).utf8)) as? [String: Any]
            )
            #expect(message["width"] as? Int == 8 && message["height"] as? Int == 6)
            #expect(Data(base64Encoded: message["pixels"] as? String ?? "")?.count == 48)
            #expect((message["outlines"] as? [[[Double]]]) == [[[1, 1], [5, 1], [5, 5], [1, 5]]])
        }
    }

    @Test func anAddressInUseIsRefusedWithTheReason() throws {
        try withDisplay { daemon, _, _ in
            var settings = DisplaySettings()
            settings.listen = DisplaySettings.Address("127.0.0.1:\(port)")
            let second = DisplayServer(
                settings: settings,
                feed: DisplayFeed(customerActions: false),
                logger: daemon.logger
            ) { _, _ in .refused("unused") }
            #expect(throws: DisplayError.cannotListen(address: "127.0.0.1:\(port)", reason: "Address already in use")) {
                try second.start()
            }
            #expect(second.port == nil)
        }
    }

    @Test func connectionsAreBounded() throws {
        try withDisplay(maximumConnections: 3) { _, _, _ in
            // Three idle connections take every slot; a fourth is closed without an answer.
            let held = try (0..<3).map { _ in try Connection(port: port) }
            for connection in held { connection.send(Array("GET / HTTP/1.1\r\n".utf8)) }  // a request never finished
            let refused = try Connection(port: port)
            refused.send(Array(request("GET", "/").utf8))
            refused.readAll()
            #expect(
                !refused.text.hasPrefix("HTTP/1.1 200"),
                "a connection past the bound was served: \(refused.text.prefix(80))"
            )
            // Once they go, the page is served again.
            for connection in held { shutdown(connection.fd, Int32(SHUT_RDWR)) }
            var served = false
            for _ in 0..<50 where !served {
                served = (try? exchange(request("GET", "/")))?.status == 200
                if !served { usleep(100_000) }
            }
            #expect(served)
        }
    }
}
