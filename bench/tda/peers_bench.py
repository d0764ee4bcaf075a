"""Times chaosrun's TDA core and its peers on the same data (see bench/tda.bench.sh)."""
import argparse, importlib.metadata as md, math, os, platform, re, statistics, subprocess, sys, tempfile, time
import numpy as np
import gudhi
from gudhi.sklearn.rips_persistence import RipsPersistence
from gph import ripser_parallel
from ripser import ripser

ap = argparse.ArgumentParser()
ap.add_argument("--bin", required=True)
ap.add_argument("--fixtures", required=True)
ap.add_argument("--window-samples", type=int, default=3200, help="samples streamed through chaosrun")
ap.add_argument("--peer-windows", type=int, default=400, help="windows computed by each peer")
args = ap.parse_args()
skip_large = os.environ.get("TDA_BENCH_SKIP_LARGE") == "1"
# circle_n2000 without threshold takes minutes per peer; only GUDHI (the fastest) is timed on it
# unless TDA_BENCH_ALL_PEERS=1.
all_peers = os.environ.get("TDA_BENCH_ALL_PEERS") == "1"


def distance_matrix(x):
    s = np.zeros((len(x), len(x)))
    for k in range(x.shape[1]):
        diff = x[:, None, k] - x[None, :, k]
        s = s + diff * diff
    return np.sqrt(s).astype(np.float32)


def timed(fn, budget=3.0, max_runs=7):
    """Median wall time of fn(): at least one run, more while under the budget."""
    times = []
    while True:
        t = time.perf_counter(); fn(); times.append(time.perf_counter() - t)
        if len(times) >= max_runs or sum(times) > budget:
            return statistics.median(times)


PEERS = {
    "GUDHI": lambda d, t: RipsPersistence(homology_dimensions=[0, 1], threshold=t,
                                          input_type="full distance matrix", n_jobs=1).fit_transform([d]),
    "giotto-ph": lambda d, t: ripser_parallel(d, metric="precomputed", maxdim=1, thresh=t, n_threads=1),
    "ripser.py": lambda d, t: ripser(d, distance_matrix=True, maxdim=1, thresh=t),
}


def ours_cloud(path, thresh, runs):
    cmd = [args.bin, "tda", "diagram", path, "--repeat", str(runs)] + ([] if thresh == math.inf else ["--threshold", str(thresh)])
    out = subprocess.run(cmd, capture_output=True, text=True, check=True)
    return float(re.search(r"median ([0-9.]+) ms", out.stderr).group(1)) / 1e3


def single_clouds():
    cases = []
    for name in ["circle_n100", "circle_n200", "circle_n500", "circle_n1000", "circle_n2000", "torus_n500", "torus_n1000"]:
        t = 0.5 if name.startswith("circle") else 1.0
        cases += [(name, t), (name, math.inf)]
    rows = []
    for name, t in cases:
        if skip_large and name == "circle_n2000" and t == math.inf:
            continue
        path = os.path.join(args.fixtures, "points", name + ".csv")
        x = np.loadtxt(path, delimiter=",", ndmin=2)
        d = distance_matrix(x)
        first = ours_cloud(path, t, 1)
        ours = ours_cloud(path, t, 1 if first > 3 else (3 if first > 0.5 else 7))
        large = name == "circle_n2000" and t == math.inf and not all_peers
        peers = {p: (timed(lambda: fn(d, t), budget=2.0 if first < 1 else 0.0) if p == "GUDHI" or not large else math.nan)
                 for p, fn in PEERS.items()}
        rows.append((name, t, ours, peers))
        label = f"{name} {'full' if t == math.inf else 't' + str(t)}"
        print(f"  {label}: ours {ours*1e3:.1f} ms, " + ", ".join(f"{p} {v*1e3:.1f} ms" for p, v in peers.items()), file=sys.stderr, flush=True)
    return rows


def embed(signal, start, window=200, m=3, tau=12):
    p = window - (m - 1) * tau
    return np.stack([signal[start + k * tau: start + k * tau + p] for k in range(m)], axis=1)


def ours_windows(samples_path, thresh):
    cmd = [args.bin, "tda", "windows", samples_path, "--window", "200", "--stride", "1", "--embed", "3", "--delay", "12"]
    if thresh != math.inf:
        cmd += ["--threshold", str(thresh)]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True)
    m = re.search(r"([0-9]+) windows in ([0-9.]+) s, ([0-9.]+) windows/s, per window p50 ([0-9.]+) ms, p99 ([0-9.]+) ms", out.stderr)
    return float(m.group(3)), float(m.group(5))


