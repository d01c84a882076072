#!/usr/bin/env python3
"""Times the same workloads in PyTorch and in Descent (`descent bench ...`) and prints a comparison table.

Usage (from the repository root, after `dotnet build Descent.slnx -c Release`):

    /usr/bin/python3 bench/compare_pytorch.py matmul [--threads 2] [--repeat 15] [--rounds 3] [--json out.json]

Workloads are registered in WORKLOADS below: each one lists its cases, and for each case knows how to time it in PyTorch and
which `descent bench` arguments time the same thing. To add one (optimizer steps, training), write a `cases_*` function and
register it.

Method: warm-ups, then `--repeat` timed samples, median. As in `descent bench`, a sample is clean when, by Linux's scheduler
statistics (/proc/self/task/*/schedstat), this process's threads waited for a CPU for at most 2% of it and ran for at least 85%
of it on every thread the workload uses (for PyTorch: the OpenBLAS threads); other samples are retried. Each case runs `--rounds` times
alternating PyTorch and Descent, so a noisy phase of a shared machine hits both; the table reports each side's best round
median, and the JSON keeps every round.

Threads: Descent runs with `--threads` threads. PyTorch gets `torch.set_num_threads(1)` (its default on this machine); its BLAS
(Debian's OpenBLAS, pthread build) runs its own `OPENBLAS_NUM_THREADS` threads, 2 by default here, for torch.mm. Pass
`--blas-threads N` to set OPENBLAS_NUM_THREADS for the PyTorch side (it must be set before torch is imported, so the script
re-executes itself with it).
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_DESCENT = os.path.join(REPO, "src", "Descent.Cli", "bin", "Release", "net10.0", "descent")


def scheduler_times_ns():
    """(CPU time, run-queue wait) summed over this process's threads, including BLAS threads, or None if unknown."""
    run = wait = 0
    try:
        for task in os.listdir("/proc/self/task"):
            try:
                with open(f"/proc/self/task/{task}/schedstat") as f:
                    fields = f.read().split()
                run += int(fields[0])
                wait += int(fields[1])
            except FileNotFoundError:
                pass  # the thread exited meanwhile
    except (OSError, IndexError, ValueError):
        return None
    return run, wait


def time_clean(fn, repeat, warmup, busy_threads):
    """Median and best of `repeat` samples of fn() in ms, retrying samples in which other processes took our CPUs.

    Clean means, as in `descent bench`: our threads waited for a CPU for at most 2% of the sample and ran for at least 85% of it
    on each of `busy_threads` threads."""
    for _ in range(warmup):
        fn()
    clean, dirty = [], []
    tries = 0
    while len(clean) < repeat and tries < 5 * repeat:
        tries += 1
        s0 = scheduler_times_ns()
        t0 = time.perf_counter()
        fn()
        ms = (time.perf_counter() - t0) * 1e3
        s1 = scheduler_times_ns()
        ns = ms * 1e6
        if s0 is None or s1 is None or (s1[1] - s0[1] <= 0.02 * ns and s1[0] - s0[0] >= 0.85 * busy_threads * ns):
            clean.append(ms)
        else:
            dirty.append(ms)
    n_clean = len(clean)
    if len(clean) < repeat:
        clean += sorted(dirty)[: repeat - len(clean)]
    return {"median_ms": statistics.median(clean), "best_ms": min(clean), "samples": len(clean), "clean_samples": n_clean}


# ---------------------------------------------------------------------------------------------------------------- matmul

MATMUL_CASES = [
    # (label, m, n, k, layout): layout "nt" is C = A·Bᵀ (Linear forward), "tn" is C = Aᵀ·B (Linear weight gradient).
    ("1024³ NN", 1024, 1024, 1024, "nn"),
    ("1024³ NT", 1024, 1024, 1024, "nt"),
    ("1024³ TN", 1024, 1024, 1024, "tn"),
    ("MLP1 256×1024×784 NN", 256, 1024, 784, "nn"),
    ("MLP1 fwd 256×1024×784 NT", 256, 1024, 784, "nt"),
    ("MLP2 256×1024×1024 NN", 256, 1024, 1024, "nn"),
    ("MLP2 fwd 256×1024×1024 NT", 256, 1024, 1024, "nt"),
    ("MLP2 dW 1024×1024×256 TN", 1024, 1024, 256, "tn"),
    ("MLP1 dX 256×784×1024 NN", 256, 784, 1024, "nn"),
    ("2048³ NN", 2048, 2048, 2048, "nn"),
]


