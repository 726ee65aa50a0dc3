import Testing

@testable import Kiosk

/// Account refusals say what really happened.
@Suite struct AccountErrorTests {
    @Test(arguments: [(Int64(10), "after 10 seconds"), (60, "after 1 minute"), (90, "after 90 seconds"), (900, "after 15 minutes")])
    func anExpiredLoginSaysItsRealIdleTime(idle: Int64, words: String) {
        #expect(AccountError.tokenExpired(idleSeconds: idle).message.contains(words))
    }
}
