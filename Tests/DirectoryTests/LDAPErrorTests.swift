import Directory
import Testing

/// Which failures allow the fallback (issue 7: only an unreachable
/// directory; never a TLS failure or a refused service bind).
@Suite struct LDAPErrorTests {
    @Test func classifiesResultCodes() {
        // Refused connection and lost session: libldap's LDAP_SERVER_DOWN
        // without a new TCP connection.
        #expect(LDAPError.classify(code: LDAPResultCode.serverDown, connectedDuringOperation: false) == .unreachable)
        #expect(LDAPError.classify(code: LDAPResultCode.connectError, connectedDuringOperation: false) == .unreachable)
        // The same codes after TCP connected: the TLS handshake failed
        // (ldaps: SERVER_DOWN; StartTLS: CONNECT_ERROR).
        #expect(LDAPError.classify(code: LDAPResultCode.serverDown, connectedDuringOperation: true) == .tls)
        #expect(LDAPError.classify(code: LDAPResultCode.connectError, connectedDuringOperation: true) == .tls)
        for code in [LDAPResultCode.timeout, LDAPResultCode.busy, LDAPResultCode.unavailable] {
            #expect(LDAPError.classify(code: code, connectedDuringOperation: true) == .unreachable)
        }
        #expect(LDAPError.classify(code: LDAPResultCode.invalidCredentials, connectedDuringOperation: false) == .invalidCredentials)
        for code in [LDAPResultCode.protocolError, LDAPResultCode.insufficientAccessRights, LDAPResultCode.noSuchObject,
                     LDAPResultCode.decodingError, LDAPResultCode.filterError, LDAPResultCode.unwillingToPerform] {
            #expect(LDAPError.classify(code: code, connectedDuringOperation: false) == .failed)
        }
    }

    @Test func onlyUnreachableFallsBack() {
        let kinds: [LDAPError.Kind] = [.unreachable, .tls, .invalidCredentials, .failed, .configuration]
        let fallback = kinds.filter { LDAPError(kind: $0, operation: "bind", code: -1, message: "").allowsFallback }
        #expect(fallback == [.unreachable])
    }

    @Test func keepsConnectionsOnlyAfterServerAnswers() {
        #expect(LDAPError(kind: .failed, operation: "search", code: LDAPResultCode.noSuchObject, message: "").keepsConnection)
        #expect(!LDAPError(kind: .unreachable, operation: "search", code: LDAPResultCode.serverDown, message: "").keepsConnection)
        #expect(!LDAPError(kind: .failed, operation: "search", code: LDAPResultCode.decodingError, message: "").keepsConnection)
        #expect(!LDAPError(kind: .unreachable, operation: "search", code: LDAPResultCode.busy, message: "").keepsConnection)
    }
}