def cases_matmul(args):
    import torch

    dtype = torch.float32 if args.dtype == "float32" else torch.float64
    cases = []
    for label, m, n, k, layout in MATMUL_CASES:
        if args.quick and (m * n * k > 1024 ** 3):
            continue
        if args.only and args.only not in label:
            continue

        def torch_fn(m=m, n=n, k=k, layout=layout):
            g = torch.Generator().manual_seed(0)
            a = torch.randn((k, m) if layout[0] == "t" else (m, k), generator=g, dtype=dtype)
            b = torch.randn((n, k) if layout[1] == "t" else (k, n), generator=g, dtype=dtype)
            a_op = a.t() if layout[0] == "t" else a  # views: OpenBLAS gets the transpose flag, no copy
            b_op = b.t() if layout[1] == "t" else b
            c = torch.empty((m, n), dtype=dtype)
            return lambda: torch.mm(a_op, b_op, out=c)

        cases.append({
            "label": label,
            "flops": 2.0 * m * n * k,
            "torch": torch_fn,
            "descent": ["matmul", "--m", str(m), "--n", str(n), "--k", str(k), "--layout", layout, "--dtype", args.dtype],
        })
    return cases


WORKLOADS = {
    "matmul": cases_matmul,
}

# ---------------------------------------------------------------------------------------------------------------- runner


def run_descent(exe, bench_args, threads, repeat):
    cmd = [exe, "bench", *bench_args, "--threads", str(threads), "--repeat", str(repeat)]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout.strip().splitlines()
    return json.loads(out[-1])


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("workload", choices=sorted(WORKLOADS))
    p.add_argument("--threads", type=int, default=2, help="Descent threads (default 2)")
    p.add_argument("--blas-threads", type=int, default=None, help="OPENBLAS_NUM_THREADS for PyTorch (default: OpenBLAS's own, 2 here)")
    p.add_argument("--repeat", type=int, default=15)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--dtype", choices=["float32", "float64"], default="float32")
    p.add_argument("--quick", action="store_true", help="skip the largest cases")
    p.add_argument("--only", help="run only the cases whose label contains this text, e.g. MLP1")
    p.add_argument("--descent", default=DEFAULT_DESCENT, help="path of the descent executable")
    p.add_argument("--json", help="write every round's numbers to this file")
    args = p.parse_args()

    if args.blas_threads is not None and os.environ.get("OPENBLAS_NUM_THREADS") != str(args.blas_threads):
        env = dict(os.environ, OPENBLAS_NUM_THREADS=str(args.blas_threads))
        os.execve(sys.executable, [sys.executable, *sys.argv], env)
    if not os.path.exists(args.descent):
        sys.exit(f"compare_pytorch: {args.descent} not found; build first: dotnet build Descent.slnx -c Release")

    import torch

    torch.set_num_threads(1)
    blas_threads = os.environ.get("OPENBLAS_NUM_THREADS", "default (2 here)")
    blas_thread_count = int(os.environ.get("OPENBLAS_NUM_THREADS", os.cpu_count() or 1))
    print(f"# {args.workload} {args.dtype}: torch {torch.__version__}, torch threads 1, OPENBLAS_NUM_THREADS {blas_threads}; "
          f"descent threads {args.threads}; {args.rounds} rounds of {args.repeat} samples, best round shown")
    print("| workload | Descent ms | Descent GFLOP/s | PyTorch ms | PyTorch GFLOP/s | ratio | FMA peak GFLOP/s |")
    print("|---|---|---|---|---|---|---|")

    rows = []
    for case in WORKLOADS[args.workload](args):
        fn = case["torch"]()
        t_rounds, d_rounds = [], []
        for _ in range(args.rounds):
            t_rounds.append(time_clean(fn, args.repeat, warmup=3, busy_threads=blas_thread_count))
            d_rounds.append(run_descent(args.descent, case["descent"], args.threads, args.repeat))
        # The best round: fully clean rounds first, then the lowest median.
        t = min(t_rounds, key=lambda r: (r["clean_samples"] < r["samples"], r["median_ms"]))
        d = min(d_rounds, key=lambda r: (r["clean_samples"] < r["samples"], r["median_ms"]))
        t_gf = case["flops"] / (t["median_ms"] * 1e6)
        d_gf = case["flops"] / (d["median_ms"] * 1e6)
        rows.append({"label": case["label"], "descent": d_rounds, "torch": t_rounds,
                     "descent_ms": d["median_ms"], "descent_gflops": d_gf, "torch_ms": t["median_ms"], "torch_gflops": t_gf})
        note = "" if d["clean_samples"] == d["samples"] and t["clean_samples"] == t["samples"] else \
            f" (clean samples: descent {d['clean_samples']}/{d['samples']}, torch {t['clean_samples']}/{t['samples']})"
        peak = d.get("fma_peak_gflops", float("nan"))
        print(f"| {case['label']} | {d['median_ms']:.3f} | {d_gf:.1f} | {t['median_ms']:.3f} | {t_gf:.1f} | {d_gf / t_gf:.2f} | {peak:.0f} |{note}",
              flush=True)

    if args.json:
        with open(args.json, "w") as f:
            json.dump({"workload": args.workload, "threads": args.threads, "blas_threads": blas_threads, "rows": rows}, f, indent=1)


if __name__ == "__main__":
    main()
