import Credentials
import Directory
import Logging
import Synchronization

/// Builds the credential store the settings describe: the secrets file
/// alone, or the directory chained with it (the local MD4 path as the
/// fallback when the directory is unreachable).
///
/// The directory store (its service-account connections) and the
/// `ntlm_auth` helpers are kept across a reload that leaves their settings
/// alone, and so is what the chain knows about an unreachable directory;
/// helpers replaced by a reload are stopped after a grace period, so a
/// check in flight on them still gets its answer, or at shutdown.
final class CredentialStoreBuilder: Sendable {
    private struct Directory: Sendable {
        let settings: DirectorySettings
        let store: LDAPDirectoryStore
        let helpers: NTLMAuthPool?
    }

    private struct State {
        var directory: Directory?
        var chain: CredentialChain?
        /// Helpers replaced by a reload, still answering for a while.
        var retired: [NTLMAuthPool] = []
    }

    /// How long replaced `ntlm_auth` helpers keep answering.
    static let retirementGrace: Duration = .seconds(30)

    private let state = Mutex(State())
    private let logger: Logger

    init(logger: Logger) {
        self.logger = logger
    }

    func store(for settings: GatewaySettings) -> any CredentialStore {
        guard let directorySettings = settings.directory else {
            retire(state.withLock { state in
                state.chain = nil
                return state.directory.take()
            })
            return settings.secrets
        }
        let (store, replaced, previous) = state.withLock { state -> (LDAPDirectoryStore, Directory?, CredentialChain?) in
            if let current = state.directory, current.settings == directorySettings { return (current.store, nil, state.chain) }
            let built = build(directorySettings)
            defer { state.directory = built }
            return (built.store, state.directory, nil)
        }
        retire(replaced)
        let links = directorySettings.chain.map { source -> CredentialChain.Link in
            switch source {
            case .directory: CredentialChain.Link(name: "directory", store: store)
            case .secrets: CredentialChain.Link(name: "secrets file", store: settings.secrets)
            }
        }
        let chain = CredentialChain(links, breakerTime: directorySettings.breakerTime, logger: logger)
        // The same directory: still skipped if it was unreachable.
        if let previous { chain.inheritBreakers(from: previous) }
        state.withLock { $0.chain = chain }
        return chain
    }

    /// Stops every `ntlm_auth` helper (the gateway is stopping).
    func shutdown() {
        let pools = state.withLock { state in
            defer { state.retired = [] }
            return state.retired + [state.directory.take()?.helpers].compactMap { $0 }
        }
        for pool in pools { pool.shutdown() }
    }

    private func build(_ settings: DirectorySettings) -> Directory {
        let helpers = settings.ntlmAuth.map { NTLMAuthPool(settings: $0, logger: logger) }
        let passThrough = helpers.map { NTLMAuthPassThrough(pool: $0, domain: settings.ntlmDomain) }
        let store = LDAPDirectoryStore(configuration: settings.configuration, passThrough: passThrough, logger: logger)
        return Directory(settings: settings, store: store, helpers: helpers)
    }

    private func retire(_ old: Directory?) {
        guard let helpers = old?.helpers else { return }
        state.withLock { $0.retired.append(helpers) }
        Task { [weak self] in
            try? await Task.sleep(for: Self.retirementGrace)
            self?.state.withLock { $0.retired.removeAll { $0 === helpers } }
            helpers.shutdown()
        }
    }
}
