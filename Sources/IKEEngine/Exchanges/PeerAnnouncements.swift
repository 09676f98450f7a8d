import IKEWire
import Logging

/// What peers announce and report, for the logs: an admin debugging a
/// client that fails needs to see it, and the engine acts on little of it.
extension IKEEngine {
    /// The peer's IKE_SA_INIT capabilities: fragmentation (RFC 7383),
    /// signature hashes (RFC 7427) and vendor IDs, shown as hex since most
    /// are hashes (Windows sends MD5 values such as "MS NT5 ISAKMPOAKLEY").
    func logAnnouncements(in payloads: [IKEPayload], peer: Endpoint, spi: UInt64) {
        let hashes = payloads.notify(.signatureHashAlgorithms).map { Self.signatureHashes(in: $0).map(\.description) } ?? []
        let vendors = payloads.compactMap { if case .vendorID(let vendor) = $0 { Hex.string(vendor.data, limit: 16) } else { nil } }
        logger.debug("peer announces", metadata: [
            "peer": "\(peer)", "spi": "\(hex(spi))",
            "fragmentation": "\(payloads.notify(.fragmentationSupported) != nil)",
            "signature_hashes": "\(hashes)", "vendor_ids": "\(vendors)",
        ])
        logUnrecognizedNotifies(in: payloads, peer: peer, spi: spi)
    }

    /// Unknown notifies in requests are ignored (RFC 7296 §3.10.1) but
    /// logged with their data; Windows' MS_NOTIFY_STATUS, its own account
    /// of what went wrong, is logged where an admin sees it.
    func logUnrecognizedNotifies(in payloads: [IKEPayload], peer: Endpoint, spi: UInt64) {
        for notify in payloads.notifies {
            if notify.type == .microsoftStatus {
                logger.notice("peer reports \(notify.logDescription)", metadata: ["peer": "\(peer)", "spi": "\(hex(spi))"])
            } else if !notify.type.isKnown {
                logger.debug("unrecognised notify ignored: \(notify.logDescription)", metadata: ["peer": "\(peer)", "spi": "\(hex(spi))"])
            }
        }
    }

    /// The first error notify of a response, which means the request
    /// failed whatever its type (RFC 7296 §3.10.1), for the log and the
    /// failure reason.
    func errorNotify(in payloads: [IKEPayload]) -> NotifyPayload? {
        payloads.notifies.first(where: \.type.isError)
    }
}
