import CLDAP
import Dispatch
import Glibc
import IKECrypto
import Synchronization

/// One connection to a directory server over libldap, with async calls.
///
/// libldap's synchronous calls block their thread for up to the configured
/// timeouts, so none of them runs on an event loop or in Swift's
/// cooperative pool: each connection owns a serial dispatch queue (one
/// thread while busy), which is also what keeps a handle to one call at a
/// time. The pool above bounds how many connections, and so threads, exist.
///
/// What happens on the wire:
/// - LDAPv3 only (RFC 4511 §4.2); referrals are not chased, since chasing
///   would send the query, and perhaps a bind, to a server the
///   configuration never named (RFC 4511 §4.1.10).
/// - On `ldap://`, StartTLS first (RFC 4511 §4.14, RFC 4513 §3); on
///   `ldaps://`, TLS from the start. The certificate must verify against
///   the configured CA and name the host unless that is turned off
///   (`LDAP_OPT_X_TLS_REQUIRE_CERT` = demand, RFC 4513 §3.1.3).
/// - Simple bind (RFC 4513 §5.1.3); an empty password is refused here,
///   as it would be an unauthenticated bind (RFC 4513 §5.1.2).
public final class LDAPConnection: Sendable {
    /// The libldap handle and what its connect callback saw. Only touched
    /// on the connection's queue, one call at a time.
    private final class Handle: @unchecked Sendable {
        var ld: OpaquePointer?
        let callback: UnsafeMutablePointer<ldap_conncb>
        /// Set by the connect callback when a TCP connection is made, and
        /// cleared before each call: tells a refused connection from a
        /// failed TLS handshake, which libldap reports with one code.
        var connectedDuringOperation = false
        /// Receive and send timeout put on every socket libldap opens, so
        /// a thread stuck where libldap has no timeout (the `ldaps://`
        /// handshake) comes back eventually.
        let socketTimeout: timeval

        init(socketTimeout: timeval) {
            self.socketTimeout = socketTimeout
            callback = .allocate(capacity: 1)
        }

        deinit {
            // libldap calls the delete callback while freeing the handle,
            // so the callback outlives it.
            if let ld { ldap_unbind_ext_s(ld, nil, nil) }
            callback.deallocate()
        }
    }

    /// Resumes a continuation once: from the call or from its deadline.
    private final class Completion<T: Sendable>: Sendable {
        private let continuation: Mutex<CheckedContinuation<Result<T, LDAPError>, Never>?>

        init(_ continuation: CheckedContinuation<Result<T, LDAPError>, Never>) {
            self.continuation = Mutex(continuation)
        }

        func resume(_ result: Result<T, LDAPError>) {
            let waiting = continuation.withLock { $0.take() }
            waiting?.resume(returning: result)
        }
    }

    /// Search scopes (RFC 4511 §4.5.1.2) the directory code uses.
    public enum Scope: Sendable {
        case base
        case subtree

        var value: Int32 {
            switch self {
            case .base: cldap_scope_base
            case .subtree: cldap_scope_subtree
            }
        }
    }

    /// libldap writes to its sockets without `MSG_NOSIGNAL`: a write to a
    /// connection the server has closed would raise SIGPIPE, whose default
    /// action ends the process. Set once, process-wide, as daemons do.
    private static let ignoringSIGPIPE: Void = { _ = signal(SIGPIPE, SIG_IGN) }()

    public let settings: LDAPConnectionSettings
    private let handle: Handle
    private let queue: DispatchQueue

    private init(settings: LDAPConnectionSettings, handle: Handle) {
        self.settings = settings
        self.handle = handle
        queue = DispatchQueue(label: "gatehouse.ldap")
    }

    /// The handle's last reference goes to the connection's queue, so its
    /// `ldap_unbind_ext_s` (a write to the socket, which may block) runs
    /// there, after any call still in flight, and not on whatever thread
    /// drops the connection (often one of the cooperative pool's).
    deinit {
        let handle = handle
        queue.async { withExtendedLifetime(handle) {} }
    }

    /// Prepares a handle and, on `ldap://` with StartTLS, connects and
    /// starts TLS; otherwise the first call connects.
    public static func open(_ settings: LDAPConnectionSettings) async throws(LDAPError) -> LDAPConnection {
        _ = ignoringSIGPIPE
        let handle = Handle(socketTimeout: timeval(settings.deadline * 2))
        try configure(handle, settings)
        let connection = LDAPConnection(settings: settings, handle: handle)
        if !settings.usesLDAPS && settings.startTLS {
            try await connection.perform("StartTLS") { handle throws(LDAPError) in
                try check(ldap_start_tls_s(handle.ld, nil, nil), "StartTLS", handle)
            }
        }
        return connection
    }

