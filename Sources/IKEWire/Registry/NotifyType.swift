/// Notify message types (RFC 7296 §3.10.1, IANA "IKEv2 Notify Message Types").
///
/// Types below 16384 report errors; 16384 and above carry status. Values in
/// the private-use ranges (8192–16383 for errors, 40960–65535 for status) are
/// kept as raw numbers, among them Windows' MS_NOTIFY_STATUS (12345).
public struct NotifyType: IKERegistryValue {
    public var rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// Whether this is an error type (RFC 7296 §3.10.1: "Types in the range 0 - 16383
    /// are intended for reporting errors"). An unrecognised error type in a
    /// response means the request failed.
    public var isError: Bool { rawValue < 16384 }

    /// Whether the value lies in a private-use range.
    public var isPrivateUse: Bool { (8192...16383).contains(rawValue) || rawValue >= 40960 }

    // MARK: - Error types

    /// UNSUPPORTED_CRITICAL_PAYLOAD: data is the one-octet payload type (RFC 7296 §3.10.1).
    public static let unsupportedCriticalPayload = NotifyType(rawValue: 1)
    /// INVALID_IKE_SPI: a message arrived for an IKE SA we do not know.
    public static let invalidIKESPI = NotifyType(rawValue: 4)
    /// INVALID_MAJOR_VERSION: the peer's major version is higher than ours.
    public static let invalidMajorVersion = NotifyType(rawValue: 5)
    /// INVALID_SYNTAX: a malformed message in an authenticated exchange.
    public static let invalidSyntax = NotifyType(rawValue: 7)
    /// INVALID_MESSAGE_ID: a message ID outside the window.
    public static let invalidMessageID = NotifyType(rawValue: 9)
    /// INVALID_SPI: an ESP or AH packet for an unknown SPI.
    public static let invalidSPI = NotifyType(rawValue: 11)
    /// NO_PROPOSAL_CHOSEN: none of the offered proposals is acceptable.
    public static let noProposalChosen = NotifyType(rawValue: 14)
    /// INVALID_KE_PAYLOAD: data is the two-octet group we want (RFC 7296 §1.2).
    public static let invalidKEPayload = NotifyType(rawValue: 17)
    /// AUTHENTICATION_FAILED.
    public static let authenticationFailed = NotifyType(rawValue: 24)
    /// SINGLE_PAIR_REQUIRED: the selectors must be narrowed to one address pair.
    public static let singlePairRequired = NotifyType(rawValue: 34)
    /// NO_ADDITIONAL_SAS: no more CHILD_SAs on this IKE SA.
    public static let noAdditionalSAs = NotifyType(rawValue: 35)
    /// INTERNAL_ADDRESS_FAILURE: no virtual address could be assigned.
    public static let internalAddressFailure = NotifyType(rawValue: 36)
    /// FAILED_CP_REQUIRED: a configuration payload was required but missing.
    public static let failedCPRequired = NotifyType(rawValue: 37)
    /// TS_UNACCEPTABLE: no acceptable traffic selectors.
    public static let tsUnacceptable = NotifyType(rawValue: 38)
    /// INVALID_SELECTORS: a packet did not match the SA's selectors.
    public static let invalidSelectors = NotifyType(rawValue: 39)
    /// UNACCEPTABLE_ADDRESSES (RFC 4555 MOBIKE).
    public static let unacceptableAddresses = NotifyType(rawValue: 40)
    /// UNEXPECTED_NAT_DETECTED (RFC 4555 MOBIKE).
    public static let unexpectedNATDetected = NotifyType(rawValue: 41)
    /// TEMPORARY_FAILURE: retry later, for example during a rekey collision (RFC 7296 §2.25).
    public static let temporaryFailure = NotifyType(rawValue: 43)
    /// CHILD_SA_NOT_FOUND: the CHILD_SA to rekey does not exist.
    public static let childSANotFound = NotifyType(rawValue: 44)
    /// MS_NOTIFY_STATUS: Microsoft's private diagnostics notify; data is a
    /// four-octet Windows error code (strongSwan calls it MS_STATUS).
    public static let microsoftStatus = NotifyType(rawValue: 12345)

    // MARK: - Status types

