import Foundation
import X509

/// One row of the PKI folder's `issued.txt`: a certificate the CA issued,
/// so that `gatehouse pki revoke NAME` can find its serial.
public struct IssuedRecord: Sendable, Equatable {
    public let serialNumber: Certificate.SerialNumber
    /// The common name it was issued for.
    public let name: String
    public let notValidAfter: Date
    /// The file base: the certificate is `<base>.pem` in the folder.
    public let base: String

    public init(serialNumber: Certificate.SerialNumber, name: String, notValidAfter: Date, base: String) {
        self.serialNumber = serialNumber
        self.name = name
        self.notValidAfter = notValidAfter
        self.base = base
    }

    static let header = "serial\tname\tnot after\tfile base"

    init(row: [String], path: String) throws {
        guard row.count == 4, let serial = Certificate.SerialNumber(hex: row[0]), let notAfter = try? Date(row[2], strategy: .iso8601) else {
            throw PKIFiles.Failure(description: "\(path) has a line that is not \"\(Self.header)\": \(row.joined(separator: " "))")
        }
        self.init(serialNumber: serial, name: row[1], notValidAfter: notAfter, base: row[3])
    }

    var row: [String] { [serialNumber.hex, name, notValidAfter.formatted(.iso8601), base] }
}
