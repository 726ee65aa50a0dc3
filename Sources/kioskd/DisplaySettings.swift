import Foundation

/// The `[display]` section: where the customer display's page is served, and whether its touch
/// buttons may settle or cancel.
///
/// Off unless `listen` is set. The address must be a numeric IPv4 or IPv6 literal with a port
/// (`127.0.0.1:8080`, `[::1]:8080`); a name would need a resolver at start and could bind
/// somewhere unexpected.
struct DisplaySettings: Sendable, Equatable {
    /// An address and port to listen on.
    struct Address: Sendable, Equatable, CustomStringConvertible {
        /// The numeric host, without brackets.
        var host: String
        /// The TCP port (0: the kernel chooses; tests only).
        var port: UInt16
        /// Whether `host` is an IPv6 literal.
        var isIPv6: Bool

        /// Whether the address is the loopback interface only (127.0.0.0/8 or ::1).
        var isLoopback: Bool { isIPv6 ? host == "::1" : host.hasPrefix("127.") }

        /// `127.0.0.1:8080` or `[::1]:8080`.
        var description: String { isIPv6 ? "[\(host)]:\(port)" : "\(host):\(port)" }

        /// Reads `HOST:PORT` or `[HOST]:PORT` with a numeric host; `nil` for anything else.
        init?(_ text: String) {
            let hostPart: Substring
            let portPart: Substring
            if text.hasPrefix("[") {
                guard let close = text.firstIndex(of: "]"), text[text.index(after: close)...].hasPrefix(":") else {
                    return nil
                }
                hostPart = text[text.index(after: text.startIndex)..<close]
                portPart = text[text.index(close, offsetBy: 2)...]
                isIPv6 = true
            } else {
                guard let colon = text.lastIndex(of: ":") else { return nil }
                hostPart = text[..<colon]
                portPart = text[text.index(after: colon)...]
                isIPv6 = false
            }
            guard !portPart.isEmpty, portPart.count <= 5, portPart.allSatisfy(\.isASCIIDigit),
                let port = UInt16(portPart)
            else { return nil }
            var ipv4 = in_addr()
            var ipv6 = in6_addr()
            let host = String(hostPart)
            let valid = isIPv6 ? inet_pton(AF_INET6, host, &ipv6) == 1 : inet_pton(AF_INET, host, &ipv4) == 1
            guard valid else { return nil }
            self.host = host
            self.port = port
        }
    }

    /// Where the page and its feed are served; `nil`: no display.
    var listen: Address?
    /// Whether the page shows この金額で支払う (settle) and やめる (cancel), and accepts them.
    var customerActions = false
    /// The most HTTP connections at once (the kiosk's browser needs 2: the page and its feed).
    var maximumConnections = 8
    /// How long the screens that end by themselves stay: a refusal, a balance, done, cancelled.
    var timing = CustomerTiming()

    static func read(_ reader: inout ConfigReader) throws(ConfigError) -> DisplaySettings {
        var settings = DisplaySettings()
        if let text = reader.optionalString("display.listen") {
            guard let address = Address(text) else {
                throw reader.invalid(
                    "display.listen",
                    "expected a numeric address and port such as 127.0.0.1:8080 or [::1]:8080, found '\(text)'"
                )
            }
            settings.listen = address
        }
        let actions = reader.string("display.customer_actions", default: "no")
        switch actions {
        case "yes": settings.customerActions = true
        case "no": settings.customerActions = false
        default: throw reader.invalid("display.customer_actions", "expected yes or no, found '\(actions)'")
        }
        settings.maximumConnections = try reader.integer("display.max_connections", default: 8, in: 2...64)
        return settings
    }
}

extension Character {
    /// Whether this is one of the ASCII digits 0-9.
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
