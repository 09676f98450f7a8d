import EAP
import IKECrypto
import IKEWire

/// The gateway's authentication service in memory: the real local EAP
/// service (`EAPSessionTable`) with a user list held in a dictionary instead
/// of a credential store. It answers at once, as a local secrets file does.
public struct LoopbackAuthenticationService {
    /// A user the service knows.
    public struct User {
        /// The NT password hash MSCHAPv2 checks against.
        public var passwordHash: SecretBytes
        /// What the gateway learns on success (name, static address).
        public var authorization: Authorization

        public init(passwordHash: SecretBytes, authorization: Authorization) {
            self.passwordHash = passwordHash
            self.authorization = authorization
        }
    }

    /// The EAP sessions in progress, one per IKE SA authenticating.
    public var sessions = EAPSessionTable()
    /// Users by the name the client sends (`DOMAIN\user` included).
    public var users: [String: User] = [:]
    /// Every step asked of the service, in order.
    public private(set) var steps: [AuthenticationRequest.Step] = []

    public init() {}

    /// Adds a user with a plaintext password. The authorisation carries the
    /// name without a `DOMAIN\` prefix, as the runtime's normaliser does, so
    /// address leases follow the person rather than the spelling.
    public mutating func addUser(_ name: String, password: String, staticAddress: IPv4Address? = nil) throws {
        let shortName = String(name.split(separator: "\\").last ?? Substring(name))
        users[name] = User(passwordHash: try MSCHAPv2.ntPasswordHash(password: password),
                           authorization: Authorization(userName: shortName, staticAddress: staticAddress))
    }

    /// Runs one step of the engine's request, looking the user up when the
    /// method asks; nil when the request needs no answer (an abandoned session).
    public mutating func answer(_ request: AuthenticationRequest) -> AuthenticationAnswer? {
        steps.append(request.step)
        var outcome = sessions.handle(request)
        if case .verify(let spi, let userName, let proof) = outcome {
            let verdict = users[userName].map { proof.verdict(against: $0.passwordHash, authorization: $0.authorization) }
            outcome = sessions.verdict(spi: spi, verdict ?? .refused(.unknownUser))
        }
        guard case .answer(let answer) = outcome else { return nil }
        return answer
    }

    /// Forgets the steps recorded so far; the capacity stays so that a
    /// benchmark's steady state does not allocate for the record.
    public mutating func removeRecordedSteps() {
        steps.removeAll(keepingCapacity: true)
    }
}
