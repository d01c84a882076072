#!/usr/bin/python3
"""PyTorch's side of `descent bench`: the same workloads, the same options, the same one-line JSON.

Usage (PyTorch 1.13 is installed for /usr/bin/python3 only):

    /usr/bin/python3 bench/compare_pytorch.py matmul [--size 1024 | --m M --n N --k K] [--layout nn|nt|tn|tt] [--dtype float32]
    /usr/bin/python3 bench/compare_pytorch.py optimizer [--name adam|adamw|sgd|rmsprop] [--params 10000000]
    /usr/bin/python3 bench/compare_pytorch.py train --data fashion-mnist --model mlp:784-256-128-10|cnn:lenet [--batch-size 128]
                                                    [--epochs 1 | --steps S] [--optimizer adam:lr=0.001] [--warmup 20] [--seed 0]
    /usr/bin/python3 bench/compare_pytorch.py bandwidth [--kernel triad|copy|update] [--mb 400]
    every one also takes [--threads 2] (and the kernel ones [--repeat 15] [--warmup 3])

Each prints one JSON line with the fields `descent bench` prints for the same workload (median_ms, gflops, gb_per_s,
epoch_s, samples_per_s, test_accuracy...; fields that have no PyTorch counterpart, such as allocated bytes, are null).
`bench/compare.sh` runs both sides, alternating, and writes the ratios.

A further subcommand runs both sides itself over the GEMM shapes that matter for training and prints a table:

    /usr/bin/python3 bench/compare_pytorch.py matmul-shapes [--threads 2] [--blas-threads N] [--repeat 15] [--rounds 3]
                                                            [--dtype float32] [--quick] [--only TEXT] [--json out.json]

Threads: `--threads T` gives PyTorch T intra-op threads (torch.set_num_threads) and sets OPENBLAS_NUM_THREADS=T for its BLAS
(Debian's OpenBLAS, pthread build; the variable must be set before torch is imported, so the script re-executes itself with
it). For matmul, PyTorch's own threads stay at 1: torch.mm hands the whole product to OpenBLAS, whose T threads do the work.

Timing of the kernel workloads (matmul, optimizer, bandwidth): warm-ups, then `--repeat` samples, median. As in
`descent bench`, a sample is clean when, by Linux's scheduler statistics (/proc/self/task/*/schedstat), this process's
threads waited for a CPU for at most 2% of it and ran for at least 85% of it on every thread the workload uses; other samples
are retried. Training steps are timed from the end of the previous step, batch slicing included, after `--warmup` steps of a
throwaway model; epochs exclude the evaluation of the test set, as Descent's do.

matmul-shapes alternates PyTorch and Descent for each case (`--rounds`, each of `--repeat` samples) and keeps each side's best
fully clean round; `--blas-threads N` sets OPENBLAS_NUM_THREADS for the PyTorch side (default: OpenBLAS's own, 2 here) and
PyTorch's intra-op threads stay at 1 (its default on this machine).
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


def run_descent(exe, bench_args, threads, repeat):
    cmd = [exe, "bench", *bench_args, "--threads", str(threads), "--repeat", str(repeat)]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout.strip().splitlines()
    return json.loads(out[-1])


def matmul_shapes(args):
    """Both sides over MATMUL_CASES, alternating, as a Markdown table (the GEMM section of docs/performance.md)."""
    if not os.path.exists(args.descent):
        sys.exit(f"compare_pytorch: {args.descent} not found; build first: dotnet build Descent.slnx -c Release")

    import torch

    torch.set_num_threads(1)
    blas_threads = os.environ.get("OPENBLAS_NUM_THREADS", "default (2 here)")
    blas_thread_count = int(os.environ.get("OPENBLAS_NUM_THREADS", os.cpu_count() or 1))
    print(f"# matmul {args.dtype}: torch {torch.__version__}, torch threads 1, OPENBLAS_NUM_THREADS {blas_threads}; "
          f"descent threads {args.threads}; {args.rounds} rounds of {args.repeat} samples, best round shown")
    print("| workload | Descent ms | Descent GFLOP/s | PyTorch ms | PyTorch GFLOP/s | ratio | FMA peak GFLOP/s |")
    print("|---|---|---|---|---|---|---|")

    rows = []
    for case in cases_matmul(args):
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
            json.dump({"workload": "matmul", "threads": args.threads, "blas_threads": blas_threads, "rows": rows}, f, indent=1)


# ------------------------------------------------------------------------------------------------- one-line JSON workloads


def emit(fields):
    """One JSON line, keys in the given order, floats rounded as `descent bench` rounds them."""
    print(json.dumps(fields), flush=True)


def timed_fields(t):
    return {"median_ms": round(t["median_ms"], 4), "best_ms": round(t["best_ms"], 4), "samples": t["samples"],
            "clean_samples": t["clean_samples"]}


def bench_matmul(args):
    import torch

    torch.set_num_threads(1)  # torch.mm hands the product to OpenBLAS, whose OPENBLAS_NUM_THREADS threads do the work
    m = args.m or args.size
    n = args.n or args.size
    k = args.k or args.size
    dtype = torch.float32 if args.dtype == "float32" else torch.float64
    g = torch.Generator().manual_seed(42)
    a = torch.randn((k, m) if args.layout[0] == "t" else (m, k), generator=g, dtype=dtype)
    b = torch.randn((n, k) if args.layout[1] == "t" else (k, n), generator=g, dtype=dtype)
    a_op = a.t() if args.layout[0] == "t" else a  # views: OpenBLAS gets the transpose flag, no copy
    b_op = b.t() if args.layout[1] == "t" else b
    c = torch.empty((m, n), dtype=dtype)
    t = time_clean(lambda: torch.mm(a_op, b_op, out=c), args.repeat, args.warmup, busy_threads=args.threads)
    emit({"name": "matmul", "size": m if m == n == k else None, "dtype": args.dtype, "threads": args.threads,
          "median_ms": round(t["median_ms"], 4), "gflops": round(2.0 * m * n * k / (t["median_ms"] * 1e6), 1),
          "m": m, "n": n, "k": k, "layout": args.layout, **{k_: v for k_, v in timed_fields(t).items() if k_ != "median_ms"},
          "torch": torch.__version__})


# Bytes one fused pass would move per parameter: parameter, gradient and each state buffer read; parameter and buffers written.
OPTIMIZER_BYTES = {"adam": 28, "adamw": 28, "sgd": 20, "rmsprop": 20}


def bench_optimizer(args):
    import torch

    torch.set_num_threads(args.threads)
    torch.manual_seed(42)
    name = args.name.split(":")[0]
    p = torch.nn.Parameter(torch.randn(args.params))
    p.grad = torch.randn(args.params)
    make = {
        "adam": lambda: torch.optim.Adam([p], lr=1e-3),
        "adamw": lambda: torch.optim.AdamW([p], lr=1e-3),
        "sgd": lambda: torch.optim.SGD([p], lr=1e-3, momentum=0.9),
        "rmsprop": lambda: torch.optim.RMSprop([p], lr=1e-3),
    }
    if name not in make:
        sys.exit(f"compare_pytorch optimizer: --name {args.name}: expected one of {', '.join(make)}")
    opt = make[name]()
    opt.step()  # creates the state, so the timed steps are steady-state steps
    t = time_clean(opt.step, args.repeat, args.warmup, busy_threads=args.threads)
    bpp = OPTIMIZER_BYTES[name]
    emit({"name": "optimizer", "optimizer": args.name, "params": args.params, "dtype": "float32", "threads": args.threads,
          "median_ms": round(t["median_ms"], 4), "gb_per_s": round(bpp * args.params / (t["median_ms"] * 1e6), 2),
          "bytes_per_param": bpp, **{k: v for k, v in timed_fields(t).items() if k != "median_ms"},
          "torch": torch.__version__, "implementation": f"torch.optim.{type(opt).__name__} (default single-tensor path)"})


def bench_bandwidth(args):
    import torch

    torch.set_num_threads(args.threads)
    arrays = 3 if args.kernel == "triad" else 2
    n = args.mb * 1_000_000 // arrays // 4
    a = torch.zeros(n)
    b = torch.ones(n)
    c = torch.full((n,), 2.0) if args.kernel == "triad" else None
    # update: a += 3·b in place (reads two arrays, writes one; the optimizers' pattern); 3 arrays' worth of bytes like triad
    fn = {"triad": lambda: torch.add(b, c, alpha=3.0, out=a), "copy": lambda: a.copy_(b), "update": lambda: a.add_(b, alpha=3.0)}[args.kernel]
    t = time_clean(fn, args.repeat, args.warmup, busy_threads=args.threads)
    nbytes = n * 4 * (3 if args.kernel == "update" else arrays)
    emit({"name": "bandwidth", "kernel": args.kernel, "threads": args.threads, "median_ms": round(t["median_ms"], 4),
          "gb_per_s": round(nbytes / (t["median_ms"] * 1e6), 2), "bytes": nbytes,
          "best_gb_per_s": round(nbytes / (t["best_ms"] * 1e6), 2), **{k: v for k, v in timed_fields(t).items() if k != "median_ms"},
          "torch": torch.__version__})


def read_idx(path):
    import gzip

    import numpy as np

    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    ndim = data[3]
    dims = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def load_images(spec):
    """fashion-mnist or mnist (optionally name:dir=PATH,n=N) as ([n, 1, 28, 28] in [0, 1], labels) for train and test."""
    import torch

    name, _, opts = spec.partition(":")
    options = dict(kv.split("=", 1) for kv in opts.split(",") if kv)
    dirs = {"fashion-mnist": ["/usr/share/datasets/fashion-mnist"], "mnist": ["/usr/share/datasets/mnist"]}
    if name not in dirs:
        sys.exit(f"compare_pytorch train: --data {spec}: expected fashion-mnist or mnist (optionally with dir=PATH,n=N)")
    directory = options.get("dir") or next((d for d in dirs[name] if os.path.isdir(d)), dirs[name][0])

    def find(base):
        for candidate in (base, base + ".gz"):
            if os.path.exists(os.path.join(directory, candidate)):
                return os.path.join(directory, candidate)
        sys.exit(f"compare_pytorch train: {base} not found in {directory}")

    def images(base):
        # Division by 255 in float32, as torchvision's ToTensor and Descent's IDX reader do.
        return torch.from_numpy(read_idx(find(base)).astype("float32")).div_(255.0).reshape(-1, 1, 28, 28)

    def labels(base):
        return torch.from_numpy(read_idx(find(base)).astype("int64"))

    x, y = images("train-images-idx3-ubyte"), labels("train-labels-idx1-ubyte")
    if "n" in options:
        x, y = x[: int(options["n"])], y[: int(options["n"])]
    return x, y, images("t10k-images-idx3-ubyte"), labels("t10k-labels-idx1-ubyte")


def build_model(spec, classes):
    from torch import nn

    name, _, rest = spec.partition(":")
    if name == "mlp":
        sizes = [int(v) for v in rest.split(",")[0].split("-")]
        if sizes[0] != 784 or sizes[-1] != classes:
            sys.exit(f"compare_pytorch train: --model {spec}: the first size must be 784 and the last {classes}")
        layers = [nn.Flatten()]
        for i in range(len(sizes) - 1):
            layers.append(nn.Linear(sizes[i], sizes[i + 1]))
            if i + 2 < len(sizes):
                layers.append(nn.ReLU())
        return nn.Sequential(*layers)
    if spec == "cnn:lenet":
        # The same network as Descent's ModelSpec.LeNet: conv 6@5x5 (pad 2) → relu → maxpool 2 → conv 16@5x5 → relu → maxpool 2 → 120 → 84 → 10.
        return nn.Sequential(
            nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(), nn.Linear(16 * 5 * 5, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, classes))
    sys.exit(f"compare_pytorch train: --model {spec}: expected mlp:784-...-10 or cnn:lenet")


def build_optimizer(spec, params):
    import torch

    name, _, opts = spec.partition(":")
    kwargs = {k: float(v) for k, v in (kv.split("=", 1) for kv in opts.split(",") if kv)}
    make = {"adam": torch.optim.Adam, "adamw": torch.optim.AdamW, "sgd": torch.optim.SGD, "rmsprop": torch.optim.RMSprop}
    if name not in make:
        sys.exit(f"compare_pytorch train: --optimizer {spec}: expected one of {', '.join(make)}")
    if name == "sgd":
        kwargs.setdefault("lr", 1e-3)
    return make[name](params, **kwargs)


def bench_train(args):
    import torch
    from torch import nn

    torch.set_num_threads(args.threads)
    x_train, y_train, x_test, y_test = load_images(args.data)
    count = x_train.shape[0]
    steps_per_epoch = (count + args.batch_size - 1) // args.batch_size
    loss_fn = nn.CrossEntropyLoss()

    def batches(seed):
        """Shuffled batches forever, reshuffled every epoch (as Descent's loader: the last batch may be short)."""
        g = torch.Generator().manual_seed(seed)
        while True:
            for idx in torch.randperm(count, generator=g).split(args.batch_size):
                yield x_train[idx], y_train[idx]

    def step(model, optimizer, x, y):
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
        return loss.item()  # the Trainer reads every step's loss too

    if args.warmup > 0:
        torch.manual_seed(args.seed + 1)
        warm = build_model(args.model, 10)
        warm_opt = build_optimizer(args.optimizer, warm.parameters())
        source = batches(args.seed + 1)
        for _ in range(args.warmup):
            step(warm, warm_opt, *next(source))

    torch.manual_seed(args.seed)
    model = build_model(args.model, 10)
    optimizer = build_optimizer(args.optimizer, model.parameters())
    timed_steps = args.steps if args.steps else steps_per_epoch * args.epochs
    durations, epoch_seconds = [], []
    loss_sum, seen = 0.0, 0
    source = batches(args.seed)
    done = 0
    while done < timed_steps:
        in_epoch = min(steps_per_epoch, timed_steps - done)
        loss_sum, seen = 0.0, 0
        epoch_start = mark = time.perf_counter()
        for _ in range(in_epoch):
            x, y = next(source)
            loss_sum += step(model, optimizer, x, y) * x.shape[0]
            seen += x.shape[0]
            now = time.perf_counter()
            durations.append((now - mark) * 1e3)
            mark = now
        if in_epoch == steps_per_epoch:
            epoch_seconds.append(time.perf_counter() - epoch_start)
        done += in_epoch

    test_accuracy = test_loss = None
    if not args.steps:
        model.eval()
        with torch.no_grad():
            correct, total_loss = 0, 0.0
            for xs, ys in zip(x_test.split(1024), y_test.split(1024)):
                out = model(xs)
                total_loss += loss_fn(out, ys).item() * xs.shape[0]
                correct += (out.argmax(1) == ys).sum().item()
        test_accuracy = correct / x_test.shape[0]
        test_loss = total_loss / x_test.shape[0]

    median = statistics.median(durations)
    epoch_s = statistics.median(epoch_seconds) if (epoch_seconds and not args.steps) else None
    emit({"name": "train", "data": args.data, "model": args.model, "optimizer": args.optimizer, "batch_size": args.batch_size,
          "threads": args.threads, "median_ms": round(median, 4), "epoch_s": round(epoch_s, 4) if epoch_s else None,
          "samples_per_s": round(count / epoch_s if epoch_s else args.batch_size * 1000 / median, 1),
          "allocated_bytes_per_step": None, "gc_count": None, "gc_pause_ms": None,
          "test_accuracy": test_accuracy, "test_loss": test_loss, "train_loss": loss_sum / seen if seen else None,
          "best_ms": round(min(durations), 4), "steps": len(durations), "epochs": None if args.steps else args.epochs,
          "steps_per_epoch": steps_per_epoch, "warmup_steps": args.warmup, "seed": args.seed, "torch": torch.__version__})


# ---------------------------------------------------------------------------------------------------------------- main


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="workload", required=True)

    def kernel_options(q):
        q.add_argument("--threads", type=int, default=2)
        q.add_argument("--repeat", type=int, default=15)
        q.add_argument("--warmup", type=int, default=3)

    q = sub.add_parser("matmul", help="torch.mm on preallocated matrices")
    q.add_argument("--size", type=int, default=1024)
    q.add_argument("--m", type=int)
    q.add_argument("--n", type=int)
    q.add_argument("--k", type=int)
    q.add_argument("--layout", choices=["nn", "nt", "tn", "tt"], default="nn")
    q.add_argument("--dtype", choices=["float32", "float64"], default="float32")
    kernel_options(q)

    q = sub.add_parser("optimizer", help="one optimizer step over --params float32 parameters")
    q.add_argument("--name", default="adam")
    q.add_argument("--params", type=int, default=10_000_000)
    kernel_options(q)

    q = sub.add_parser("bandwidth", help="streaming triad or copy over --mb MB")
    q.add_argument("--kernel", choices=["triad", "copy", "update"], default="triad")
    q.add_argument("--mb", type=int, default=400)
    kernel_options(q)

    q = sub.add_parser("train", help="training steps or epochs on MNIST-style images")
    q.add_argument("--data", required=True)
    q.add_argument("--model", required=True)
    q.add_argument("--batch-size", type=int, default=128)
    q.add_argument("--epochs", type=int, default=1)
    q.add_argument("--steps", type=int)
    q.add_argument("--optimizer", default="adam:lr=0.001")
    q.add_argument("--warmup", type=int, default=20)
    q.add_argument("--seed", type=int, default=0)
    q.add_argument("--threads", type=int, default=2)

    q = sub.add_parser("matmul-shapes", help="both sides over the GEMM shapes of training, as a table")
    q.add_argument("--threads", type=int, default=2, help="Descent threads (default 2)")
    q.add_argument("--blas-threads", type=int, default=None, help="OPENBLAS_NUM_THREADS for PyTorch (default: OpenBLAS's own, 2 here)")
    q.add_argument("--repeat", type=int, default=15)
    q.add_argument("--rounds", type=int, default=3)
    q.add_argument("--dtype", choices=["float32", "float64"], default="float32")
    q.add_argument("--quick", action="store_true", help="skip the largest cases")
    q.add_argument("--only", help="run only the cases whose label contains this text, e.g. MLP1")
    q.add_argument("--descent", default=DEFAULT_DESCENT, help="path of the descent executable")
    q.add_argument("--json", help="write every round's numbers to this file")
    args = p.parse_args()

    blas = args.blas_threads if args.workload == "matmul-shapes" else args.threads
    if blas is not None and os.environ.get("OPENBLAS_NUM_THREADS") != str(blas):
        env = dict(os.environ, OPENBLAS_NUM_THREADS=str(blas))
        os.execve(sys.executable, [sys.executable, *sys.argv], env)

    {"matmul": bench_matmul, "optimizer": bench_optimizer, "bandwidth": bench_bandwidth, "train": bench_train,
     "matmul-shapes": matmul_shapes}[args.workload](args)


if __name__ == "__main__":
    main()
