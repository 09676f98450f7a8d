import IKECrypto

/// Signing and verifying packets with the shared secret: the Request and
/// Response Authenticators (RFC 2865 §3, RFC 2866 §3) and the
/// Message-Authenticator (RFC 3579 §3.2). All comparisons are constant-time.
extension RADIUSPacket {
    /// An Access-Request or Status-Server ready to send: the
    /// Message-Authenticator (appended if the packet has none) is computed
    /// over the packet with ``authenticator`` as Request Authenticator,
    /// which the caller must have filled with 16 unpredictable octets
    /// (RFC 2865 §3). Every request carries one (RFC 3579 §3.2 for EAP,
    /// RFC 5997 §2 for Status-Server, and against BlastRADIUS for the rest).
    public func encodedRequest(secret: SecretBytes) throws(RADIUSEncodingError) -> [UInt8] {
        try withMessageAuthenticator().encodedSigningMessageAuthenticator(authenticatorField: authenticator, secret: secret)
    }

    /// An Accounting-Request ready to send, its Authenticator
    /// MD5(Code + Identifier + Length + 16 zero octets + Attributes + Secret)
    /// (RFC 2866 §3). ``authenticator`` is ignored.
    public func encodedAccountingRequest(secret: SecretBytes) throws(RADIUSEncodingError) -> [UInt8] {
        try encodedSigned(authenticatorField: Self.zeroAuthenticator, secret: secret)
    }

    /// A response to a request whose Request Authenticator is
    /// `requestAuthenticator`: Access-Accept, -Reject and -Challenge get a
    /// Message-Authenticator (appended if absent) computed with the Request
    /// Authenticator (RFC 3579 §3.2), then the Response Authenticator
    /// MD5(Code + Identifier + Length + RequestAuth + Attributes + Secret)
    /// (RFC 2865 §3) over the result. ``authenticator`` is ignored. For test
    /// servers; the gateway only sends requests.
    public func encodedResponse(requestAuthenticator: [UInt8], secret: SecretBytes) throws(RADIUSEncodingError) -> [UInt8] {
        let packet = code.isAccessResponse ? withMessageAuthenticator() : self
        return try packet.encodedSigned(authenticatorField: requestAuthenticator, secret: secret)
    }

    /// Decodes and verifies a response to the request whose Request
    /// Authenticator was `requestAuthenticator` (matching identifiers is
    /// the caller's). Accepts Access-Accept, -Reject, -Challenge and
    /// Accounting-Response. The Response Authenticator must match
    /// (RFC 2865 §3, RFC 2866 §3), and Access-Accept, -Reject and
    /// -Challenge must carry exactly one Message-Authenticator, which must
    /// match (RFC 3579 §3.2; required for every one of them, not only those
    /// with EAP-Message, against BlastRADIUS). An Accounting-Response has
    /// none (RFC 2866); if it has one, it must match too.
    public static func verifiedResponse(_ datagram: some Collection<UInt8>, requestAuthenticator: [UInt8],
                                        secret: SecretBytes) throws(RADIUSAuthenticationError) -> RADIUSPacket {
        guard requestAuthenticator.count == authenticatorSize else {
            throw .crypto(CryptoError(.invalidLength, "request authenticator of \(requestAuthenticator.count) octets"))
        }
        let (octets, packet) = try decodedForVerification(datagram)
        guard packet.code.isAccessResponse || packet.code == .accountingResponse else { throw .unexpectedCode(packet.code) }
        let macOffset = try packet.verifiedMessageAuthenticatorOffset(required: packet.code.isAccessResponse)
        let expected = try mapCrypto { () throws(CryptoError) in
            try RADIUSDigest.authenticator(octets, authenticatorField: requestAuthenticator, secret: secret)
        }
        guard constantTimeEquals(expected, octets[4..<20]) else { throw .authenticatorMismatch }
        if let macOffset {
            try verifyMessageAuthenticator(octets, authenticatorField: requestAuthenticator, valueOffset: macOffset, secret: secret)
        }
        return packet
    }

    /// Decodes and verifies an Access-Request or Status-Server, as a server
    /// does: a Message-Authenticator is required and must match (RFC 3579
    /// §3.2, RFC 5997 §2).
    public static func verifiedRequest(_ datagram: some Collection<UInt8>,
                                       secret: SecretBytes) throws(RADIUSAuthenticationError) -> RADIUSPacket {
        let (octets, packet) = try decodedForVerification(datagram)
        guard packet.code == .accessRequest || packet.code == .statusServer else { throw .unexpectedCode(packet.code) }
        guard let macOffset = try packet.verifiedMessageAuthenticatorOffset(required: true) else { throw .missingMessageAuthenticator }
        try verifyMessageAuthenticator(octets, authenticatorField: packet.authenticator, valueOffset: macOffset, secret: secret)
        return packet
    }