def peer_windows(signal, thresh):
    results = {}
    for peer in ["GUDHI", "giotto-ph", "ripser.py"]:
        per = []
        for w in range(args.peer_windows):
            x = embed(signal, w)
            t0 = time.perf_counter()
            if peer == "GUDHI":
                RipsPersistence(homology_dimensions=[0, 1], threshold=thresh, input_type="point cloud", n_jobs=1).fit_transform([x])
            elif peer == "giotto-ph":
                ripser_parallel(x, maxdim=1, thresh=thresh, n_threads=1)
            else:
                ripser(x, maxdim=1, thresh=thresh)
            per.append(time.perf_counter() - t0)
        results[peer] = (len(per) / sum(per), float(np.percentile(per, 99)) * 1e3)
    return results


def two_workers(path_a, path_b, thresh):
    def cmd(p):
        c = [args.bin, "tda", "windows", p, "--window", "200", "--stride", "1", "--embed", "3", "--delay", "12"]
        return c + ([] if thresh == math.inf else ["--threshold", str(thresh)])
    t0 = time.perf_counter(); subprocess.run(cmd(path_a), capture_output=True, check=True); one = time.perf_counter() - t0
    t0 = time.perf_counter()
    procs = [subprocess.Popen(cmd(p), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for p in (path_a, path_b)]
    for p in procs:
        p.wait()
    two = time.perf_counter() - t0
    return (2 / two) / (1 / one)


def main():
    print("## machine", file=sys.stderr)
    lscpu = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
    versions = {p: md.version(p) for p in ["gudhi", "ripser", "giotto-ph", "numpy"]}
    print("running single clouds…", file=sys.stderr, flush=True)
    clouds = single_clouds()
    signal_lines = open(os.path.join(args.fixtures, "signal_sine_100k.csv")).read().split()
    signal = np.array([float(s) for s in signal_lines])
    tmp = tempfile.mkdtemp()
    seg_a, seg_b = os.path.join(tmp, "a.csv"), os.path.join(tmp, "b.csv")
    open(seg_a, "w").write("\n".join(signal_lines[: args.window_samples]) + "\n")
    open(seg_b, "w").write("\n".join(signal_lines[50000: 50000 + args.window_samples]) + "\n")
    print("running windows…", file=sys.stderr, flush=True)
    windows = {}
    for t in (1.0, math.inf):
        windows[t] = (ours_windows(seg_a, t), peer_windows(signal, t))
        print(f"  t={t}: ours {windows[t][0]}, peers {windows[t][1]}", file=sys.stderr, flush=True)
    scaling = {t: two_workers(seg_a, seg_b, t) for t in (1.0, math.inf)}

    print("### Single clouds (median wall time, one thread; ratio = ours / GUDHI)\n")
    print("| cloud | threshold | chaosrun | GUDHI | giotto-ph | ripser.py | ours/GUDHI |")
    print("|---|---|---:|---:|---:|---:|---:|")
    ratios = []
    for name, t, ours, peers in clouds:
        r = ours / peers["GUDHI"]
        ratios.append(r)
        th = "none" if t == math.inf else str(t)
        cell = lambda v: "not run" if math.isnan(v) else f"{v*1e3:.1f} ms"
        print(f"| {name} | {th} | {cell(ours)} | {cell(peers['GUDHI'])} | {cell(peers['giotto-ph'])} | {cell(peers['ripser.py'])} | {r:.2f} |")
    gm = math.exp(sum(math.log(r) for r in ratios) / len(ratios))
    print(f"\nGeometric mean ours/GUDHI: **{gm:.2f}** (max {max(ratios):.2f}) over {len(ratios)} cases.\n")
    print("### Sliding windows (176 points in R³: W 200, stride 1, m 3, τ 12)\n")
    print("| threshold | chaosrun windows/s | chaosrun p99 | GUDHI windows/s | GUDHI p99 | giotto-ph windows/s | ripser.py windows/s | ours/GUDHI |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for t, ((rate, p99), peers) in windows.items():
        th = "none" if t == math.inf else str(t)
        print(f"| {th} | {rate:.0f} | {p99:.2f} ms | {peers['GUDHI'][0]:.0f} | {peers['GUDHI'][1]:.2f} ms | {peers['giotto-ph'][0]:.0f} | {peers['ripser.py'][0]:.0f} | {rate / peers['GUDHI'][0]:.2f}× |")
    print(f"\nchaosrun streams {args.window_samples - 199} windows (diagram + features + W1 anomaly score per window); each peer computes the diagrams of the first {args.peer_windows} windows from their point clouds.\n")
    print("### Two workers against one (two chaosrun processes on two stream segments)\n")
    for t, s in scaling.items():
        print(f"- threshold {'none' if t == math.inf else t}: **{s:.2f}×** the throughput of one worker")
    print("\n### Environment\n")
    print("Peers: " + ", ".join(f"{k} {v}" for k, v in versions.items()) + f"; Python {platform.python_version()}.")
    print(f"Load average at the end: {os.getloadavg()}.\n")
    print("```\n" + lscpu.strip() + "\n```")


main()