    /// INITIAL_CONTACT: the sender has no other IKE SAs with us (RFC 7296 §2.4).
    public static let initialContact = NotifyType(rawValue: 16384)
    /// SET_WINDOW_SIZE: the sender can handle this many outstanding requests.
    public static let setWindowSize = NotifyType(rawValue: 16385)
    /// ADDITIONAL_TS_POSSIBLE: the selectors were narrowed.
    public static let additionalTSPossible = NotifyType(rawValue: 16386)
    /// IPCOMP_SUPPORTED.
    public static let ipcompSupported = NotifyType(rawValue: 16387)
    /// NAT_DETECTION_SOURCE_IP: SHA-1(SPIi | SPIr | IP | port) of the sender (RFC 7296 §2.23).
    public static let natDetectionSourceIP = NotifyType(rawValue: 16388)
    /// NAT_DETECTION_DESTINATION_IP: SHA-1(SPIi | SPIr | IP | port) of the receiver.
    public static let natDetectionDestinationIP = NotifyType(rawValue: 16389)
    /// COOKIE: the stateless cookie (RFC 7296 §2.6).
    public static let cookie = NotifyType(rawValue: 16390)
    /// USE_TRANSPORT_MODE.
    public static let useTransportMode = NotifyType(rawValue: 16391)
    /// HTTP_CERT_LOOKUP_SUPPORTED.
    public static let httpCertLookupSupported = NotifyType(rawValue: 16392)
    /// REKEY_SA: names the CHILD_SA being rekeyed (RFC 7296 §1.3.3).
    public static let rekeySA = NotifyType(rawValue: 16393)
    /// ESP_TFC_PADDING_NOT_SUPPORTED.
    public static let espTFCPaddingNotSupported = NotifyType(rawValue: 16394)
    /// NON_FIRST_FRAGMENTS_ALSO.
    public static let nonFirstFragmentsAlso = NotifyType(rawValue: 16395)
    /// MOBIKE_SUPPORTED (RFC 4555 §3.1).
    public static let mobikeSupported = NotifyType(rawValue: 16396)
    /// ADDITIONAL_IP4_ADDRESS (RFC 4555).
    public static let additionalIP4Address = NotifyType(rawValue: 16397)
    /// ADDITIONAL_IP6_ADDRESS (RFC 4555).
    public static let additionalIP6Address = NotifyType(rawValue: 16398)
    /// NO_ADDITIONAL_ADDRESSES (RFC 4555).
    public static let noAdditionalAddresses = NotifyType(rawValue: 16399)
    /// UPDATE_SA_ADDRESSES (RFC 4555 §3.5).
    public static let updateSAAddresses = NotifyType(rawValue: 16400)
    /// COOKIE2: return routability check (RFC 4555 §3.7).
    public static let cookie2 = NotifyType(rawValue: 16401)
    /// NO_NATS_ALLOWED (RFC 4555).
    public static let noNATsAllowed = NotifyType(rawValue: 16402)
    /// AUTH_LIFETIME: reauthenticate within this many seconds (RFC 4478).
    public static let authLifetime = NotifyType(rawValue: 16403)
    /// MULTIPLE_AUTH_SUPPORTED (RFC 4739).
    public static let multipleAuthSupported = NotifyType(rawValue: 16404)
    /// ANOTHER_AUTH_FOLLOWS (RFC 4739).
    public static let anotherAuthFollows = NotifyType(rawValue: 16405)
    /// REDIRECT_SUPPORTED (RFC 5685).
    public static let redirectSupported = NotifyType(rawValue: 16406)
    /// REDIRECT (RFC 5685).
    public static let redirect = NotifyType(rawValue: 16407)
    /// REDIRECTED_FROM (RFC 5685).
    public static let redirectedFrom = NotifyType(rawValue: 16408)
    /// EAP_ONLY_AUTHENTICATION (RFC 5998).
    public static let eapOnlyAuthentication = NotifyType(rawValue: 16417)
    /// CHILDLESS_IKEV2_SUPPORTED (RFC 6023).
    public static let childlessIKEv2Supported = NotifyType(rawValue: 16418)
    /// IKEV2_FRAGMENTATION_SUPPORTED (RFC 7383 §2.3).
    public static let fragmentationSupported = NotifyType(rawValue: 16430)
    /// SIGNATURE_HASH_ALGORITHMS: a list of two-octet hash IDs (RFC 7427 §4).
    public static let signatureHashAlgorithms = NotifyType(rawValue: 16431)

