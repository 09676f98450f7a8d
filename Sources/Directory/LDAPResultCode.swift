/// The result codes the directory code decides on: those a server sends
/// (RFC 4511 §4.1.9 and Appendix A) and libldap's own negative codes for
/// what happened on this side (`ldap.h`, "API Error Codes").
public enum LDAPResultCode {
    // Sent by the server (RFC 4511 Appendix A.1 and A.2).
    public static let success: Int32 = 0
    public static let protocolError: Int32 = 2
    public static let timeLimitExceeded: Int32 = 3
    public static let sizeLimitExceeded: Int32 = 4
    public static let noSuchObject: Int32 = 32
    public static let invalidDNSyntax: Int32 = 34
    public static let inappropriateAuthentication: Int32 = 48
    public static let invalidCredentials: Int32 = 49
    public static let insufficientAccessRights: Int32 = 50
    public static let busy: Int32 = 51
    public static let unavailable: Int32 = 52
    public static let unwillingToPerform: Int32 = 53

    // libldap's own (negative) codes.
    public static let serverDown: Int32 = -1
    public static let localError: Int32 = -2
    public static let encodingError: Int32 = -3
    public static let decodingError: Int32 = -4
    public static let timeout: Int32 = -5
    public static let authUnknown: Int32 = -6
    public static let filterError: Int32 = -7
    public static let parameterError: Int32 = -9
    public static let noMemory: Int32 = -10
    public static let connectError: Int32 = -11
}
