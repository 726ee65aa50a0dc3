import Testing

@testable import kioskd

/// The `[display]` section: numeric addresses only, yes/no actions, and the display off by default.
@Suite struct DisplaySettingsTests {
    @Test(arguments: [
        ("127.0.0.1:8080", "127.0.0.1", UInt16(8080), false, true),
        ("[::1]:8080", "::1", 8080, true, true),
        ("0.0.0.0:80", "0.0.0.0", 80, false, false),
        ("192.168.1.20:8080", "192.168.1.20", 8080, false, false),
    ])
    func readsNumericAddresses(text: String, host: String, port: UInt16, ipv6: Bool, loopback: Bool) throws {
        let address = try #require(DisplaySettings.Address(text))
        #expect(
            address.host == host && address.port == port && address.isIPv6 == ipv6 && address.isLoopback == loopback
        )
        #expect(address.description == text)
    }

    @Test(arguments: [
        "localhost:8080", "127.0.0.1", "127.0.0.1:", "127.0.0.1:65536", "127.0.0.1:80a", "[::1]8080", "::1:8080",
        "1.2.3:80", "",
    ])
    func refusesAnythingElse(text: String) {
        #expect(DisplaySettings.Address(text) == nil)
    }

    @Test func isOffUnlessListenIsSetAndChecksItsValues() throws {
        let off = try DaemonConfig.parse(ConfigFile(path: "test.conf", text: "[kiosk]\nterminal = T-0001\n"))
        #expect(off.display.listen == nil && !off.display.customerActions)
        let on = try DaemonConfig.parse(
            ConfigFile(
                path: "test.conf",
                text: "[display]\nlisten = 127.0.0.1:8080\ncustomer_actions = yes\nmax_connections = 4\n"
            )
        )
        #expect(on.display.listen?.port == 8080 && on.display.customerActions && on.display.maximumConnections == 4)
        #expect(throws: ConfigError.self) {
            try DaemonConfig.parse(ConfigFile(path: "t", text: "[display]\nlisten = localhost:8080\n"))
        }
        #expect(throws: ConfigError.self) {
            try DaemonConfig.parse(ConfigFile(path: "t", text: "[display]\ncustomer_actions = maybe\n"))
        }
        #expect(throws: ConfigError.self) {
            try DaemonConfig.parse(ConfigFile(path: "t", text: "[display]\nmax_connections = 1\n"))
        }
    }
}
