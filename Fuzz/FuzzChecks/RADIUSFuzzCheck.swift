import IKECrypto
import RADIUS

/// What the RADIUS fuzzer checks for one input. The first octet chooses a
/// mode:
///
/// - bit 0 clear: the rest is a datagram. It either fails to decode with a
///   ``RADIUSDecodingError`` or decodes, re-encodes to the same octets up to
///   its Length and decodes to the same packet. Every typed accessor, the
///   Vendor-Specific and EAP-Message readers and the response verification
///   run on it and may only throw.
/// - bit 0 set: the rest is the attribute octets of a packet whose code bits
///   1–3 choose (Access-Accept, -Reject, -Challenge, Accounting-Response,
///   Access-Request, Accounting-Request). The harness wraps them in a header,
///   and if they decode signs the packet with ``secret`` as a server or
///   client would (Message-Authenticator, Response or Accounting
///   Authenticator), so verification must accept it, and must refuse it with
///   any one bit of the signed octets flipped; the verified packet's MPPE
///   keys are then decrypted. This gets the fuzzer past the authenticator
///   checks into what follows them.
///
/// Nothing may trap. Regression tests replay saved inputs through ``run(_:)``.
public enum RADIUSFuzzCheck {
    /// The RADIUSTests vectors' secret and Request Authenticator, so the
    /// MS-MPPE keys of the seeds decrypt.
    public static let secret = SecretBytes(Array("xyzzy5461".utf8))
    public static let requestAuthenticator: [UInt8] = Array(0xA0...0xAF)

    /// The codes of the signing mode, by bits 1–3 of the mode octet.
    public static let signedCodes: [RADIUSCode] = [
        .accessAccept, .accessReject, .accessChallenge, .accountingResponse,
        .accessRequest, .accountingRequest, .accessAccept, .accessChallenge,
    ]

    public static func run(_ input: [UInt8]) {
        guard let mode = input.first else { return }
        let rest = Array(input.dropFirst())
        if mode & 1 == 0 {
            checkDatagram(rest)
        } else {
            checkSigned(code: signedCodes[Int(mode >> 1) & 7], attributes: rest, flip: Int(mode >> 4))
        }
    }

    private static func check(_ condition: Bool, _ message: @autoclosure () -> String) {
        if !condition { preconditionFailure(message()) }
    }

    private static func checkDatagram(_ datagram: [UInt8]) {
        let packet: RADIUSPacket
        do {
            packet = try RADIUSPacket(decoding: datagram)
        } catch {
            return
        }
        let length = Int(datagram[2]) << 8 | Int(datagram[3])
        let encoded: [UInt8]
        do { encoded = try packet.encoded() } catch { preconditionFailure("a decoded packet does not encode: \(error)") }
        check(encoded == Array(datagram.prefix(length)), "re-encoding differs from the octets up to Length")
        check((try? RADIUSPacket(decoding: encoded)) == packet, "re-decoding differs")
        readEverything(packet)
        _ = try? RADIUSPacket.verifiedResponse(datagram, requestAuthenticator: requestAuthenticator, secret: secret)
        _ = try? RADIUSPacket.verifiedRequest(datagram, secret: secret)
        _ = try? RADIUSPacket.verifiedAccountingRequest(datagram, secret: secret)
    }

    /// Every reader; each may throw its typed error, none may trap, and what
    /// reads must round-trip.
    private static func readEverything(_ packet: RADIUSPacket) {
        for attribute in packet.attributes {
            _ = try? attribute.integer()
            _ = try? attribute.text()
            _ = try? attribute.ipv4Address()
            _ = try? attribute.ipv6Address()
            if attribute.type == .vendorSpecific, let vendorSpecific = try? attribute.vendorSpecific() {
                check((try? vendorSpecific.encoded()) == attribute.value, "Vendor-Specific does not round-trip")
                for sub in vendorSpecific.attributes where vendorSpecific.vendorID == RADIUSVendorSpecific.microsoft {
                    _ = try? MPPEKey.decrypt(sub.value, secret: secret, requestAuthenticator: requestAuthenticator)
                }
            }
        }
        if let eap = try? packet.eapMessage() {
            let split = RADIUSPacket.eapMessageAttributes(eap)
            check(split.allSatisfy { $0.value.count <= 253 } && split.flatMap(\.value) == eap, "EAP-Message split")
            let rebuilt = RADIUSPacket(code: packet.code, identifier: 0, authenticator: requestAuthenticator, attributes: split)
            check((try? rebuilt.eapMessage()) == eap, "EAP-Message does not join back")
        }
        _ = try? MPPEKeys(decrypting: packet, secret: secret, requestAuthenticator: requestAuthenticator)
    }

    private static func checkSigned(code: RADIUSCode, attributes: [UInt8], flip: Int) {
        // Room for the Message-Authenticator the signer may append.
        let body = attributes.prefix(RADIUSPacket.maximumLength - RADIUSPacket.headerSize - 18)
        let length = RADIUSPacket.headerSize + body.count
        let header = [code.rawValue, 0x2A, UInt8(length >> 8), UInt8(length & 0xFF)] + requestAuthenticator
        guard let packet = try? RADIUSPacket(decoding: header + body) else { return }
        let signed: [UInt8]
        do {
            signed = switch code {
            case .accessRequest: try packet.encodedRequest(secret: secret)
            case .accountingRequest: try packet.encodedAccountingRequest(secret: secret)
            default: try packet.encodedResponse(requestAuthenticator: requestAuthenticator, secret: secret)
            }
        } catch {
            // Only a repeated or odd-sized Message-Authenticator is refused here.
            check(error == .invalidMessageAuthenticator, "signing refused: \(error)")
            return
        }
        let verify = { (octets: [UInt8]) throws(RADIUSAuthenticationError) -> RADIUSPacket in
            switch code {
            case .accessRequest: try RADIUSPacket.verifiedRequest(octets, secret: secret)
            case .accountingRequest: try RADIUSPacket.verifiedAccountingRequest(octets, secret: secret)
            default: try RADIUSPacket.verifiedResponse(octets, requestAuthenticator: requestAuthenticator, secret: secret)
            }
        }
        let verified: RADIUSPacket
        do { verified = try verify(signed) } catch { preconditionFailure("a correctly signed \(code) failed: \(error)") }
        check((try? RADIUSPacket(decoding: signed)) == verified, "verification changed the packet")
        readEverything(verified)
        // One flipped bit anywhere past the Length field must be caught
        // (bits of Code and Length change what is checked, not whether).
        var forged = signed
        let bit = (flip * 37 + signed.count) % ((signed.count - 4) * 8)
        forged[4 + bit / 8] ^= UInt8(1 << (bit % 8))
        check((try? verify(forged)) == nil, "a packet with bit \(bit) flipped verified")
    }
}
