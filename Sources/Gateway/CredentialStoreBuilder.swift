import Credentials
import Directory
import Logging

/// Builds the credential store the settings describe: the secrets file
/// alone, or the directory chained with it (the local MD4 path as the
/// fallback when the directory is unreachable).
enum CredentialStoreBuilder {
    static func store(for settings: GatewaySettings, logger: Logger) -> any CredentialStore {
        guard let directory = settings.directory else { return settings.secrets }
        let links = directory.chain.map { source -> CredentialChain.Link in
            switch source {
            case .directory:
                CredentialChain.Link(name: "directory", store: LDAPDirectoryStore(configuration: directory.configuration, logger: logger))
            case .secrets:
                CredentialChain.Link(name: "secrets file", store: settings.secrets)
            }
        }
        return CredentialChain(links, breakerTime: directory.breakerTime, logger: logger)
    }
}
