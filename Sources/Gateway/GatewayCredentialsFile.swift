import Foundation
import IKECrypto
import IKEEngine
import IKEWire

/// Loads the gateway's certificate chain and key from PEM files.
enum GatewayCredentialsFile {
    struct LoadError: Error, CustomStringConvertible {
        let description: String
    }

    static func load(identity: String, certificate: String, privateKey: String) throws -> GatewayCredentials {
        guard let chainText = try? String(contentsOfFile: certificate, encoding: .utf8) else {
            throw LoadError(description: "cannot read the certificate file \(certificate)")
        }
        guard let chain = PEMBlock.all(label: "CERTIFICATE", in: chainText), !chain.isEmpty else {
            throw LoadError(description: "\(certificate) holds no PEM certificate")
        }
        guard let keyText = try? String(contentsOfFile: privateKey, encoding: .utf8) else {
            throw LoadError(description: "cannot read the private key file \(privateKey)")
        }
        let key: PrivateKey
        do {
            key = try PrivateKey(pemEncoded: keyText)
        } catch {
            throw LoadError(description: "\(privateKey): \(error)")
        }
        let id: IdentificationPayload = if let address = IPv4Address(identity) { .ipv4(address) } else { .fqdn(identity) }
        return GatewayCredentials(identity: id, certificateChain: chain, privateKey: key)
    }
}
