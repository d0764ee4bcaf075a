// The timeline and the drain.
#if canImport(Glibc)
import Glibc
#endif
import ChaosCheck
import ChaosPlan
import Foundation

extension Runner {
    func timeline() throws {
        try checkInterrupted()
        raiseSchedulingPriority()
        clock.reset()
        sampler?.start()
        generators?.start(wallStart: wallNanos(), monoStart: clock.startNanos)
        phaseTimes["warmup"] = (0, nil)
        progress.event(0, "phase warmup: generators started (\(plan.generators.map(\.generator.name).joined(separator: ", ")))")
        var shift: [String: Int64] = [:]
        var active: [String: String] = [:]
        var lastStatus: Int64 = -1000
        // Window boundaries after the timeline (recovery windows reach into the drain) are not
        // actions; the evaluator uses the plan's intervals directly.
        let duration = plan.scenario.durationMs
        let context: FaultContext = faults
        let events = Self.dispatchOrder(plan.events.filter {
            $0.action != .startGenerators && !($0.timeMs > duration && ($0.action == .openWindow || $0.action == .closeWindow))
        }, cost: { context.applyCost(kind: $0) })
        for e in events {
            let due = e.timeMs + (e.ref.flatMap { shift[$0] } ?? 0)
            while nowMs < due {
                try checkInterrupted()
                markPhaseBoundaries(nowMs)
                if nowMs - lastStatus >= 500 { status(active); lastStatus = nowMs }
                usleep(UInt32(max(200, min(20_000, (due - nowMs) * 1000))))
            }
            markPhaseBoundaries(nowMs)
            let lateness = Double(nowMs - due)
            switch e.action {
            case .inject:
                schedulingErrors.append(lateness)
                try apply(e, active: &active)
            case .remove:
                schedulingErrors.append(lateness)
                try revert(e, active: &active)
            case .healthGate:
                let waited = healthGate(e)
                if let ref = e.ref { shift[ref, default: 0] += waited }
            case .stopGenerators:
                generators?.stop()
                progress.event(nowMs, "generators stopped: \(generators?.produced ?? 0) records produced")
            case .openWindow, .closeWindow, .startGenerators:
                progress.event(nowMs, "\(e.action == .openWindow ? "open" : "close") window \(e.ref ?? "")", level: "debug")
            }
        }
        markPhaseBoundaries(nowMs)
    }

    /// The order to dispatch the plan's events in: the plan's, except that fault events due at the
    /// same instant go cheapest to apply first (`FaultContext.applyCost`), when they belong to
    /// different faults and name different targets. Events are applied one after another, so an
    /// event behind an `nft` call would start ~25 ms late; behind a signal it starts on time.
    /// Events of one fault, or on one target (a crash's removal and the next crash of the same
    /// broker), keep their order.
    static func dispatchOrder(_ events: [PlanEvent], cost: (String) -> Int) -> [PlanEvent] {
        func isFault(_ e: PlanEvent) -> Bool { e.action == .inject || e.action == .remove }
        var out: [PlanEvent] = []
        var i = events.startIndex
        while i < events.endIndex {
            var j = i + 1
            if isFault(events[i]) {
                while j < events.endIndex, events[j].timeMs == events[i].timeMs, isFault(events[j]) { j += 1 }
            }
            let batch = Array(events[i..<j])
            let refs = batch.compactMap(\.ref), targets = batch.flatMap(\.targets)
            if batch.count > 1, Set(refs).count == refs.count, Set(targets).count == targets.count {
                out += batch.enumerated().sorted { a, b in
                    let (ca, cb) = (cost(a.element.kind ?? ""), cost(b.element.kind ?? ""))
                    return ca != cb ? ca < cb : a.offset < b.offset
                }.map(\.element)
            } else {
                out += batch
            }
            i = j
        }
        return out
    }

