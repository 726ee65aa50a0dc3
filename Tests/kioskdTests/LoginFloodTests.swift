import Foundation
import Kiosk
import Synchronization
import Testing

@testable import kioskd

/// Password hashing runs off the desk, a few at a time per peer: a login flood does not hold up
/// other clients.
extension ControlSocketTests {
    @Test func aStatusSentAfter200PipelinedLoginsIsAnsweredBeforeThem() throws {
        try withDaemon { daemon, path, _ in
            let flood = try Client(path: path)
            let lines = (1...200).map { #"{"id":\#($0),"op":"login","name":"nobody","password":"Wrong-pass-\#($0)"}"# }
            flood.send(lines.joined(separator: "\n") + "\n")
            let other = try Client(path: path)
            #expect(try other.succeeds(#"{"id":"s","op":"status"}"#))
            // What the flood has received by the time status was answered.
            var answered = 0
            var chunk = [UInt8](repeating: 0, count: 65_536)
            while true {
                let count = chunk.withUnsafeMutableBytes { recv(flood.fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
                if count <= 0 { break }
                flood.buffer.append(contentsOf: chunk[0..<count])
            }
            answered = flood.buffer.filter { $0 == 10 }.count
            #expect(answered < 200, "status waited for all 200 logins")
            // Every login is answered, in order, each refused the same way.
            var ids: [RequestID?] = []
            while ids.count < 200, let reply = try flood.readReply() {
                ids.append(reply.id)
                let code = reply.error?.code
                #expect(code == "wrong_credentials" || code == "account_locked")
            }
            #expect(ids == (1...200).map { .number(Int64($0)) })
        }
    }
}

/// The hashing queue's bounds: workers, a share per peer, peers served in turn.
@Suite struct HashingQueueTests {
    @Test func onePeerGetsItsShareAndAnotherPeerIsServedBeforeItsBacklog() {
        let queue = HashingQueue(workers: 3, perPeer: 2)
        let release = DispatchSemaphore(value: 0)
        let started = DispatchSemaphore(value: 0)
        let order = Mutex<[String]>([])
        for index in 1...5 {
            queue.submit(peer: 1000) {
                order.withLock { $0.append("flood \(index)") }
                started.signal()
                release.wait()
            }
        }
        started.wait()
        started.wait()
        #expect(queue.load.running == 2 && queue.load.waiting == 3, "one uid holds at most 2 workers")
        queue.submit(peer: 0) {
            order.withLock { $0.append("root") }
            started.signal()
        }
        started.wait()  // a third worker was free, and the other uid got it
        #expect(order.withLock { $0 }.last == "root")
        for _ in 1...5 { release.signal() }
        for _ in 1...3 { started.wait() }
        #expect(order.withLock { $0 }.count == 6)
    }
}

extension ControlSocketTests {
    @Test func aClientThatShutsItsSideAfterPipeliningGetsEveryAnswer() throws {
        try withDaemon { _, path, _ in
            let client = try Client(path: path)
            client.send((1...3).map { #"{"id":\#($0),"op":"login","name":"nobody","password":"Wrong-pass-\#($0)"}"# }.joined(separator: "\n") + "\n")
            shutdown(client.fd, Int32(SHUT_WR))
            var ids: [RequestID?] = []
            while let reply = try client.readReply() { ids.append(reply.id) }
            #expect(ids == [.number(1), .number(2), .number(3)])
        }
    }
}
