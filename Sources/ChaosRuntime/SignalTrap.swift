// SIGINT/SIGTERM handling for a run: the first signal asks the run to stop (teardown and
// rollback run normally, exit 130); a second one reverts every fault and ends every child at
// once, then exits 130.
#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import Synchronization

public final class SignalTrap: @unchecked Sendable {
    let count = Atomic<Int>(0)
    var sources: [DispatchSourceSignal] = []
    let onSecond: @Sendable () -> Void

    public init(onSecond: @escaping @Sendable () -> Void) {
        self.onSecond = onSecond
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let s = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            s.setEventHandler { [self] in
                let n = self.count.add(1, ordering: .relaxed).newValue
                if n >= 2 { self.onSecond() }
            }
            s.resume()
            sources.append(s)
        }
        signal(SIGPIPE, SIG_IGN)
    }

    public var interrupted: Bool { count.load(ordering: .relaxed) > 0 }

    public func cancel() {
        for s in sources { s.cancel() }
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}
