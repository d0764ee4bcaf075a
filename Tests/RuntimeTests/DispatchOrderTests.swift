import ChaosCheck
@testable import ChaosPlan
import Testing
@testable import ChaosRuntime

/// Events due at the same instant are dispatched cheapest first, so a signal is not delayed by an
/// `nft` call planned at the same time (the scheduling error in `cascade` at 70 s).
@Suite struct DispatchOrderTests {
    static func event(_ t: Int64, _ action: PlanEvent.Action, _ ref: String, _ kind: String, _ targets: [String]) -> PlanEvent {
        PlanEvent(timeMs: t, action: action, ref: ref, kind: kind, targets: targets, params: Params(), source: nil, timeoutMs: nil)
    }
    static let cost: @Sendable (String) -> Int = { ["process_crash": 0, "network_partition": 2, "broker_crash": 1][$0] ?? 1 }

    @Test func cheapFirstAtTheSameInstant() {
        let events = [
            Self.event(40_000, .inject, "f1", "network_partition", ["kafka", "tda"]),
            Self.event(70_000, .remove, "f1", "network_partition", ["kafka", "tda"]),
            Self.event(70_000, .inject, "f3", "process_crash", ["tda.worker[1]"]),
            Self.event(70_000, .inject, "f4", "broker_crash", ["kafka.broker[1]"]),
            Self.event(80_000, .remove, "f3", "process_crash", ["tda.worker[1]"]),
        ]
        let order = Runner.dispatchOrder(events, cost: Self.cost)
        #expect(order.map { "\($0.ref!)\($0.action)" } == ["f1inject", "f3inject", "f4inject", "f1remove", "f3remove"])
    }

    @Test func sameTargetOrSameFaultKeepsThePlansOrder() {
        let sameTarget = [
            Self.event(50_000, .remove, "f1", "network_partition", ["kafka.broker[2]", "tda"]),
            Self.event(50_000, .inject, "f2", "broker_crash", ["kafka.broker[2]"]),
        ]
        #expect(Runner.dispatchOrder(sameTarget, cost: Self.cost) == sameTarget)
        let sameFault = [
            Self.event(50_000, .remove, "f1", "network_partition", ["kafka", "tda"]),
            Self.event(50_000, .inject, "f1", "process_crash", ["tda.worker[1]"]),
        ]
        #expect(Runner.dispatchOrder(sameFault, cost: Self.cost) == sameFault)
    }

    @Test func windowsAndGatesAreNotMoved() {
        let events = [
            Self.event(10_000, .inject, "f1", "network_partition", ["kafka", "tda"]),
            PlanEvent(timeMs: 10_000, action: .openWindow, ref: "c1", kind: nil, targets: [], params: Params(), source: nil, timeoutMs: nil),
            Self.event(10_000, .inject, "f2", "process_crash", ["tda.worker[1]"]),
        ]
        #expect(Runner.dispatchOrder(events, cost: Self.cost) == events)
    }
}
