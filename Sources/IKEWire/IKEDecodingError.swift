/// Why a received IKE message could not be decoded.
///
/// Decoding never traps on hostile input; every failure is one of these. Errors
/// compare on ``reason`` and ``payload`` only. ``notifyType`` maps an error to
/// the Notify that RFC 7296 §2.21 says to answer it with, where one applies.
public struct IKEDecodingError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What was wrong with the bytes.
    public enum Reason: Hashable, Sendable {
        /// A structure ran past the end of its enclosing message, payload or substructure.
        case truncated
        /// A length field disagrees with the data around it (for example the
        /// header length is not the datagram length, or bytes are left over).
        case lengthMismatch
        /// The major version is not 2 (RFC 7296 §3.1); the value is carried.
        case unsupportedMajorVersion(UInt8)
        /// A payload of an unknown type had the critical bit set (RFC 7296 §2.5).
        case unsupportedCriticalPayload(PayloadType)
        /// A field holds a value that the format forbids; the field is named.
        case invalidField(String)
        /// A payload appears where it may not, such as anything after SK (RFC 7296 §3.14).
        case misplacedPayload(PayloadType)
    }

    /// What was wrong.
    public var reason: Reason
    /// The payload being decoded when the error was found, if any.
    public var payload: PayloadType?

    public init(_ reason: Reason, payload: PayloadType? = nil) {
        self.reason = reason
        self.payload = payload
    }

    /// The same error, attributed to `payload` unless it already names one.
    func within(_ payload: PayloadType) -> IKEDecodingError {
        var copy = self
        if copy.payload == nil { copy.payload = payload }
        return copy
    }

    /// The error Notify a responder sends for this failure (RFC 7296 §2.21.1):
    /// UNSUPPORTED_CRITICAL_PAYLOAD, INVALID_MAJOR_VERSION, or INVALID_SYNTAX.
    public var notifyType: NotifyType {
        switch reason {
        case .unsupportedCriticalPayload: .unsupportedCriticalPayload
        case .unsupportedMajorVersion: .invalidMajorVersion
        case .truncated, .lengthMismatch, .invalidField, .misplacedPayload: .invalidSyntax
        }
    }

    public var description: String {
        let location = payload.map { " in \($0) payload" } ?? ""
        switch reason {
        case .truncated: return "truncated\(location)"
        case .lengthMismatch: return "length mismatch\(location)"
        case .unsupportedMajorVersion(let version): return "unsupported IKE major version \(version)"
        case .unsupportedCriticalPayload(let type): return "unsupported critical payload \(type)"
        case .invalidField(let field): return "invalid \(field)\(location)"
        case .misplacedPayload(let type): return "misplaced \(type) payload"
        }
    }
}
