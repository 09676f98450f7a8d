import EAP
import IKECrypto

/// The runtime's answer to a ``CertificateVerificationRequest``.
public struct CertificateVerificationAnswer: Sendable {
    public enum Result: Sendable {
        /// The chain is trusted, IDi is bound to it and the rules admit the
        /// client: its AUTH must verify with `publicKey`; `authorization`
        /// names it for leases, uniqueness and logs.
        case trusted(publicKey: PublicKey, authorization: Authorization)
        /// Refused; the reason is for logs only.
        case refused(reason: String)
    }

    public let spi: UInt64
    public let result: Result

    public init(spi: UInt64, result: Result) {
        self.spi = spi
        self.result = result
    }
}
