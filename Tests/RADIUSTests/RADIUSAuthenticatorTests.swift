import IKECrypto
import Testing
import TestSupport
@testable import RADIUS

/// Message-Authenticator (RFC 3579 §3.2), Response Authenticator (RFC 2865
/// §3) and the accounting authenticators (RFC 2866 §3), against packets
/// computed by Tests/CrossChecks/radius_vectors.py with Python's hashlib
/// and hmac.
@Suite struct RADIUSAuthenticatorTests {
    static let secret = SecretBytes(Array("xyzzy5461".utf8))

    static let accessRequest = RADIUSPacket(
        code: .accessRequest, identifier: 7, authenticator: V.requestAuthenticator,
        attributes: [RADIUSAttribute(.userName, text: "nemo"), RADIUSAttribute(.nasIdentifier, text: "gatehouse"),
                     RADIUSAttribute(.nasPortType, integer: 5)] + RADIUSPacket.eapMessageAttributes(V.eapIdentityResponse))

    static let accessChallenge = RADIUSPacket(
        code: .accessChallenge, identifier: 7, authenticator: [UInt8](repeating: 0, count: 16),
        attributes: RADIUSPacket.eapMessageAttributes(V.eapChallenge) + [RADIUSAttribute(.state, value: V.state)])

    @Test func accessRequestMessageAuthenticatorMatchesPython() throws {
        #expect(try Self.accessRequest.encodedRequest(secret: Self.secret) == V.accessRequest)
        // A Message-Authenticator already present is filled in place, not added.
        var withPlaceholder = Self.accessRequest
        withPlaceholder.attributes.append(RADIUSAttribute(.messageAuthenticator, value: [UInt8](repeating: 0xEE, count: 16)))
        #expect(try withPlaceholder.encodedRequest(secret: Self.secret) == V.accessRequest)
        let verified = try RADIUSPacket.verifiedRequest(V.accessRequest, secret: Self.secret)
        #expect(try verified.eapMessage() == V.eapIdentityResponse)
    }