    public static let registeredNames: [UInt16: String] = [
        1: "UNSUPPORTED_CRITICAL_PAYLOAD", 4: "INVALID_IKE_SPI", 5: "INVALID_MAJOR_VERSION",
        7: "INVALID_SYNTAX", 9: "INVALID_MESSAGE_ID", 11: "INVALID_SPI", 14: "NO_PROPOSAL_CHOSEN",
        17: "INVALID_KE_PAYLOAD", 24: "AUTHENTICATION_FAILED", 34: "SINGLE_PAIR_REQUIRED",
        35: "NO_ADDITIONAL_SAS", 36: "INTERNAL_ADDRESS_FAILURE", 37: "FAILED_CP_REQUIRED",
        38: "TS_UNACCEPTABLE", 39: "INVALID_SELECTORS", 40: "UNACCEPTABLE_ADDRESSES",
        41: "UNEXPECTED_NAT_DETECTED", 42: "USE_ASSIGNED_HoA", 43: "TEMPORARY_FAILURE",
        44: "CHILD_SA_NOT_FOUND", 45: "INVALID_GROUP_ID", 46: "AUTHORIZATION_FAILED",
        47: "STATE_NOT_FOUND", 48: "TS_MAX_QUEUE", 12345: "MS_NOTIFY_STATUS",
        16384: "INITIAL_CONTACT", 16385: "SET_WINDOW_SIZE", 16386: "ADDITIONAL_TS_POSSIBLE",
        16387: "IPCOMP_SUPPORTED", 16388: "NAT_DETECTION_SOURCE_IP", 16389: "NAT_DETECTION_DESTINATION_IP",
        16390: "COOKIE", 16391: "USE_TRANSPORT_MODE", 16392: "HTTP_CERT_LOOKUP_SUPPORTED",
        16393: "REKEY_SA", 16394: "ESP_TFC_PADDING_NOT_SUPPORTED", 16395: "NON_FIRST_FRAGMENTS_ALSO",
        16396: "MOBIKE_SUPPORTED", 16397: "ADDITIONAL_IP4_ADDRESS", 16398: "ADDITIONAL_IP6_ADDRESS",
        16399: "NO_ADDITIONAL_ADDRESSES", 16400: "UPDATE_SA_ADDRESSES", 16401: "COOKIE2",
        16402: "NO_NATS_ALLOWED", 16403: "AUTH_LIFETIME", 16404: "MULTIPLE_AUTH_SUPPORTED",
        16405: "ANOTHER_AUTH_FOLLOWS", 16406: "REDIRECT_SUPPORTED", 16407: "REDIRECT",
        16408: "REDIRECTED_FROM", 16409: "TICKET_LT_OPAQUE", 16410: "TICKET_REQUEST",
        16411: "TICKET_ACK", 16412: "TICKET_NACK", 16413: "TICKET_OPAQUE", 16414: "LINK_ID",
        16415: "USE_WESP_MODE", 16416: "ROHC_SUPPORTED", 16417: "EAP_ONLY_AUTHENTICATION",
        16418: "CHILDLESS_IKEV2_SUPPORTED", 16419: "QUICK_CRASH_DETECTION",
        16420: "IKEV2_MESSAGE_ID_SYNC_SUPPORTED", 16421: "IPSEC_REPLAY_COUNTER_SYNC_SUPPORTED",
        16422: "IKEV2_MESSAGE_ID_SYNC", 16423: "IPSEC_REPLAY_COUNTER_SYNC",
        16424: "SECURE_PASSWORD_METHODS", 16425: "PSK_PERSIST", 16426: "PSK_CONFIRM",
        16427: "ERX_SUPPORTED", 16428: "IFOM_CAPABILITY", 16429: "SENDER_REQUEST_ID",
        16430: "IKEV2_FRAGMENTATION_SUPPORTED", 16431: "SIGNATURE_HASH_ALGORITHMS",
        16432: "CLONE_IKE_SA_SUPPORTED", 16433: "CLONE_IKE_SA", 16434: "PUZZLE", 16435: "USE_PPK",
        16436: "PPK_IDENTITY", 16437: "NO_PPK_AUTH", 16438: "INTERMEDIATE_EXCHANGE_SUPPORTED",
        16439: "IP4_ALLOWED", 16440: "IP6_ALLOWED", 16441: "ADDITIONAL_KEY_EXCHANGE",
        16442: "USE_AGGFRAG",
    ]
    public static let unnamedPrefix = "NOTIFY"
}
