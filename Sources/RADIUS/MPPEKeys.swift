import IKECrypto

/// The MS-MPPE-Recv-Key and MS-MPPE-Send-Key of an Access-Accept
/// (RFC 2548 §2.4.2, §2.4.3), decrypted, and the IKEv2 MSK made of them.
public struct MPPEKeys: Sendable {
    public let recv: SecretBytes
    public let send: SecretBytes

    public init(recv: SecretBytes, send: SecretBytes) {
        self.recv = recv
        self.send = send
    }

    /// Decrypts the keys of `packet`, which answered the request whose
    /// Request Authenticator was `requestAuthenticator`. Each must be present
    /// exactly once (as a Microsoft vendor sub-attribute).
    public init(decrypting packet: RADIUSPacket, secret: SecretBytes, requestAuthenticator: [UInt8]) throws(MPPEKeyError) {
        let microsoft: [RADIUSVendorSpecific]
        do { microsoft = try packet.vendorSpecific(RADIUSVendorSpecific.microsoft) } catch { throw .malformedAttribute(error) }
        func value(_ type: MicrosoftAttributeType) throws(MPPEKeyError) -> [UInt8] {
            let values = microsoft.flatMap { $0.values(ofType: type.rawValue) }
            guard values.count == 1 else { throw .missingOrRepeated(type) }
            return values[0]
        }
        recv = try MPPEKey.decrypt(try value(.mppeRecvKey), secret: secret, requestAuthenticator: requestAuthenticator)
        send = try MPPEKey.decrypt(try value(.mppeSendKey), secret: secret, requestAuthenticator: requestAuthenticator)
    }

    /// The 64-octet MSK for IKEv2's AUTH after EAP (RFC 7296 §2.16).
    public func msk() throws(MPPEKeyError) -> SecretBytes {
        try Self.msk(recv: recv, send: send)
    }

    /// MSK = MS-MPPE-Recv-Key ‖ MS-MPPE-Send-Key, zero-padded to 64 octets.
    ///
    /// The order and padding are chosen so that a RADIUS server's keys give
    /// the same MSK as `MSCHAPv2.ikev2MSK`, which the gateway derives itself
    /// for local users and which strongSwan and Windows use:
    /// MasterReceiveKey(16) ‖ MasterSendKey(16) ‖ 32 zero octets, keys named
    /// from the server's side. A RADIUS server sends its MasterReceiveKey as
    /// MS-MPPE-Recv-Key and its MasterSendKey as MS-MPPE-Send-Key (RFC 3079
    /// §3.5 names; FreeRADIUS and NPS send both 16 octets long for
    /// EAP-MSCHAPv2), so Recv ‖ Send ‖ zeros is the same 64 octets
    /// (RADIUSTests checks it against `ikev2MSK`). Padding each key to 32
    /// octets instead would put zeros between them and break that equality.
    /// For methods whose server sends the two 32-octet halves of a 64-octet
    /// MSK (RFC 5216 §2.3: Recv-Key the first 32 octets, Send-Key the next
    /// 32) the same rule gives that MSK unchanged. strongSwan's eap-radius
    /// plugin concatenates Recv and Send the same way.
    ///
    /// - Throws: ``MPPEKeyError/keyTooLong(_:)`` for a key over 32 octets.
    public static func msk(recv: SecretBytes, send: SecretBytes) throws(MPPEKeyError) -> SecretBytes {
        guard recv.count <= 32 else { throw .keyTooLong(recv.count) }
        guard send.count <= 32 else { throw .keyTooLong(send.count) }
        var msk = [UInt8]()
        msk.reserveCapacity(64)
        recv.withUnsafeBytes { msk.append(contentsOf: $0) }
        send.withUnsafeBytes { msk.append(contentsOf: $0) }
        msk.append(contentsOf: repeatElement(0, count: 64 - msk.count))
        return SecretBytes(msk)
    }
}