    /// Faults must be applied on time even when a cpu_spike saturates every core: the timeline
    /// thread asks for real-time scheduling (SCHED_FIFO, reset for children it spawns), or at
    /// least a higher priority; both need root and are skipped silently otherwise.
    func raiseSchedulingPriority() {
        var param = sched_param()
        param.sched_priority = 10
        let resetOnFork: Int32 = 0x4000_0000
        if pthread_setschedparam(pthread_self(), SCHED_FIFO | resetOnFork, &param) == 0 {
            progress.event(nowMs, "timeline thread: real-time scheduling", level: "debug")
        } else {
            _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, -5)
        }
    }

    func markPhaseBoundaries(_ t: Int64) {
        let warm = plan.scenario.warmupMs, dur = plan.scenario.durationMs
        if t >= warm, phaseTimes["timeline"] == nil {
            phaseTimes["warmup"] = (0, t)
            phaseTimes["timeline"] = (t, nil)
            progress.event(t, "phase timeline")
        }
        if t >= dur, let tl = phaseTimes["timeline"], tl.1 == nil { phaseTimes["timeline"] = (tl.0, t) }
    }

    func apply(_ e: PlanEvent, active: inout [String: String]) throws {
        guard let ref = e.ref else { return }
        let fault = plan.faults.first { $0.id == ref }?.fault
        let length = fault.flatMap { f in f.endMs.map { $0 - f.startMs } }
        let what = "\(ref) \(e.kind ?? "") \(e.targets.joined(separator: ", "))"
        do {
            try faults.inject(e, lengthMs: length)
            if faultTimes[ref]?.start == nil { faultTimes[ref] = (nowMs, nil, nil) }
            active[ref] = "\(e.kind ?? "") \(e.targets.joined(separator: ","))"
            metrics.injected(kind: e.kind ?? "")
            progress.event(nowMs, "inject \(what)", fields: ["fault": ref, "kind": e.kind ?? "", "action": "inject"])
        } catch {
            faultTimes[ref] = (faultTimes[ref]?.start, nil, "\(error)")
            throw RuntimeError.environment("cannot inject \(what): \(error)")
        }
    }

    func revert(_ e: PlanEvent, active: inout [String: String]) throws {
        guard let ref = e.ref else { return }
        let what = "\(ref) \(e.kind ?? "") \(e.targets.joined(separator: ", "))"
        do {
            try faults.remove(e)
        } catch {
            faultTimes[ref] = (faultTimes[ref]?.start, nowMs, "revert failed: \(error)")
            throw RuntimeError.environment("cannot remove \(what): \(error)")
        }
        faultTimes[ref] = (faultTimes[ref]?.start, nowMs, faultTimes[ref]?.error)
        active[ref] = nil
        metrics.removed(id: ref, kind: e.kind ?? "", atMs: nowMs)
        progress.event(nowMs, "remove \(what)", fields: ["fault": ref, "kind": e.kind ?? "", "action": "remove"])
    }

    /// Waits until the engine has caught up after a broker came back (lag below about one second
    /// of input), at most the gate's timeout; returns the time waited in ms.
    func healthGate(_ e: PlanEvent) -> Int64 {
        let start = nowMs, timeout = e.timeoutMs ?? 30_000
        let rate = plan.generators.compactMap { $0.generator.params["rate"]?.doubleValue }.reduce(0, +)
        let limit = max(1000, rate)
        while nowMs - start < timeout {
            if let lag = sampler?.lag, lag <= limit { break }
            if trap?.interrupted == true { break }
            usleep(100_000)
        }
        let waited = nowMs - start
        progress.event(nowMs, "health gate after \(e.targets.joined(separator: ", ")): waited \(DurationFormat.spell(waited))")
        return waited
    }

    func status(_ active: [String: String]) {
        let t = nowMs
        let phase = t < plan.scenario.warmupMs ? "warmup" : "timeline"
        let thr = Int(sampler?.throughput ?? 0)
        let lag = sampler?.lag.map { String(Int($0)) } ?? "?"
        let faultsText = active.isEmpty ? "no faults" : active.keys.sorted().map { active[$0]! }.joined(separator: "; ")
        progress.status("[\(phase)] \(DurationFormat.spell(t / 1000 * 1000))/\(DurationFormat.spell(plan.scenario.durationMs)) · \(faultsText) · \(thr) rec/s · lag \(lag)")
    }

    /// Waits until every produced record is processed (exact audit) or the drain bound passes.
    func drain() throws {
        let start = nowMs
        let bound = drainMs
        while nowMs - start < bound {
            try checkInterrupted()
            let produced = generators?.perStream ?? [:]
            if let audit = collector?.audit(produced: produced), audit.total.lost == 0, (sampler?.lag ?? 0) == 0 {
                progress.event(nowMs, "drained: every produced record processed")
                settleAfterDrain()
                return
            }
            if nowMs - start >= 0, (nowMs - start) % 2000 < 250 {
                progress.status("[drain] \(DurationFormat.spell((nowMs - start) / 1000 * 1000)) of at most \(DurationFormat.spell(bound)) · lag \(sampler?.lag.map { String(Int($0)) } ?? "?")")
            }
            usleep(250_000)
        }
        progress.event(nowMs, "drain bound reached after \(DurationFormat.spell(bound))")
    }

    /// Keeps sampling a little after the drain so recovery windows that end there can settle.
    func settleAfterDrain() {
        let settle = plan.scenario.settings["settle"]?.int64Value ?? 5000
        let until = nowMs + settle + (sampler?.store.intervalMs ?? 1000) * 2
        while nowMs < until, trap?.interrupted != true { usleep(100_000) }
    }
}
