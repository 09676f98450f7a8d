import RADIUS

/// The transport answered with something other than an Accounting-Response
/// (RFC 2866 §4.2); the record is not acknowledged and is sent again.
struct AccountingResponseError: Error, CustomStringConvertible {
    let code: RADIUSCode
    var description: String { "answered with \(code), not Accounting-Response" }
}
