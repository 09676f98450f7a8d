import EAP
import IKECrypto
import IKEWire
import Logging

/// IKE_AUTH with a certificate client (RFC 7296 §1.2, §2.15):
///
///     IDi CERT+ [CERTREQ] AUTH [CP] SA TSi TSr  →  IDr CERT+ AUTH [CP] SA TSi TSr
///
/// Windows machine certificates, strongSwan and Apple clients authenticate
/// this way. The runtime checks the chain, IDi's binding and the rules
/// (``CertificateVerificationRequest``); the engine then checks the AUTH
/// signature with the certificate's key before it signs anything itself.
extension IKEEngine {
    /// The most CERT payloads we pass on: an end entity and three
    /// intermediates. Real chains have one or two intermediates; each more
    /// is chain-building work an unauthenticated peer chooses.
    static let maximumClientCertificates = 4

    /// The signature methods a certificate client may use: RSA with SHA-1
    /// (1), ECDSA (9–11, RFC 4754) and, once negotiated, RFC 7427's (14).
    static let clientSignatureMethods: Set<AuthenticationMethod> = [
        .rsaSignature, .ecdsaSHA256P256, .ecdsaSHA384P384, .ecdsaSHA512P521, .digitalSignature,
    ]

    func beginCertificateAuthentication(_ payloads: [IKEPayload], signature: AuthenticationPayload, request: ResponderAuthState,
                                        messageID: UInt32, on sa: IKESA, into actions: inout [EngineAction]) {
        let ike = request.ike
        let metadata: Logger.Metadata = ["peer": "\(sa.remote)", "spi": "\(hex(sa.ourSPI))",
                                         "id": "\(request.peerIdentity.type) \(request.peerIdentity.dataDescription)"]
        guard configuration.clientCertificates != nil else {
            logger.notice("client sent AUTH (certificate authentication), which is not enabled", metadata: metadata)
            return refuse(sa, messageID: messageID, ike: ike, .authenticationFailed, reason: "certificate authentication not enabled",
                          into: &actions)
        }
        // A method we could never verify is refused before any certificate work.
        guard Self.clientSignatureMethods.contains(signature.method),
              signature.method != .digitalSignature || ike.peerSignatureHashes != nil else {
            return refuse(sa, messageID: messageID, ike: ike, .authenticationFailed,
                          reason: "AUTH method \(signature.method) is not a signature method we accept"
                              + (signature.method == .digitalSignature ? " (SIGNATURE_HASH_ALGORITHMS was not negotiated)" : ""),
                          into: &actions)
        }
        let x509 = payloads.certificates.filter { $0.encoding == .x509Signature }
        guard !x509.isEmpty else {
            // Hash and URL (RFC 7296 §3.6) would make us fetch what a peer names.
            let encodings = payloads.certificates.map { "\($0.encoding)" }
            logger.notice("certificate client sent no X.509 certificate", metadata: metadata.merging(
                ["cert_encodings": "\(encodings)"], uniquingKeysWith: { $1 }))
            return refuse(sa, messageID: messageID, ike: ike, .authenticationFailed, reason: "no X.509 certificate in CERT payloads",
                          into: &actions)
        }
        guard x509.count <= Self.maximumClientCertificates else {
            return refuse(sa, messageID: messageID, ike: ike, .authenticationFailed,
                          reason: "\(x509.count) CERT payloads (at most \(Self.maximumClientCertificates))", into: &actions)
        }
        var auth = request
        auth.phase = .awaitingCertificateCheck(messageID: messageID, signature: signature)
        sa.state = .responderAuthenticating(auth)
        actions.append(.verifyCertificate(CertificateVerificationRequest(
            spi: sa.ourSPI, peer: sa.remote.address, identity: request.peerIdentity, certificates: x509.map { Array($0.data) })))
    }

    /// The runtime's verdict on a client's certificates. A trusted chain is
    /// not enough: the AUTH signature must verify with its key over the
    /// client's signed octets (RFC 7296 §2.15) before the SA is up.
    public func certificateVerified(_ answer: CertificateVerificationAnswer, now: EngineInstant) -> [EngineAction] {
        guard let sa = sas[answer.spi], case .responderAuthenticating(let auth) = sa.state,
              case .awaitingCertificateCheck(let messageID, let signature) = auth.phase else {
            return []
        }
        var actions: [EngineAction] = []
        defer { reschedule(sa) }
        let authorization: Authorization, publicKey: PublicKey
        switch answer.result {
        case .refused(let reason):
            failAuthentication(sa, auth, messageID: messageID, reason: reason, now: now, into: &actions)
            return actions
        case .trusted(let key, let admitted):
            (publicKey, authorization) = (key, admitted)
        }
        let ike = auth.ike
        // Method 14 only with the hashes we announced, and only if we
        // announced any (RFC 7427 §4: we do when the peer did).
        let accepted: Set<DigestAlgorithm> = ike.peerSignatureHashes == nil ? [] : Self.acceptedSignatureDigests
        do {
            let octets = try ike.initiatorSignedOctets(identity: auth.peerIdentity)
            let scheme = try SignatureAuthentication.verify(signature, signedOctets: octets, publicKey: publicKey, acceptedHashes: accepted)
            logger.debug("client AUTH verified", metadata: ["spi": "\(hex(sa.ourSPI))", "method": "\(signature.method)",
                                                            "scheme": "\(scheme)", "user": "\(authorization.userName)"])
        } catch {
            failAuthentication(sa, auth, messageID: messageID,
                               reason: "AUTH (\(signature.method)) does not verify with the certificate of \(authorization.userName): \(error)",
                               now: now, into: &actions)
            return actions
        }
        guard let gateway = configuration.gateway, let proof = try? gatewayProof(gateway, ike: ike) else {
            failAuthentication(sa, auth, messageID: messageID, reason: "cannot sign our AUTH payload", now: now, into: &actions)
            return actions
        }
        establish(sa, auth, authorization: authorization, messageID: messageID, leading: proof, now: now, into: &actions)
        return actions
    }
}
