import Foundation
import X509

/// Creates a CA and a gateway certificate when the configured files do not
/// exist yet, so that the quick start runs without any PKI work; an admin
/// then imports the CA certificate into the clients' trust stores (on
/// Windows: Local Computer, Trusted Root Certification Authorities).
public struct QuickStartCertificates: Sendable {
    public var certificatePath: String
    public var privateKeyPath: String
    /// Where the CA's certificate is written; its key goes next to it
    /// with the extension `.key`.
    public var authorityCertificatePath: String
    public var identity: String

    public init(certificatePath: String, privateKeyPath: String, authorityCertificatePath: String, identity: String) {
        self.certificatePath = certificatePath
        self.privateKeyPath = privateKeyPath
        self.authorityCertificatePath = authorityCertificatePath
        self.identity = identity
    }

    public typealias Failure = PKIFiles.Failure

    /// What ``createIfMissing()`` did.
    public enum Outcome: Sendable, Equatable {
        /// Both files existed; nothing was written.
        case present
        /// A gateway certificate was issued; `newAuthority` says whether a
        /// new CA was created for it or an existing one used.
        case created(newAuthority: Bool)
    }

    var authorityKeyPath: String {
        (authorityCertificatePath as NSString).deletingPathExtension + ".key"
    }

    /// Whether the gateway certificate or key is missing.
    public var isMissing: Bool {
        !FileManager.default.fileExists(atPath: certificatePath) || !FileManager.default.fileExists(atPath: privateKeyPath)
    }

    /// Issues the gateway certificate and key when both are missing, with
    /// the CA at ``authorityCertificatePath`` (created first when it does
    /// not exist). Refuses to replace one of a pair, which would leave a
    /// certificate without its key.
    public func createIfMissing(now: Date = Date()) throws -> Outcome {
        let files = FileManager.default
        let haveCertificate = files.fileExists(atPath: certificatePath), haveKey = files.fileExists(atPath: privateKeyPath)
        if haveCertificate && haveKey { return .present }
        if haveCertificate || haveKey {
            throw Failure(description: "\(haveCertificate ? privateKeyPath : certificatePath) is missing but "
                          + "\(haveCertificate ? certificatePath : privateKeyPath) exists; not replacing either")
        }
        let (authority, isNew) = try loadOrCreateAuthority(now: now)
        let gateway = try authority.issueGatewayCertificate(identity: identity, now: now)
        try PKIFiles.write(gateway.privateKeyPEM(), to: privateKeyPath, secret: true)
        try PKIFiles.write(gateway.certificatePEM(), to: certificatePath, secret: false)
        return .created(newAuthority: isNew)
    }

    private func loadOrCreateAuthority(now: Date) throws -> (CertificateAuthority, Bool) {
        let files = FileManager.default
        let haveCertificate = files.fileExists(atPath: authorityCertificatePath), haveKey = files.fileExists(atPath: authorityKeyPath)
        if haveCertificate && haveKey {
            return (try PKIFiles.loadAuthority(certificatePath: authorityCertificatePath, keyPath: authorityKeyPath), false)
        }
        if haveCertificate || haveKey {
            throw Failure(description: "the CA at \(authorityCertificatePath) lacks its certificate or its key (\(authorityKeyPath))")
        }
        let authority = try CertificateAuthority.create(commonName: "Gatehouse CA for \(identity)", now: now)
        try PKIFiles.write(authority.root.privateKeyPEM(), to: authorityKeyPath, secret: true)
        try PKIFiles.write(authority.root.certificatePEM(), to: authorityCertificatePath, secret: false)
        return (authority, true)
    }
}