    /// Simple bind (RFC 4513 §5.1.3) as `dn` with `password`.
    public func bind(dn: String, password: SecretBytes) async throws(LDAPError) {
        guard password.count > 0 else {
            throw LDAPError(kind: .configuration, operation: "bind", code: 0,
                            message: "empty password (an unauthenticated bind, RFC 4513 §5.1.2), not sent")
        }
        try await perform("bind") { handle throws(LDAPError) in
            let code = password.withUnsafeBytes { bytes in
                var credential = berval(bv_len: ber_len_t(bytes.count),
                                        bv_val: UnsafeMutableRawPointer(mutating: bytes.baseAddress)?.assumingMemoryBound(to: CChar.self))
                return ldap_sasl_bind_s(handle.ld, dn, nil, &credential, nil, nil, nil)
            }
            try Self.check(code, "bind", handle)
        }
    }

    /// Searches (RFC 4511 §4.5.1) and returns the entries with the values
    /// of `attributes`. A search cut short by `sizeLimit` returns the
    /// entries that came; the caller sees there are more than it allowed.
    ///
    /// - Parameter filter: an RFC 4515 filter string whose values the
    ///   caller has escaped (``Credentials/LDAPEscaping/filterValue(_:)``).
    public func search(base: String, scope: Scope, filter: String, attributes: [String],
                       sizeLimit: Int32 = 0) async throws(LDAPError) -> [LDAPEntry] {
        try await perform("search") { handle throws(LDAPError) in
            // "1.1" alone asks for no attributes (RFC 4511 §4.5.1.8).
            let requested = attributes.isEmpty ? ["1.1"] : attributes
            var names: [UnsafeMutablePointer<CChar>?] = requested.map { strdup($0) } + [nil]
            defer { names.forEach { free($0) } }
            var result: OpaquePointer?
            let code = ldap_search_ext_s(handle.ld, base, scope.value, filter, &names, 0, nil, nil, nil, sizeLimit, &result)
            defer { if let result { ldap_msgfree(result) } }
            guard code == LDAPResultCode.success || code == LDAPResultCode.sizeLimitExceeded else {
                try Self.check(code, "search", handle)
                return []
            }
            var entries: [LDAPEntry] = []
            var entry = ldap_first_entry(handle.ld, result)
            while let current = entry {
                var dn = ""
                if let text = ldap_get_dn(handle.ld, current) {
                    dn = String(cString: text)
                    ldap_memfree(text)
                }
                var values: [String: [[UInt8]]] = [:]
                for name in attributes {
                    guard let list = ldap_get_values_len(handle.ld, current, name) else { continue }
                    var collected: [[UInt8]] = []
                    var index = 0
                    while let value = list[index] {
                        let pointee = value.pointee
                        collected.append(pointee.bv_val.map {
                            Array(UnsafeRawBufferPointer(start: $0, count: Int(pointee.bv_len)))
                        } ?? [])
                        index += 1
                    }
                    ldap_value_free_len(list)
                    values[name] = collected
                }
                entries.append(LDAPEntry(distinguishedName: dn, attributes: values))
                entry = ldap_next_entry(handle.ld, current)
            }
            return entries
        }
    }

