// The built-in stressor: holds memory (touching every page so it is resident) or loads CPUs
// with a duty cycle, and always stops by itself after the given time.
#if canImport(Glibc)
import Glibc
#endif
import Foundation

public enum BuiltinStress {
    public static func holdMemory(bytes: Int64, seconds: Int) {
        let cap = Stressor.totalMemory() * 95 / 100
        let n = Int(min(max(0, bytes), cap))
        guard n > 0, let p = malloc(n) else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        var i = 0
        while i < n { p.storeBytes(of: UInt8(truncatingIfNeeded: i), toByteOffset: i, as: UInt8.self); i += page }
        sleep(UInt32(max(1, seconds)))
        free(p)
    }

    public static func burnCPU(workers: Int, loadPercent: Int, seconds: Int) {
        let end = Monotonic.seconds() + Double(seconds)
        let duty = Double(min(max(loadPercent, 1), 100)) / 100
        var threads: [Thread] = []
        for _ in 0..<max(1, workers) {
            let t = Thread {
                var x: UInt64 = 88172645463325252
                while Monotonic.seconds() < end {
                    let sliceStart = Monotonic.seconds()
                    while Monotonic.seconds() - sliceStart < 0.1 * duty { x ^= x << 13; x ^= x >> 7; x ^= x << 17 }
                    if duty < 1 { usleep(UInt32(100_000 * (1 - duty))) }
                }
                if x == 0 { print("") }
            }
            t.start()
            threads.append(t)
        }
        while Monotonic.seconds() < end { usleep(100_000) }
    }
}
