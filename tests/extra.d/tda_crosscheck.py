"""Random clouds, exact float32 distances, ripser as reference (see tda-crosscheck.sh)."""
import os, subprocess, sys, tempfile
import numpy as np
from ripser import ripser

BIN = sys.argv[1]
rng = np.random.default_rng(20261125)


def distance_matrix(x):
    n, dim = x.shape
    s = np.zeros((n, n), dtype=np.float64)
    for k in range(dim):  # left to right; numpy element-wise ops do not fuse
        diff = x[:, None, k] - x[None, :, k]
        s = s + diff * diff
    return np.sqrt(s).astype(np.float32)


def reference_rows(x, thresh):
    n = x.shape[0]
    if n == 0:
        return []
    d = distance_matrix(x)
    res = ripser(d, distance_matrix=True, maxdim=1, thresh=np.inf if thresh is None else thresh)
    rows = []
    for dim, dgm in enumerate(res["dgms"]):
        for b, e in dgm:
            b, e = np.float32(b), np.float32(e)
            if e > b:
                rows.append((dim, float(b), float(e)))
    return sorted(rows)


def our_rows(x, thresh):
    with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as f:
        for p in x:
            f.write(",".join(repr(float(c)) for c in p) + "\n")
        path = f.name
    try:
        if x.shape[0] == 0:
            open(path, "w").close()
        args = [BIN, "tda", "diagram", path] + ([] if thresh is None else ["--threshold", repr(thresh)])
        out = subprocess.run(args, capture_output=True, text=True)
        if x.shape[0] == 0:
            return [] if out.returncode == 2 else None
        if out.returncode != 0:
            raise SystemExit(f"chaosrun failed ({out.returncode}): {out.stderr}")
        rows = []
        for line in out.stdout.splitlines()[1:]:
            dim, b, e = line.split(",")
            rows.append((int(dim), float(np.float32(b)), float(np.float32(e))))
        return sorted(rows)
    finally:
        os.unlink(path)


def clouds():
    for n in (0, 1, 2, 3, 4):
        yield f"tiny n={n}", rng.normal(size=(n, 2)), None
    for dim in (1, 2, 3, 4, 5):
        for n in (10, 40, 120):
            yield f"gauss n={n} d={dim}", rng.normal(size=(n, dim)), None
            yield f"gauss n={n} d={dim} t", rng.normal(size=(n, dim)), 1.0
    for n in (30, 80, 200):
        t = np.sort(rng.uniform(0, 2 * np.pi, n))
        x = np.c_[np.cos(t), np.sin(t)] + 0.05 * rng.normal(size=(n, 2))
        yield f"circle n={n}", x, None
        yield f"circle n={n} t", x, 0.5
    for n in (25, 60, 150):
        x = rng.integers(0, 5, size=(n, 2)).astype(np.float64)  # lattice: ties and duplicates
        yield f"lattice n={n}", x, None
        yield f"lattice n={n} t", x, 2.0
        x = rng.integers(0, 3, size=(n, 3)).astype(np.float64) * 0.5
        yield f"lattice3 n={n} t", x, float(np.float32(0.75))
    for n in (20, 90):
        base = rng.normal(size=(n // 2, 3))
        x = np.r_[base, base[: n // 4], base[:3]]  # duplicates
        yield f"duplicates n={len(x)}", x, None
        line = rng.uniform(0, 1, size=(n, 1)) * np.array([[1.0, 2.0, -0.5]])
        yield f"collinear n={n}", line, None
    x = rng.normal(size=(300, 3))
    yield "gauss n=300 d=3 t", x, 0.8
    x = rng.normal(size=(250, 6))
    yield "gauss n=250 d=6", x, None
    x = rng.uniform(0, 1, size=(3000, 3))  # beyond 2953 points: 128-bit cofacet keys
    yield "uniform n=3000 d=3 t", x, 0.08


failures = 0
count = 0
for name, x, thresh in clouds():
    count += 1
    want, got = reference_rows(x, thresh), our_rows(x, thresh)
    if got != want:
        failures += 1
        extra = [r for r in got or [] if r not in want][:3]
        missing = [r for r in want if r not in (got or [])][:3]
        print(f"MISMATCH {name}: {len(got or [])} rows vs ripser {len(want)}; extra {extra}; missing {missing}")
print(f"tda-crosscheck: {count - failures}/{count} clouds equal to ripser")
sys.exit(1 if failures else 0)
