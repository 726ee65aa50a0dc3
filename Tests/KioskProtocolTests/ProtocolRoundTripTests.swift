import Foundation
import KioskProtocol
import Testing

/// Every operation's request and reply, and every event, through JSON and back: what kioskctl
/// writes kioskd reads as the same request, and what kioskd answers kioskctl reads as the same result.
@Suite struct ProtocolRoundTripTests {
    @Test func theSamplesCoverEveryOperationShapeAndEvent() {
        let operations = Set(ProtocolSamples.exchanges.map(\.request.operation))
        #expect(operations == Set(ControlRequest.Operation.allCases))
        #expect(Set(ProtocolSamples.exchanges.map(\.result.shape)) == Set(ControlResult.Shape.allCases))
        #expect(Set(ProtocolSamples.events.map(\.kind)) == Set(ControlEvent.Kind.allCases))
    }

    @Test(arguments: ProtocolSamples.exchanges.indices)
    func aRequestComesBackAsItWasSent(index: Int) throws {
        let request = ProtocolSamples.exchanges[index].request
        let line = try ControlRequestLine(id: .number(Int64(index)), token: "t0k3n", request: request).encoded()
        let decoded = ControlRequest.decode(Array(line))
        #expect(decoded.id == .number(Int64(index)))
        #expect(decoded.token == "t0k3n")
        #expect(try decoded.request.get() == request, "\(String(decoding: line, as: UTF8.self))")
    }

    @Test(arguments: ProtocolSamples.exchanges.indices)
    func aReplyComesBackAsItWasSent(index: Int) throws {
        let (request, result) = ProtocolSamples.exchanges[index]
        #expect(result.shape == ControlResult.Shape.answering(request))
        let reply = ControlReplyLine(id: .string("r\(index)"), outcome: .success(result))
        let line = try reply.encoded()
        #expect(
            try ControlReplyLine.decode(line, answering: request) == reply,
            "\(String(decoding: line, as: UTF8.self))"
        )
        // The line kioskd sends is the same text.
        #expect(ControlReply.success(id: .string("r\(index)"), result).line == Array(line))
    }

    @Test func aRefusalComesBackWithItsCodeAndMessage() throws {
        let refusal = ControlReplyLine(id: nil, outcome: .failure(.badRequest("the field 'session' is missing")))
        let line = try refusal.encoded()
        #expect(String(decoding: line, as: UTF8.self).hasPrefix(#"{"error":{"code":"bad_request""#))
        #expect(try ControlReplyLine.decode(line, answering: .status) == refusal)
        #expect(try ControlEventLine.decode(line) == .closing(.badRequest("the field 'session' is missing")))
    }

    @Test(arguments: ProtocolSamples.events)
    func anEventComesBackAsItWasSent(event: ControlEvent) throws {
        let line = try ControlJSON.encoder().encode(event)
        #expect(String(decoding: line, as: UTF8.self).contains(#""event":"\#(event.kind.rawValue)""#))
        #expect(try ControlEventLine.decode(line) == .event(event))
    }
}
