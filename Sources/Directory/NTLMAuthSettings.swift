/// How `NTLMAuthPool` runs Samba's `ntlm_auth` helpers.
///
/// The gateway host is a winbind member of the domain; each helper is a
/// long-lived `ntlm_auth --helper-protocol=ntlm-server-1 --allow-mschapv2`
/// that answers any number of requests, one at a time.
public struct NTLMAuthSettings: Sendable, Equatable {
    /// The default helper command line.
    public static let defaultCommand = ["/usr/bin/ntlm_auth", "--helper-protocol=ntlm-server-1", "--allow-mschapv2"]

    /// argv of one helper: the program (looked up in PATH when it has no
    /// slash) and its arguments, e.g. the default plus `--configfile=...`
    /// or `--require-membership-of=CORP\VPN-Users`.
    public var command: [String]
    /// Helper processes kept running (at most this many requests at once).
    public var processes: Int
    /// The longest a request may take, from writing it to the whole reply
    /// (a helper that is (re)started for it includes its start).
    public var timeout: Duration
    /// Requests that may wait for a free helper beyond those being answered;
    /// more are answered `.unavailable` at once.
    public var maximumQueued: Int
    /// The pause before a helper that died or was killed is started again,
    /// doubling with each failure in a row up to `maximumRestartDelay`.
    public var restartDelay: Duration
    public var maximumRestartDelay: Duration

    public init(
        command: [String] = NTLMAuthSettings.defaultCommand,
        extraArguments: [String] = [],
        processes: Int = 2,
        timeout: Duration = .seconds(5),
        maximumQueued: Int = 256,
        restartDelay: Duration = .milliseconds(100),
        maximumRestartDelay: Duration = .seconds(5)
    ) {
        precondition(!command.isEmpty, "the helper command needs a program")
        precondition(processes > 0, "the pool runs at least one helper")
        self.command = command + extraArguments
        self.processes = processes
        self.timeout = timeout
        self.maximumQueued = maximumQueued
        self.restartDelay = restartDelay
        self.maximumRestartDelay = maximumRestartDelay
    }
}
