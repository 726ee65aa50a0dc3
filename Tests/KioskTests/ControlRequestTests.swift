import Foundation
import Testing

@testable import Kiosk
@testable import KioskProtocol

@Suite struct ControlRequestTests {
    static let session = "00000000000000ff"

    @Test(arguments: [
        (#"{"id":1,"op":"status"}"#, ControlRequest.status),
        (#"{"id":"a","op":"session.open","program":"KMTPREMIUM","amount":3000}"#, .openSession(program: ProgramCode("KMTPREMIUM")!, amount: 3000)),
        (#"{"id":2,"op":"session.present","session":"00000000000000ff","code":"X"}"#, .present(session: SessionID(rawValue: 255), code: .scanned("X"))),
        (#"{"id":2,"op":"session.present","session":"00000000000000ff","code":"123","typed":true}"#, .present(session: SessionID(rawValue: 255), code: .typed("123"))),
        (#"{"id":3,"op":"session.confirm","session":"00000000000000ff","idempotency_key":"k-1"}"#, .confirm(session: SessionID(rawValue: 255), idempotencyKey: IdempotencyKey("k-1")!)),
        (#"{"id":4,"op":"balance","code":"X"}"#, .balance(.scanned("X"))),
        (#"{"id":5,"op":"events.subscribe"}"#, .subscribe),
    ])
    func decodesEachOperation(line: String, expected: ControlRequest) throws {
        let (id, _, result) = ControlRequest.decode(Array(line.utf8))
        #expect(id != nil)
        #expect(try result.get() == expected)
    }

    @Test(arguments: [
        ("not json", nil as RequestID?, "bad_request"),
        ("[1,2]", nil, "bad_request"),
        (#"{"op":"status"}"#, nil, "bad_request"),
        (#"{"id":true,"op":"status"}"#, nil, "bad_request"),
        (#"{"id":1,"op":"launch"}"#, .number(1), "unknown_op"),
        (#"{"id":1}"#, .number(1), "bad_request"),
        (#"{"id":1,"op":"status","extra":0}"#, .number(1), "bad_request"),
        (#"{"id":"x","op":"session.open","program":"KMTPREMIUM","amount":"3000"}"#, .string("x"), "bad_request"),
        (#"{"id":"x","op":"session.open","program":"KMTPREMIUM","amount":30.5}"#, .string("x"), "bad_request"),
        (#"{"id":"x","op":"session.open","program":"kmt premium","amount":3000}"#, .string("x"), "bad_request"),
        (#"{"id":"x","op":"session.status","session":"xyz"}"#, .string("x"), "bad_request"),
        (#"{"id":"x","op":"session.present","session":"00000000000000ff","code":"A","typed":"yes"}"#, .string("x"), "bad_request"),
        (#"{"id":"x","op":"session.confirm","session":"00000000000000ff","idempotency_key":""}"#, .string("x"), "bad_request"),
    ])
    func refusesMalformedRequests(line: String, id: RequestID?, code: String) {
        let (decodedID, _, result) = ControlRequest.decode(Array(line.utf8))
        #expect(decodedID == id)
        guard case .failure(let error) = result else {
            Issue.record("accepted \(line)")
            return
        }
        #expect(error.code == code)
        #expect(!error.message.isEmpty)
    }

    /// What Foundation's decoder lets through and a money request must not: each is refused whole,
    /// with the reason, before any field is read.
    @Test(arguments: [
        (#"{"id":1,"op":"session.open","program":"KMTPREMIUM","amount":3000,}"#, "trailing comma"),
        (#"{"id":1,"op":"session.open","program":"KMTPREMIUM","amount":1000,"amount":3000}"#, "'amount' given twice"),
        (#"{"id":1,"op":"session.open","program":"KMTPREMIUM","amo\u0075nt":1000,"amount":3000}"#, "'amount' given twice"),
        (#"{"id":1,"op":"session.open","program":"KMTPREMIUM","amount":1000.0}"#, "fraction or an exponent"),
        (#"{"id":1,"op":"session.open","program":"KMTPREMIUM","amount":1e3}"#, "fraction or an exponent"),
        (#"{"id":1,"op":"session.open","program":"KMTPREMIUM","amount":01000}"#, "leading zero"),
        (#"{"id":1,"op":"status"} {"id":2,"op":"status"}"#, "text after"),
        (#"{"id":1,"op":"status","x":[1,]}"#, "trailing comma"),
        (#"{"id":1,"op":"status","x":"\ud800"}"#, "surrogate"),
        ("{\"id\":1,\"op\":\"status\",\"x\":\"a\tb\"}", "control character"),
        (String(repeating: "[", count: 100) + String(repeating: "]", count: 100), "nesting"),
    ])
    func refusesWhatStrictJSONRefuses(line: String, reason: String) {
        let (_, _, result) = ControlRequest.decode(Array(line.utf8))
        guard case .failure(let error) = result else {
            Issue.record("accepted \(line)")
            return
        }
        #expect(error.code == "bad_request")
        #expect(error.message.contains(reason), "\(error.message)")
    }

    @Test func strictJSONTakesWhatRFC8259Allows() throws {
        for line in [
            #"{ "id" : 1 , "op" : "status" }"#, #"{"id":-0,"op":"status"}"#, #"{"id":"\u00e9\ud83d\ude00","op":"status"}"#,
            #"{"id":1,"op":"status","x":[true,false,null,{"a":[]},"\"\\\/\b\f\n\r\t"]}"#, "\t{\"id\":1}\r",
        ] {
            try StrictJSON.check(Array(line.utf8))
        }
    }

    @Test func repliesEchoTheIdAndCarryStableErrorCodes() throws {
        let failure = ControlReply.failure(id: .string("7"), .unknownOperation("x"))
        let object = try JSONSerialization.jsonObject(with: Data(failure.line)) as? [String: Any]
        #expect(object?["id"] as? String == "7")
        #expect(object?["ok"] as? Bool == false)
        #expect((object?["error"] as? [String: Any])?["code"] as? String == "unknown_op")
        let anonymous = String(decoding: ControlReply.failure(id: nil, .shuttingDown).line, as: UTF8.self)
        #expect(anonymous.contains(#""id":null"#))
    }
}
