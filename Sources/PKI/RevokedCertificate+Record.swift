import Foundation
import X509

/// A revocation as a row of the PKI folder's `revoked.txt`, from which
/// every CRL is made: serial, date, reason.
extension RevokedCertificate {
    static let header = "serial\trevoked on\treason"

    init(row: [String], path: String) throws {
        guard row.count == 3, let serial = Certificate.SerialNumber(hex: row[0]), let date = try? Date(row[1], strategy: .iso8601),
              let reason = RevocationReason(name: row[2]) else {
            throw PKIFiles.Failure(description: "\(path) has a line that is not \"\(Self.header)\": \(row.joined(separator: " "))")
        }
        self.init(serialNumber: serial, revocationDate: date, reason: reason == .unspecified ? nil : reason)
    }

    var row: [String] { [serialNumber.hex, revocationDate.formatted(.iso8601), (reason ?? .unspecified).description] }
}