    @Test func accessChallengeMatchesPythonAndVerifies() throws {
        #expect(try Self.accessChallenge.encodedResponse(requestAuthenticator: V.requestAuthenticator, secret: Self.secret)
            == V.accessChallenge)
        let packet = try RADIUSPacket.verifiedResponse(V.accessChallenge, requestAuthenticator: V.requestAuthenticator, secret: Self.secret)
        #expect(try packet.eapMessage() == V.eapChallenge)
        #expect(packet.first(.state)?.value == V.state)
    }

    @Test func accessAcceptVerifies() throws {
        let packet = try RADIUSPacket.verifiedResponse(V.accessAccept, requestAuthenticator: V.requestAuthenticator, secret: Self.secret)
        #expect(packet.code == .accessAccept)
        #expect(try packet.eapMessage() == [3, 3, 0, 4])
    }

    @Test func everySingleBitFlipIsRejected() {
        for vector in [V.accessChallenge, V.accessAccept, V.accountingResponse] {
            for bit in 0..<(vector.count * 8) {
                var forged = vector
                forged[bit / 8] ^= UInt8(1 << (bit % 8))
                #expect(throws: RADIUSAuthenticationError.self, "bit \(bit)") {
                    try RADIUSPacket.verifiedResponse(forged, requestAuthenticator: V.requestAuthenticator, secret: Self.secret)
                }
            }
        }
        for bit in 0..<(V.accessRequest.count * 8) {
            var forged = V.accessRequest
            forged[bit / 8] ^= UInt8(1 << (bit % 8))
            #expect(throws: RADIUSAuthenticationError.self, "bit \(bit)") { try RADIUSPacket.verifiedRequest(forged, secret: Self.secret) }
        }
        for bit in 0..<(V.accountingRequest.count * 8) {
            var forged = V.accountingRequest
            forged[bit / 8] ^= UInt8(1 << (bit % 8))
            #expect(throws: RADIUSAuthenticationError.self, "bit \(bit)") { try RADIUSPacket.verifiedAccountingRequest(forged, secret: Self.secret) }
        }
    }

    @Test func oneBitOfTheMessageAuthenticatorWithAValidResponseAuthenticator() throws {
        // Flip a Message-Authenticator bit and re-sign the Response
        // Authenticator, so only the HMAC catches it.
        var forged = V.accessChallenge
        forged[forged.count - 1] ^= 1
        let resigned = try RADIUSDigest.authenticator(forged[...], authenticatorField: V.requestAuthenticator, secret: Self.secret)
        forged.replaceSubrange(4..<20, with: resigned)
        #expect(throws: RADIUSAuthenticationError.messageAuthenticatorMismatch) {
            try RADIUSPacket.verifiedResponse(forged, requestAuthenticator: V.requestAuthenticator, secret: Self.secret)
        }
    }

    @Test func wrongSecretOrRequestAuthenticatorFails() {
        #expect(throws: RADIUSAuthenticationError.authenticatorMismatch) {
            try RADIUSPacket.verifiedResponse(V.accessChallenge, requestAuthenticator: V.requestAuthenticator,
                                              secret: SecretBytes(Array("xyzzy5460".utf8)))
        }
        var otherRequest = V.requestAuthenticator
        otherRequest[15] ^= 0x80
        #expect(throws: RADIUSAuthenticationError.authenticatorMismatch) {
            try RADIUSPacket.verifiedResponse(V.accessChallenge, requestAuthenticator: otherRequest, secret: Self.secret)
        }
        #expect(throws: RADIUSAuthenticationError.messageAuthenticatorMismatch) {
            try RADIUSPacket.verifiedRequest(V.accessRequest, secret: SecretBytes(Array("xyzzy5460".utf8)))
        }
    }

    @Test func accessResponsesWithoutMessageAuthenticatorAreRefused() throws {
        // Correctly signed by Response Authenticator, but without a
        // Message-Authenticator: refused for Accept, Reject and Challenge.
        for code in [RADIUSCode.accessAccept, .accessReject, .accessChallenge] {
            let packet = RADIUSPacket(code: code, identifier: 7, authenticator: [UInt8](repeating: 0, count: 16),
                                      attributes: [RADIUSAttribute(.replyMessage, text: "hello")])
            var octets = try packet.encoded()
            octets.replaceSubrange(4..<20, with: try RADIUSDigest.authenticator(octets[...], authenticatorField: V.requestAuthenticator,
                                                                                secret: Self.secret))
            #expect(throws: RADIUSAuthenticationError.missingMessageAuthenticator, "\(code)") {
                try RADIUSPacket.verifiedResponse(octets, requestAuthenticator: V.requestAuthenticator, secret: Self.secret)
            }
            // Signed properly, the same packet passes.
            let signed = try packet.encodedResponse(requestAuthenticator: V.requestAuthenticator, secret: Self.secret)
            #expect(throws: Never.self) {
                try RADIUSPacket.verifiedResponse(signed, requestAuthenticator: V.requestAuthenticator, secret: Self.secret)
            }
        }
        // An Access-Request without one is refused by a server too.
        let unsigned = try Self.accessRequest.encoded()
        #expect(throws: RADIUSAuthenticationError.missingMessageAuthenticator) {
            try RADIUSPacket.verifiedRequest(unsigned, secret: Self.secret)
        }
    }

    @Test func repeatedOrShortMessageAuthenticatorIsRefused() throws {
        var twice = Self.accessChallenge
        twice.attributes += [RADIUSAttribute(.messageAuthenticator, value: [UInt8](repeating: 0, count: 16)),
                             RADIUSAttribute(.messageAuthenticator, value: [UInt8](repeating: 0, count: 16))]
        #expect(throws: RADIUSEncodingError.invalidMessageAuthenticator) {
            try twice.encodedResponse(requestAuthenticator: V.requestAuthenticator, secret: Self.secret)
        }
        var short = Self.accessChallenge
        short.attributes.append(RADIUSAttribute(.messageAuthenticator, value: [UInt8](repeating: 0, count: 15)))
        #expect(throws: RADIUSEncodingError.invalidMessageAuthenticator) { try short.encodedRequest(secret: Self.secret) }
        // Received: a second Message-Authenticator after a valid one.
        let valid = try RADIUSPacket(decoding: V.accessChallenge)
        var received = valid
        received.attributes.append(valid.attributes.last!)
        var octets = try received.encoded()
        octets.replaceSubrange(4..<20, with: try RADIUSDigest.authenticator(octets[...], authenticatorField: V.requestAuthenticator,
                                                                            secret: Self.secret))
        #expect(throws: RADIUSAuthenticationError.invalidMessageAuthenticator) {
            try RADIUSPacket.verifiedResponse(octets, requestAuthenticator: V.requestAuthenticator, secret: Self.secret)
        }
    }

    @Test func unexpectedCodesAndMalformedPacketsAreRefused() {
        #expect(throws: RADIUSAuthenticationError.unexpectedCode(.accessRequest)) {
            try RADIUSPacket.verifiedResponse(V.accessRequest, requestAuthenticator: V.requestAuthenticator, secret: Self.secret)
        }
        #expect(throws: RADIUSAuthenticationError.unexpectedCode(.accessChallenge)) {
            try RADIUSPacket.verifiedRequest(V.accessChallenge, secret: Self.secret)
        }
        #expect(throws: RADIUSAuthenticationError.malformed(.truncatedHeader(octets: 3))) {
            try RADIUSPacket.verifiedResponse([2, 0, 0], requestAuthenticator: V.requestAuthenticator, secret: Self.secret)
        }
    }

    @Test func accountingMatchesPython() throws {
        let request = RADIUSPacket(code: .accountingRequest, identifier: 9, authenticator: [UInt8](repeating: 0xFF, count: 16),
                                   attributes: [RADIUSAttribute(.acctStatusType, integer: 1), RADIUSAttribute(.acctSessionID, text: "gh-0001"),
                                                RADIUSAttribute(.userName, text: "nemo")])
        #expect(try request.encodedAccountingRequest(secret: Self.secret) == V.accountingRequest)
        #expect(try RADIUSPacket.verifiedAccountingRequest(V.accountingRequest, secret: Self.secret).first(.acctSessionID)?.text() == "gh-0001")
        let requestAuthenticator = Array(V.accountingRequest[4..<20])
        let response = RADIUSPacket(code: .accountingResponse, identifier: 9, authenticator: [UInt8](repeating: 0, count: 16))
        // No Message-Authenticator in an Accounting-Response (RFC 2866).
        #expect(try response.encodedResponse(requestAuthenticator: requestAuthenticator, secret: Self.secret) == V.accountingResponse)
        #expect(throws: Never.self) {
            try RADIUSPacket.verifiedResponse(V.accountingResponse, requestAuthenticator: requestAuthenticator, secret: Self.secret)
        }
        #expect(throws: RADIUSAuthenticationError.authenticatorMismatch) {
            try RADIUSPacket.verifiedResponse(V.accountingResponse, requestAuthenticator: V.requestAuthenticator, secret: Self.secret)
        }
    }
}