    /// Runs `body` on the connection's queue, giving up at the deadline
    /// (the thread then finishes on its own, bounded by the socket timeout).
    private func perform<T: Sendable>(_ operation: String,
                                      _ body: @escaping @Sendable (Handle) throws(LDAPError) -> T) async throws(LDAPError) -> T {
        let handle = handle, queue = queue, deadline = settings.deadline
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<Result<T, LDAPError>, Never>) in
            let completion = Completion(continuation)
            queue.async {
                handle.connectedDuringOperation = false
                do throws(LDAPError) {
                    completion.resume(.success(try body(handle)))
                } catch {
                    completion.resume(.failure(error))
                }
            }
            DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(Int(deadline.nanoseconds))) {
                completion.resume(.failure(LDAPError(kind: .unreachable, operation: operation, code: LDAPResultCode.timeout,
                                                     message: "no answer within \(deadline)")))
            }
        }
        return try result.get()
    }

    /// Throws unless `code` is success, with the diagnostic message
    /// libldap or the server left (RFC 4511 §4.1.9 diagnosticMessage).
    private static func check(_ code: Int32, _ operation: String, _ handle: Handle) throws(LDAPError) {
        guard code != LDAPResultCode.success else { return }
        var text = ldap_err2string(code).map { String(cString: $0) } ?? "error \(code)"
        var diagnostic: UnsafeMutablePointer<CChar>?
        if ldap_get_option(handle.ld, LDAP_OPT_DIAGNOSTIC_MESSAGE, &diagnostic) == LDAP_OPT_SUCCESS, let diagnostic {
            let detail = String(cString: diagnostic)
            ldap_memfree(diagnostic)
            if !detail.isEmpty { text += ": \(detail)" }
        }
        throw LDAPError(kind: LDAPError.classify(code: code, connectedDuringOperation: handle.connectedDuringOperation),
                        operation: operation, code: code, message: text)
    }

    private static func configure(_ handle: Handle, _ settings: LDAPConnectionSettings) throws(LDAPError) {
        func fail(_ what: String, _ code: Int32 = LDAPResultCode.parameterError) -> LDAPError {
            LDAPError(kind: .configuration, operation: "connect", code: code, message: what)
        }
        var ld: OpaquePointer?
        let code = ldap_initialize(&ld, settings.uri)
        guard code == LDAPResultCode.success, let ld else { throw fail("not an LDAP URI: \(settings.uri)", code) }
        handle.ld = ld

        var version = Int32(LDAP_VERSION3)
        var network = timeval(settings.networkTimeout)
        var operation = timeval(settings.operationTimeout)
        var timeLimit = Int32(clamping: operation.tv_sec + (operation.tv_usec > 0 ? 1 : 0))
        guard ldap_set_option(ld, LDAP_OPT_PROTOCOL_VERSION, &version) == LDAP_OPT_SUCCESS,
              ldap_set_option(ld, LDAP_OPT_NETWORK_TIMEOUT, &network) == LDAP_OPT_SUCCESS,
              ldap_set_option(ld, LDAP_OPT_TIMEOUT, &operation) == LDAP_OPT_SUCCESS,
              ldap_set_option(ld, LDAP_OPT_TIMELIMIT, &timeLimit) == LDAP_OPT_SUCCESS,
              ldap_set_option(ld, LDAP_OPT_REFERRALS, nil) == LDAP_OPT_SUCCESS  // LDAP_OPT_OFF
        else { throw fail("libldap refused the protocol version or timeouts") }

        if settings.usesLDAPS || settings.startTLS {
            var demand = settings.requireCertificate ? cldap_tls_demand : Int32(LDAP_OPT_X_TLS_NEVER)
            var newContext: Int32 = 0
            if let caFile = settings.caFile {
                guard ldap_set_option(ld, LDAP_OPT_X_TLS_CACERTFILE, caFile) == LDAP_OPT_SUCCESS else {
                    throw fail("libldap refused the CA file \(caFile)")
                }
            }
            // Options on a handle take effect in a new TLS context, made last.
            guard ldap_set_option(ld, LDAP_OPT_X_TLS_REQUIRE_CERT, &demand) == LDAP_OPT_SUCCESS,
                  ldap_set_option(ld, LDAP_OPT_X_TLS_NEWCTX, &newContext) == LDAP_OPT_SUCCESS
            else { throw fail("libldap could not set up TLS (CA file \(settings.caFile ?? "default"))") }
        }

        handle.callback.initialize(to: ldap_conncb(
            lc_add: { _, socketBuffer, _, _, context in
                guard let context, let argument = context.pointee.lc_arg else { return 0 }
                let handle = Unmanaged<Handle>.fromOpaque(argument).takeUnretainedValue()
                handle.connectedDuringOperation = true
                var descriptor: Int32 = -1
                if ber_sockbuf_ctrl(socketBuffer, LBER_SB_OPT_GET_FD, &descriptor) == 1, descriptor >= 0 {
                    var timeout = handle.socketTimeout
                    setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
                    setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
                }
                return 0
            },
            lc_del: { _, _, _ in },
            lc_arg: Unmanaged.passUnretained(handle).toOpaque()))
        guard ldap_set_option(ld, LDAP_OPT_CONNECT_CB, handle.callback) == LDAP_OPT_SUCCESS else {
            throw fail("libldap refused the connect callback")
        }
    }
}

extension Duration {
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}

extension timeval {
    init(_ duration: Duration) {
        let nanoseconds = max(duration.nanoseconds, 0)
        self.init(tv_sec: Int(nanoseconds / 1_000_000_000), tv_usec: Int(nanoseconds % 1_000_000_000 / 1000))
    }
}
