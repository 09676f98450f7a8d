// swift-tools-version: 6.1
//
// Gatehouse: an IKEv2 VPN gateway. The targets follow the layers in
// ARCHITECTURE.md; dependencies point downward only.

import PackageDescription

let package = Package(
    name: "Gatehouse",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "gatehouse", targets: ["gatehouse"]),
        .library(name: "IKEWire", targets: ["IKEWire"]),
        .library(name: "IKECrypto", targets: ["IKECrypto"]),
        // For the Benchmarks package: the engine, the EAP service and the
        // in-memory driver the handshake benchmarks run on, and the test
        // fixtures (the gateway certificate) they share with the tests.
        .library(name: "EAP", targets: ["EAP"]),
        .library(name: "IKEEngine", targets: ["IKEEngine"]),
        .library(name: "IKELoopback", targets: ["IKELoopback"]),
        .library(name: "TestSupport", targets: ["TestSupport"]),
        // libFuzzer entry points; see Fuzz/README.md for how to build and run them.
        .executable(name: "FuzzIKEMessage", targets: ["FuzzIKEMessage"]),
        .executable(name: "FuzzSKUnprotect", targets: ["FuzzSKUnprotect"]),
        .executable(name: "FuzzEAP", targets: ["FuzzEAP"]),
        .executable(name: "FuzzESP", targets: ["FuzzESP"]),
        .executable(name: "FuzzDHCP", targets: ["FuzzDHCP"]),
        .executable(name: "FuzzXFRMReply", targets: ["FuzzXFRMReply"]),
        .executable(name: "FuzzCRL", targets: ["FuzzCRL"]),
        .executable(name: "FuzzClientCertificate", targets: ["FuzzClientCertificate"]),
        .executable(name: "FuzzRADIUS", targets: ["FuzzRADIUS"]),
        .executable(name: "FuzzNTLMReply", targets: ["FuzzNTLMReply"]),
        .executable(name: "FuzzEstablishedSA", targets: ["FuzzEstablishedSA"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-asn1", from: "1.7.4"),
    ],
    targets: [
        // MARK: Wire + crypto layer

        /// IKEv2 message codec (RFC 7296 §3, RFC 7383). Standard library only, so
        /// the fuzz build compiles in seconds.
        .target(name: "IKEWire"),

        /// OpenSSL's libcrypto as a system library.
        .systemLibrary(
            name: "COpenSSL",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),

        /// IKE and ESP transforms, key derivation, Diffie-Hellman, AUTH
        /// signatures and MSCHAPv2 primitives, all on OpenSSL's libcrypto.
        .target(name: "IKECrypto", dependencies: ["IKEWire", "COpenSSL"]),

        // MARK: Data plane

        /// ESP (RFC 4303) packet processing over IKECrypto: the userspace
        /// data plane's SAs, replay window and lifetimes. No I/O.
        .target(name: "ESP", dependencies: ["IKECrypto"]),

        /// TUN device, interface, route and namespace calls whose structures
        /// Swift's Glibc module does not import.
        .target(name: "CNetDevice"),

        /// Carries CHILD_SA traffic: the kernel's XFRM where it has ESP,
        /// userspace ESP over a TUN device where not, with the DHCPINFORM
        /// responder inside the tunnel.
        .target(name: "DataPlane", dependencies: ["ESP", "DHCP", "XFRM", "IKEEngine", "IKEWire", "IKECrypto", "CNetDevice",
                                                  .product(name: "Logging", package: "swift-log")]),

        /// The DHCPINFORM responder the data plane runs inside the tunnel:
        /// split-tunnel routes (options 121/249) and DNS for Windows clients.
        .target(name: "DHCP", dependencies: ["IKEWire"]),

        /// The Linux kernel's IPsec interface: ESP states and policies as
        /// NETLINK_XFRM messages (pure encoding and decoding, testable without
        /// a kernel) and the socket that sends them. `SecretBytes` from
        /// IKECrypto holds the keys, as the engine hands them over.
        .target(name: "XFRM", dependencies: ["IKEWire", "IKECrypto"]),

        /// Endpoints to and from SwiftNIO socket addresses, shared by every
        /// target that owns sockets.
        .target(name: "NIOEndpoint", dependencies: ["IKEWire", .product(name: "NIOCore", package: "swift-nio")]),

        // MARK: RADIUS

        /// RADIUS packets (RFC 2865, 2866), EAP-Message and Message-Authenticator
        /// (RFC 3579), Microsoft's MPPE keys (RFC 2548): the codec and its
        /// authenticators, no I/O.
        .target(name: "RADIUS", dependencies: ["IKEWire", "IKECrypto"]),

        /// The RADIUS client's transport: UDP sockets on SwiftNIO, server
        /// choice by priority with dead-server skipping, retransmission with
        /// backoff (RFC 5080 §2.2.1), identifiers per socket, verified replies.
        .target(
            name: "RADIUSClient",
            dependencies: [
                "RADIUS", "IKEWire", "IKECrypto", "NIOEndpoint",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // MARK: Configuration files

        /// YAML reading with every error located by file, line and key path.
        .target(name: "ConfigFile", dependencies: [.product(name: "Yams", package: "Yams")]),

        // MARK: Certificates

        /// Issuing (the quick-start CA, `gatehouse pki`'s certificates,
        /// PKCS#12 files and CRLs) and checking certificates and CRLs, on
        /// swift-certificates; PKCS#12 on libcrypto.
        .target(
            name: "PKI",
            dependencies: [
                "COpenSSL",
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ]
        ),

        // MARK: Auth layer

        /// EAP methods as sans-I/O state machines (EAP-MSCHAPv2 both sides).
        .target(name: "EAP", dependencies: ["IKEWire", "IKECrypto"]),

        /// Where passwords are checked: the credential-store protocol, the
        /// local secrets file, the chain of stores with its fallback, name
        /// normalisation, guessing throttle, LDAP escaping.
        .target(name: "Credentials", dependencies: ["EAP", "IKECrypto", "IKEWire", "ConfigFile", .product(name: "Logging", package: "swift-log")]),

        /// OpenLDAP's libldap as a system library (Debian's uses GnuTLS).
        .systemLibrary(name: "CLDAP", providers: [.apt(["libldap-dev"])]),

        /// The directory as a credential store: libldap connections off the
        /// event loops, the service account's look-up of a user's NT hash,
        /// the group check (RFC 4511, 4513, 4515, 4516).
        .target(name: "Directory", dependencies: ["Credentials", "EAP", "IKECrypto", "IKEWire", "CLDAP",
                                                  .product(name: "Logging", package: "swift-log")]),

        // MARK: IKE engine

        /// The sans-I/O IKEv2 engine: proposal selection, state machines, SA
        /// table. No sockets, threads or clocks.
        .target(name: "IKEEngine", dependencies: ["IKEWire", "IKECrypto", "EAP", .product(name: "Logging", package: "swift-log")]),

        /// Engines wired together in memory with the local EAP service: the
        /// one driver the engine tests, the handshake benchmarks and
        /// `gatehouse bench` share.
        .target(name: "IKELoopback", dependencies: ["IKEEngine", "EAP", "IKECrypto", "IKEWire"]),

        // MARK: Runtime

        /// SQLite, for the lease database and the accounting spool.
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),

        /// One SQLite connection: statements, bindings, transactions.
        .target(name: "SQLiteStore", dependencies: ["CSQLite"]),

        /// RADIUS accounting (RFC 2866, 2869): Start, Interim-Update, Stop,
        /// Accounting-On/Off, spooled durably in SQLite before they are sent
        /// through an `AccountingTransport`.
        .target(name: "Accounting", dependencies: ["RADIUS", "IKEWire", "IKECrypto", "SQLiteStore",
                                                   .product(name: "Logging", package: "swift-log")]),

        /// The gateway runtime: configuration, UDP sockets on SwiftNIO, one
        /// engine shard per event loop, the authentication service, control socket.
        .target(
            name: "Gateway",
            dependencies: [
                "IKEEngine", "IKEWire", "IKECrypto", "EAP", "Credentials", "ConfigFile", "PKI", "SQLiteStore", "DataPlane",
                "RADIUS", "RADIUSClient", "Accounting", "NIOEndpoint", "Directory",
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // MARK: Executables

        .executableTarget(
            name: "gatehouse",
            dependencies: [
                "IKEWire",
                "IKECrypto",
                "Gateway",
                "ConfigFile",
                "PKI",
                "IKEEngine",
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        /// The properties each fuzz target checks, shared with the regression tests.
        .target(name: "FuzzChecks", dependencies: ["IKEWire", "IKECrypto", "EAP", "ESP", "DHCP", "XFRM", "PKI", "RADIUS", "Directory",
                                                   "IKEEngine", "IKELoopback", "TestSupport", .product(name: "Logging", package: "swift-log"),
                                                   .product(name: "X509", package: "swift-certificates"),
                                                   .product(name: "Crypto", package: "swift-crypto"),
                                                   .product(name: "SwiftASN1", package: "swift-asn1")],
                path: "Fuzz/FuzzChecks"),
        .executableTarget(name: "FuzzIKEMessage", dependencies: ["FuzzChecks"], path: "Fuzz/FuzzIKEMessage"),
        .executableTarget(name: "FuzzSKUnprotect", dependencies: ["FuzzChecks"], path: "Fuzz/FuzzSKUnprotect"),
        .executableTarget(name: "FuzzEAP", dependencies: ["FuzzChecks"], path: "Fuzz/FuzzEAP"),
        .executableTarget(name: "FuzzESP", dependencies: ["FuzzChecks"], path: "Fuzz/FuzzESP"),
        .executableTarget(name: "FuzzDHCP", dependencies: ["FuzzChecks"], path: "Fuzz/FuzzDHCP"),
        .executableTarget(name: "FuzzXFRMReply", dependencies: ["FuzzChecks"], path: "Fuzz/FuzzXFRMReply"),
        .executableTarget(name: "FuzzCRL", dependencies: ["FuzzChecks"], path: "Fuzz/FuzzCRL"),
        .executableTarget(name: "FuzzClientCertificate", dependencies: ["FuzzChecks"], path: "Fuzz/FuzzClientCertificate"),
        .executableTarget(name: "FuzzRADIUS", dependencies: ["FuzzChecks"], path: "Fuzz/FuzzRADIUS"),
        .executableTarget(name: "FuzzNTLMReply", dependencies: ["FuzzChecks"], path: "Fuzz/FuzzNTLMReply"),
        .executableTarget(name: "FuzzEstablishedSA", dependencies: ["FuzzChecks"], path: "Fuzz/FuzzEstablishedSA"),

        // MARK: Tests

        /// Fixtures and helpers shared by the test targets.
        .target(name: "TestSupport", dependencies: ["IKEWire", .product(name: "Logging", package: "swift-log")], path: "Tests/TestSupport"),
        .testTarget(name: "IKEWireTests", dependencies: ["IKEWire", "TestSupport", "FuzzChecks"]),
        .testTarget(name: "IKECryptoTests", dependencies: ["IKECrypto", "IKEWire", "TestSupport", "FuzzChecks"]),
        .testTarget(name: "ESPTests", dependencies: ["ESP", "IKECrypto", "FuzzChecks", "TestSupport"]),
        .testTarget(name: "DataPlaneTests", dependencies: ["DataPlane", "XFRM", "IKEEngine", "IKECrypto", "IKEWire", "TestSupport",
                                                           .product(name: "Logging", package: "swift-log")]),
        .testTarget(name: "EngineTests", dependencies: ["IKEEngine", "IKELoopback", "IKECrypto", "IKEWire", "TestSupport", "FuzzChecks"]),
        /// Real strongSwan clients against the gateway (needs root; see Tests/Interop).
        .testTarget(name: "InteropTests", dependencies: ["gatehouse", "IKEEngine", "IKECrypto", "IKEWire", "ESP", "CNetDevice", "TestSupport",
                                                          "Directory", .product(name: "Logging", package: "swift-log")]),
        .testTarget(name: "CredentialsTests", dependencies: ["Credentials", "EAP", "IKECrypto", "TestSupport",
                                                             .product(name: "Logging", package: "swift-log")]),
        /// The directory store against a slapd each test starts from its own
        /// configuration (needs slapd, slapadd and openssl).
        .testTarget(name: "DirectoryTests", dependencies: ["Directory", "Credentials", "EAP", "IKECrypto", "IKEWire", "TestSupport", "FuzzChecks",
                                                           .product(name: "Logging", package: "swift-log")],
                    exclude: ["Fixtures"]),
        .testTarget(name: "GatewayTests", dependencies: ["Gateway", "ConfigFile", "Directory", "IKEWire", "IKECrypto", "SQLiteStore", "RADIUS", "RADIUSClient",
                                                        "EAP", "Credentials", "Accounting"]),
        .testTarget(
            name: "PKITests",
            dependencies: ["PKI", "IKECrypto", "TestSupport", "FuzzChecks", "gatehouse", .product(name: "X509", package: "swift-certificates"),
                           .product(name: "SwiftASN1", package: "swift-asn1")]
        ),
        .testTarget(name: "EAPTests", dependencies: ["EAP", "IKECrypto", "IKEWire", "TestSupport", "FuzzChecks"]),
        .testTarget(name: "DHCPTests", dependencies: ["DHCP", "IKEWire", "TestSupport", "FuzzChecks"]),
        .testTarget(name: "RADIUSTests", dependencies: ["RADIUS", "IKECrypto", "IKEWire", "TestSupport", "FuzzChecks"]),
        .testTarget(name: "AccountingTests", dependencies: ["Accounting", "RADIUS", "IKECrypto", "IKEWire", "SQLiteStore",
                                                            .product(name: "Logging", package: "swift-log")]),
        /// The RADIUS transport against fake servers on loopback UDP.
        .testTarget(
            name: "RADIUSClientTests",
            dependencies: ["RADIUSClient", "RADIUS", "IKECrypto", "IKEWire", "TestSupport",
                           .product(name: "NIOCore", package: "swift-nio"),
                           .product(name: "NIOPosix", package: "swift-nio"),
                           .product(name: "Logging", package: "swift-log")]
        ),
        /// Encodings against iproute2's (under strace) and the C layouts, the
        /// kernel in a network namespace, malformed replies (needs root, strace, cc).
        .testTarget(name: "XFRMTests", dependencies: ["XFRM", "IKECrypto", "IKEWire", "TestSupport", "FuzzChecks"]),
    ],
    swiftLanguageModes: [.v6]
)
