import ConfigFile
import IKEEngine

/// The `lifetimes` section: IKE SA rekeying, liveness checks, MOBIKE and
/// the retransmission of the gateway's own requests. CHILD_SA lifetimes
/// are `data-plane.lifetime`, since the data plane counts the traffic.
enum LifecycleSettings {
    static func parse(_ section: ConfigValue, into engine: inout EngineConfiguration) {
        section.allowKeys(["ike-rekey", "jitter", "dpd", "mobike", "retransmit"])
        var lifecycle = engine.lifecycle
        if let value = section["ike-rekey"] {
            lifecycle.ikeRekeyTime = value.durationOrOff(minimum: .seconds(10), default: lifecycle.ikeRekeyTime)
        }
        if let value = section["jitter"] {
            lifecycle.rekeyJitter = value.parsed("a percentage from 0% to 50%, such as 10%") { text in
                guard text.hasSuffix("%"), let percent = Int(text.dropLast()), (0...50).contains(percent) else { return nil }
                return Double(percent) / 100
            } ?? lifecycle.rekeyJitter
        }
        if let value = section["dpd"] {
            lifecycle.livenessInterval = value.durationOrOff(minimum: .seconds(1), default: lifecycle.livenessInterval)
        }
        lifecycle.mobike = section["mobike"]?.boolean ?? lifecycle.mobike
        engine.lifecycle = lifecycle
        if let retransmit = section["retransmit"] {
            retransmit.allowKeys(["timeout", "backoff", "tries"])
            var policy = engine.retransmission
            if let timeout = retransmit["timeout"], let duration = timeout.duration {
                if duration < .milliseconds(100) {
                    timeout.fail("expected at least 100ms: the peer needs time to answer")
                } else {
                    policy.initialTimeout = duration
                }
            }
            policy.backoff = retransmit["backoff"]?.parsed("a factor from 1 to 4, such as 1.8") { text in
                Double(text).flatMap { (1...4).contains($0) ? $0 : nil }
            } ?? policy.backoff
            policy.maximumTransmissions = retransmit["tries"]?.integer(in: 1...20) ?? policy.maximumTransmissions
            engine.retransmission = policy
        }
    }

}

extension ConfigValue {
    /// A duration of at least `minimum`, or `off` (nil); `fallback` when
    /// the value is wrong (and reported).
    func durationOrOff(minimum: Duration, default fallback: Duration?) -> Duration? {
        if string?.lowercased() == "off" { return nil }
        guard let duration else { return fallback }
        guard duration >= minimum else {
            fail("expected at least \(minimum) or off")
            return fallback
        }
        return duration
    }
}
