import Foundation
import SwiftASN1
import X509

/// An X.509 v2 CRL (RFC 5280 §5), parsed and checked.
///
/// ```
/// CertificateList ::= SEQUENCE {
///     tbsCertList          TBSCertList,
///     signatureAlgorithm   AlgorithmIdentifier,
///     signatureValue       BIT STRING }
/// ```
///
/// A CRL comes from an admin's file but is read as untrusted input: every
/// malformed input throws a ``CRLError``, nothing traps, and a CRL with a
/// critical extension this code cannot process (a delta CRL, an indirect
/// CRL, a partitioned one) is refused, as RFC 5280 §5.2 requires. Whether
/// the CRL is current (`nextUpdate`) is the caller's decision.
public struct CertificateRevocationList: Sendable {
    public let issuer: DistinguishedName
    public let thisUpdate: Date
    public let nextUpdate: Date?
    /// Every revoked serial with its date and reason, in the CRL's order.
    public let revoked: [RevokedCertificate]

    /// The tbsCertList exactly as received: the signature covers these
    /// octets, not a re-encoding of what was parsed.
    private let signedBytes: ArraySlice<UInt8>
    private let signatureAlgorithm: Certificate.SignatureAlgorithm
    private let signature: ArraySlice<UInt8>
    private let revokedSerials: Set<Certificate.SerialNumber>

    public init(derEncoded: [UInt8]) throws {
        do {
            let (tbsNode, tbs, algorithm, signatureValue) = try DER.sequence(DER.parse(derEncoded), identifier: .sequence) { nodes in
                guard let tbsNode = nodes.next() else { throw CRLError.malformed("no tbsCertList") }
                let tbs = try TBSCertList(derEncoded: tbsNode)
                let algorithm = try SignatureAlgorithmIdentifier(derEncoded: &nodes)
                let signatureValue = try ASN1BitString(derEncoded: &nodes)
                return (tbsNode, tbs, algorithm, signatureValue)
            }
            guard tbs.signature == algorithm else { throw CRLError.signatureAlgorithmMismatch }
            // Signatures are whole octets; a bit string with unused bits is none.
            guard signatureValue.paddingBits == 0 else { throw CRLError.malformed("the signature has \(signatureValue.paddingBits) unused bits") }
            issuer = tbs.issuer
            thisUpdate = tbs.thisUpdate
            nextUpdate = tbs.nextUpdate
            revoked = tbs.revoked
            revokedSerials = Set(tbs.revoked.map(\.serialNumber))
            signedBytes = tbsNode.encodedBytes
            signatureAlgorithm = algorithm.algorithm
            signature = signatureValue.bytes
        } catch let error as CRLError {
            throw error
        } catch {
            throw CRLError.malformed("\(error)")
        }
    }

    public init(pemEncoded: String) throws {
        let document: PEMDocument
        do {
            document = try PEMDocument(pemString: pemEncoded)
        } catch {
            throw CRLError.notPEM("\(error)")
        }
        guard document.discriminator == "X509 CRL" else { throw CRLError.notPEM("the block is \(document.discriminator), not X509 CRL") }
        try self.init(derEncoded: document.derBytes)
    }

    /// Whether `issuer`'s key signed this CRL (and issuer's subject == self.issuer).
    /// A certificate whose keyUsage leaves out cRLSign cannot sign CRLs
    /// (RFC 5280 §4.2.1.3, checked by §6.3.3 (f)).
    public func isSigned(by issuer: Certificate) -> Bool {
        guard issuer.subject == self.issuer else { return false }
        do {
            if let usage = try issuer.extensions.keyUsage, !usage.cRLSign { return false }
        } catch {
            return false
        }
        return issuer.publicKey.isValidSignature(signature, for: signedBytes, signatureAlgorithm: signatureAlgorithm)
    }

    /// Whether the certificate with this serial is listed.
    public func isRevoked(_ serial: Certificate.SerialNumber) -> Bool {
        revokedSerials.contains(serial)
    }
}
