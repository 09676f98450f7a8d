import Foundation
import X509

/// What `gatehouse pki` manages: a CA in a folder (`ca.pem`, and `ca.key`
/// readable by its owner only) and the certificates it issues next to it.
/// Nothing is ever overwritten; nothing private is returned for printing.
public struct PKIWorkspace: Sendable {
    public let folder: String

    public init(folder: String) {
        self.folder = folder
    }

    public var authorityCertificatePath: String { path("ca.pem") }
    public var authorityKeyPath: String { path("ca.key") }

    public func path(_ name: String) -> String { (folder as NSString).appendingPathComponent(name) }

    /// Creates the CA (`init`).
    public func initialize(commonName: String, keySize: CertificateAuthority.KeySize = .bits3072, now: Date = Date()) throws {
        for existing in [authorityCertificatePath, authorityKeyPath] where FileManager.default.fileExists(atPath: existing) {
            throw PKIFiles.Failure(description: "\(existing) exists; a CA is never replaced (its clients trust it)")
        }
        let authority = try CertificateAuthority.create(commonName: commonName, keySize: keySize, now: now)
        try PKIFiles.write(authority.root.privateKeyPEM(), to: authorityKeyPath, secret: true)
        try PKIFiles.write(authority.root.certificatePEM(), to: authorityCertificatePath, secret: false)
    }

    /// Issues a gateway certificate for `names` (`server`) as `<base>.pem`
    /// and `<base>.key`; returns both paths and the certificate.
    public func issueServer(names: [String], base: String = "gateway", keySize: CertificateAuthority.KeySize = .bits2048,
                            now: Date = Date()) throws -> (certificate: String, key: String, issued: Certificate) {
        let certificatePath = path("\(base).pem"), keyPath = path("\(base).key")
        for existing in [certificatePath, keyPath] where FileManager.default.fileExists(atPath: existing) {
            throw PKIFiles.Failure(description: "\(existing) exists; not replacing it (choose another --out name)")
        }
        let authority = try PKIFiles.loadAuthority(certificatePath: authorityCertificatePath, keyPath: authorityKeyPath)
        let issued = try authority.issueGatewayCertificate(names: names, keySize: keySize, now: now)
        try PKIFiles.write(issued.privateKeyPEM(), to: keyPath, secret: true)
        try PKIFiles.write(issued.certificatePEM(), to: certificatePath, secret: false)
        return (certificatePath, keyPath, issued.certificate)
    }
}