    /// Decodes and verifies an Accounting-Request's Authenticator
    /// (RFC 2866 §3), as a server does.
    public static func verifiedAccountingRequest(_ datagram: some Collection<UInt8>,
                                                 secret: SecretBytes) throws(RADIUSAuthenticationError) -> RADIUSPacket {
        let (octets, packet) = try decodedForVerification(datagram)
        guard packet.code == .accountingRequest else { throw .unexpectedCode(packet.code) }
        let expected = try mapCrypto { () throws(CryptoError) in
            try RADIUSDigest.authenticator(octets, authenticatorField: zeroAuthenticator, secret: secret)
        }
        guard constantTimeEquals(expected, octets[4..<20]) else { throw .authenticatorMismatch }
        return packet
    }

    // MARK: Helpers

    private static let zeroAuthenticator = [UInt8](repeating: 0, count: authenticatorSize)

    /// The packet and its octets up to Length, which is what is hashed.
    private static func decodedForVerification(_ datagram: some Collection<UInt8>)
        throws(RADIUSAuthenticationError) -> (ArraySlice<UInt8>, RADIUSPacket) {
        let octets = Array(datagram)
        do {
            let packet = try RADIUSPacket(decoding: octets)
            return (octets[0..<(try validatedLength(of: octets))], packet)
        } catch {
            throw .malformed(error)
        }
    }

    private static func verifyMessageAuthenticator(_ octets: ArraySlice<UInt8>, authenticatorField: [UInt8], valueOffset: Int,
                                                   secret: SecretBytes) throws(RADIUSAuthenticationError) {
        let expected = try mapCrypto { () throws(CryptoError) in
            try RADIUSDigest.messageAuthenticator(octets, authenticatorField: authenticatorField, valueOffset: valueOffset, secret: secret)
        }
        let start = octets.startIndex + valueOffset
        guard constantTimeEquals(expected, octets[start..<(start + 16)]) else { throw .messageAuthenticatorMismatch }
    }

    private static func mapCrypto<T>(_ body: () throws(CryptoError) -> T) throws(RADIUSAuthenticationError) -> T {
        do { return try body() } catch { throw .crypto(error) }
    }

    /// The offset of the Message-Authenticator's value from the packet's
    /// start, nil if there is none; `nil` for more than one or one that is
    /// not 16 octets is not possible: those throw.
    private func messageAuthenticatorOffset() -> Result<Int?, RADIUSAuthenticationError> {
        var offset = Self.headerSize
        var found: Int?
        for attribute in attributes {
            if attribute.type == .messageAuthenticator {
                guard found == nil, attribute.value.count == 16 else { return .failure(.invalidMessageAuthenticator) }
                found = offset + 2
            }
            offset += 2 + attribute.value.count
        }
        return .success(found)
    }

    private func verifiedMessageAuthenticatorOffset(required: Bool) throws(RADIUSAuthenticationError) -> Int? {
        let offset = try messageAuthenticatorOffset().get()
        if required && offset == nil { throw .missingMessageAuthenticator }
        return offset
    }

    /// This packet with a (zero) Message-Authenticator appended if it has none.
    private func withMessageAuthenticator() -> RADIUSPacket {
        guard !attributes.contains(where: { $0.type == .messageAuthenticator }) else { return self }
        var packet = self
        packet.attributes.append(RADIUSAttribute(.messageAuthenticator, value: [UInt8](repeating: 0, count: 16)))
        return packet
    }

    /// Encoded with `authenticatorField` in the header and any
    /// Message-Authenticator computed over it.
    private func encodedSigningMessageAuthenticator(authenticatorField: [UInt8],
                                                    secret: SecretBytes) throws(RADIUSEncodingError) -> [UInt8] {
        var packet = self
        packet.authenticator = authenticatorField
        var octets = try packet.encoded()
        guard case .success(let macOffset) = packet.messageAuthenticatorOffset() else { throw .invalidMessageAuthenticator }
        if let macOffset {
            let mac: [UInt8]
            do {
                mac = try RADIUSDigest.messageAuthenticator(octets[...], authenticatorField: authenticatorField,
                                                            valueOffset: macOffset, secret: secret)
            } catch { throw .crypto(error) }
            octets.replaceSubrange(macOffset..<(macOffset + 16), with: mac)
        }
        return octets
    }

    /// Encoded with any Message-Authenticator computed, then the
    /// MD5 authenticator over `authenticatorField` written into the header.
    private func encodedSigned(authenticatorField: [UInt8], secret: SecretBytes) throws(RADIUSEncodingError) -> [UInt8] {
        var octets = try encodedSigningMessageAuthenticator(authenticatorField: authenticatorField, secret: secret)
        let signature: [UInt8]
        do {
            signature = try RADIUSDigest.authenticator(octets[...], authenticatorField: authenticatorField, secret: secret)
        } catch { throw .crypto(error) }
        octets.replaceSubrange(4..<20, with: signature)
        return octets
    }
}
