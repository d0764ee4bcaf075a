"""Checks the report of the external tansu run (tests/extra.d/external-tansu.sh).

Usage: check_report.py REPORT_JSON EXIT_CODE WHEEL_LIBRDKAFKA BOOTSTRAP RUN_OUTPUT

Every criterion must hold, with one exception that is checked, not waved through: tansu 0.6.0
can lose a produce that is in flight when it is SIGKILLed. It has already advanced the producer's
sequence (and sometimes assigned the batch its offsets, leaving a gap), but the batch never
reaches storage; the client's retry after the restart is answered DUPLICATE_SEQUENCE_NUMBER, which
librdkafka takes as "delivered" (its eos debug line DUPSEQ), and the records are gone. When
data_loss is the only failed criterion, this script reads the topics back from the broker and
accepts the verdict only if the records chaosrun counts as lost are exactly the ones missing from
the input topic, and the broker answered DUPLICATE_SEQUENCE_NUMBER for at least that many records
or left an offset gap (or, for the rest, an ack batch was lost the same way): chaosrun's audit
found a real loss of the broker. Anything else fails.
"""
import glob
import json
import shutil
import os
import re
import struct
import sys

from confluent_kafka import Consumer, KafkaError, TopicPartition


def read_partition(bootstrap, topic, partition):
    """(offset, value) of every readable record, and the partition's low and high watermarks."""
    c = Consumer({"bootstrap.servers": bootstrap, "group.id": "external-tansu-check",
                  "enable.auto.commit": False, "enable.partition.eof": True, "fetch.wait.max.ms": 500})
    try:
        low, high = c.get_watermark_offsets(TopicPartition(topic, partition), timeout=15)
        c.assign([TopicPartition(topic, partition, low)])
        out = []
        while True:
            m = c.poll(15)
            if m is None:
                raise SystemExit(f"external-tansu: reading {topic}[{partition}] timed out")
            if m.error():
                if m.error().code() == KafkaError._PARTITION_EOF:
                    break
                continue
            out.append((m.offset(), m.value()))
        return out, low, high
    finally:
        c.close()


def gaps(records, low):
    """Offsets below the last readable one that hold no record. (tansu's ListOffsets high
    watermark lags behind its log, so the end is where reading stops, not `high`.)"""
    seen = {o for o, _ in records}
    return [o for o in range(low, max(seen) + 1) if o not in seen] if seen else []


def explain_loss(bootstrap, lost, partitions, dupseq):
    """A description of the broker's loss if it accounts for `lost` exactly, else None."""
    present, input_gaps = {}, []
    for p in range(partitions):
        records, low, high = read_partition(bootstrap, "chaos.input", p)
        input_gaps += [(p, o) for o in gaps(records, low)]
        for _, v in records:
            if len(v) < 24 or v[0] != 0xC7:
                continue
            key_len = struct.unpack_from("<H", v, 6)[0]
            seq = struct.unpack_from("<Q", v, 8)[0]
            present.setdefault(v[24:24 + key_len].decode(), set()).add(seq)
    absent = {k: [s for s in range(max(seqs) + 1) if s not in seqs] for k, seqs in present.items()}
    absent_count = sum(len(v) for v in absent.values())
    ack_records, ack_low, ack_high = read_partition(bootstrap, "chaos.input.acks", 0)
    ack_gaps = gaps(ack_records, ack_low)
    print(f"external-tansu: read back: {absent_count} sequence number(s) missing from chaos.input "
          f"{ {k: v for k, v in absent.items() if v} }, offset gaps {input_gaps[:12]}; "
          f"ack topic offset gaps {ack_gaps[:12]}")
    dup_input, dup_acks = dupseq
    # The broker told the client a batch was a duplicate (or left an offset gap) for at least as
    # many records as are missing: the records were lost by the broker, not by chaosrun.
    input_by_broker = absent_count == 0 or bool(input_gaps) or dup_input >= absent_count
    if absent_count == lost and input_by_broker:
        return (f"{lost} record(s) missing from chaos.input; offset gaps {input_gaps[:12]}, "
                f"{dup_input} record(s) answered DUPLICATE_SEQUENCE_NUMBER")
    if absent_count < lost and input_by_broker and (ack_gaps or dup_acks > 0):
        return (f"{absent_count} record(s) missing from chaos.input, the rest in ack batch(es) lost by the "
                f"broker (ack offset gaps {ack_gaps[:12]}, {dup_acks} ack record(s) answered DUPLICATE_SEQUENCE_NUMBER)")
    return None


DUPSEQ = re.compile(r"DUPSEQ: .*ProduceRequest for (\S+) \[\d+\] with (\d+) message")


