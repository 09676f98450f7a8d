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
/// alone; helpers replaced by a reload are stopped after a grace period,
/// so a check in flight on them still gets its answer.
final class CredentialStoreBuilder: Sendable {
    private struct Directory: Sendable {
        let settings: DirectorySettings
        let store: LDAPDirectoryStore
        let helpers: NTLMAuthPool?
    }

    /// How long replaced `ntlm_auth` helpers keep answering.
    static let retirementGrace: Duration = .seconds(30)

    private let directory = Mutex<Directory?>(nil)
    private let logger: Logger

    init(logger: Logger) {
        self.logger = logger
    }

    func store(for settings: GatewaySettings) -> any CredentialStore {
        guard let directorySettings = settings.directory else {
            retire(directory.withLock { $0.take() })
            return settings.secrets
        }
        let (store, replaced) = directory.withLock { current -> (LDAPDirectoryStore, Directory?) in
            if let current, current.settings == directorySettings { return (current.store, nil) }
            let built = build(directorySettings)
            defer { current = built }
            return (built.store, current)
        }
        retire(replaced)
        let links = directorySettings.chain.map { source -> CredentialChain.Link in
            switch source {
            case .directory: CredentialChain.Link(name: "directory", store: store)
            case .secrets: CredentialChain.Link(name: "secrets file", store: settings.secrets)
            }
        }
        return CredentialChain(links, breakerTime: directorySettings.breakerTime, logger: logger)
    }

    /// Stops the `ntlm_auth` helpers (the gateway is stopping).
    func shutdown() {
        directory.withLock { $0.take() }?.helpers?.shutdown()
    }

    private func build(_ settings: DirectorySettings) -> Directory {
        var configuration = settings.configuration
        var helpers: NTLMAuthPool?
        if let ntlm = settings.ntlmAuth {
            let pool = NTLMAuthPool(settings: ntlm, logger: logger)
            configuration.passThrough = NTLMAuthPassThrough(pool: pool, domain: settings.ntlmDomain)
            helpers = pool
        }
        return Directory(settings: settings, store: LDAPDirectoryStore(configuration: configuration, logger: logger), helpers: helpers)
    }

    private func retire(_ old: Directory?) {
        guard let helpers = old?.helpers else { return }
        Task {
            try? await Task.sleep(for: Self.retirementGrace)
            helpers.shutdown()
        }
    }
}
