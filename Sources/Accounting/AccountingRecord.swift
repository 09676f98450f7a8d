import Foundation
import RADIUS

/// One spooled Accounting-Request: everything but Acct-Delay-Time, which
/// depends on when it is sent (RFC 2866 §5.2), and the identifier and
/// authenticator, which are the transport's.
struct AccountingRecord: Sendable, Hashable {
    /// Spool order: records are sent in it per session, and barriers in it
    /// for all.
    var sequence: Int64
    /// Acct-Session-Id for session records; empty for Accounting-On/Off,
    /// which belong to no session.
    var sessionID: String
    var status: AccountingStatusType
    /// When the event happened (Event-Timestamp, RFC 2869 §5.3), to the
    /// millisecond, so Acct-Delay-Time can be computed at each attempt.
    var eventTime: Date
    var attributes: [RADIUSAttribute]

    /// The Accounting-Request for one send attempt: the attributes with
    /// Acct-Delay-Time = `now` − the event time, in whole seconds (RFC 2866
    /// §5.2: "how many seconds the client has been trying to send this
    /// record"). Each attempt builds it again, so a retry carries the longer
    /// delay; the transport's own retransmissions resend identical octets
    /// (RFC 5080 §2.2.1).
    func request(sentAt now: Date) -> RADIUSPacket {
        let seconds = AccountingRecordBuilder.seconds(now.timeIntervalSince(eventTime))
        return RADIUSPacket(code: .accountingRequest, identifier: 0, authenticator: Self.zeroAuthenticator,
                            attributes: attributes + [RADIUSAttribute(.acctDelayTime, integer: seconds)])
    }

    /// The attributes as stored: an Accounting-Request encoded with a zero
    /// authenticator, so the codec checks lengths both ways. Encoding here,
    /// when the record is made, refuses a record that could never be sent
    /// (a value over 253 octets, a packet over 4096) before it is spooled.
    func encodedAttributes() throws(RADIUSEncodingError) -> [UInt8] {
        try RADIUSPacket(code: .accountingRequest, identifier: 0, authenticator: Self.zeroAuthenticator, attributes: attributes).encoded()
    }

    init(sequence: Int64, sessionID: String, status: AccountingStatusType, eventTime: Date, attributes: [RADIUSAttribute]) {
        self.sequence = sequence
        self.sessionID = sessionID
        self.status = status
        self.eventTime = eventTime
        self.attributes = attributes
    }

    /// A stored record; throws if its octets no longer decode.
    init(sequence: Int64, sessionID: String, status: AccountingStatusType, eventTime: Date,
         encodedAttributes: [UInt8]) throws(RADIUSDecodingError) {
        self.init(sequence: sequence, sessionID: sessionID, status: status, eventTime: eventTime,
                  attributes: try RADIUSPacket(decoding: encodedAttributes).attributes)
    }

    static let zeroAuthenticator = [UInt8](repeating: 0, count: RADIUSPacket.authenticatorSize)
}