def dupseq_counts(paths):
    """Records in produce batches the broker answered DUPLICATE_SEQUENCE_NUMBER, for the input
    topic and the ack topic (librdkafka's eos debug lines, CHAOSRUN_KAFKA_DEBUG=eos)."""
    counts = {"chaos.input": 0, "chaos.input.acks": 0}
    for p in paths:
        for line in open(p, errors="replace"):
            m = DUPSEQ.search(line)
            if m and m.group(1) in counts:
                counts[m.group(1)] += int(m.group(2))
    return counts["chaos.input"], counts["chaos.input.acks"]


def main():
    path, rc, wheel, bootstrap, run_output = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
    r = json.load(open(path))
    problems = []

    def check(ok, what):
        if not ok:
            problems.append(what)

    failed = [c for c in r["criteria"] if not c["passed"]]
    a = r["audit"]
    broker_loss = None
    if rc == 1 and [c["metric"] for c in failed] == ["data_loss"]:
        partitions = 2
        dupseq = dupseq_counts([run_output] + glob.glob(os.path.join(os.path.dirname(path), "worker-*.log")))
        print(f"external-tansu: records librdkafka was told were duplicates (DUPSEQ): chaos.input {dupseq[0]}, "
              f"chaos.input.acks {dupseq[1]}")
        broker_loss = explain_loss(bootstrap, a["lost"], partitions, dupseq)
        check(broker_loss is not None, f"data_loss {a['lost']} is not explained by records missing in the broker")
    else:
        check(rc == 0, f"chaosrun exited {rc}, expected 0")
        check(r["verdict"] == "passed", f"verdict {r['verdict']}")
        for c in failed:
            check(False, f"criterion '{c['text']}' failed: measured {c['measured_text']}, threshold {c['threshold']}")
    check(len(r["criteria"]) == 3, f"{len(r['criteria'])} criteria, expected 3")
    env = {e["key"]: e["value"] for e in r["environment"]}
    check(env.get("mode") == "external", f"mode {env.get('mode')}")
    check(env.get("librdkafka") == wheel, f"librdkafka {env.get('librdkafka')}, expected the wheel's {wheel}")
    check([f["kind"] for f in r["faults"]] == ["broker_crash", "network_partition"], f"faults {r['faults']}")
    crash, partition = r["faults"]
    check(crash["error"] is None and partition["error"] is None, f"fault errors {crash['error']}, {partition['error']}")
    check(crash["backend"] == "broker control command", f"backend {crash['backend']}")
    # As root with nft or iptables (CI), the partition is kernel rules on the engine's proxy ports.
    expected = "packet filter" if os.geteuid() == 0 and (shutil.which("nft") or shutil.which("iptables")) else "chaosrun fault proxy"
    check(partition["backend"].startswith(expected), f"partition backend {partition['backend']}, expected {expected}")
    for fault in r["faults"]:
        for edge in ("start", "end"):
            late = fault[f"actual_{edge}_ms"] - fault[f"planned_{edge}_ms"]
            check(0 <= late <= 2000, f"{fault['kind']} {edge} at {fault[f'actual_{edge}_ms']} ms, planned {fault[f'planned_{edge}_ms']} ms")
    # Nothing reaches the engine while its link is cut (a second's margin at each end).
    s = r["series"]
    cut = [tp for t, tp in zip(s["t_ms"], s["throughput"])
           if partition["actual_start_ms"] + 1000 <= t <= partition["actual_end_ms"] - 1000]
    check(cut and all(tp == 0 for tp in cut), f"throughput during the partition: {cut}")
    check(sum(r["series"]["errors"]) == 0, f"errors in the series: {sum(r['series']['errors'])}")
    check(a["produced"] > 0 and a["processed"] >= a["produced"] - a["lost"], f"audit {a}")
    if broker_loss is None:
        check(a["lost"] == 0, f"audit lost {a['lost']}")
    for p in problems:
        print("external-tansu:", p)
    summary = {k: a[k] for k in ("produced", "processed", "lost", "duplicates")}
    print("external-tansu: audit", summary, "criteria", [(c["text"], c["measured_text"]) for c in r["criteria"]],
          "librdkafka", env.get("librdkafka"))
    for c in r["criteria"]:
        if c["metric"] == "recovery":
            print("external-tansu: recovery:", "; ".join(c.get("details") or []))
    if broker_loss and not problems:
        print(f"external-tansu: KNOWN BROKER LOSS (tansu, not chaosrun): {broker_loss}; "
              "chaosrun's audit reported exactly these records as lost")
    sys.exit(1 if problems else 0)


main()
