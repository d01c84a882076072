#!/usr/bin/python3
"""Summarises the JSON lines `bench/compare.sh` collected: per workload, the median over rounds of each side's figures and the
ratio PyTorch time / Descent time (above 1: Descent is faster). Writes RAW.json and RAW.md next to RAW.jsonl and prints the
Markdown table.

    /usr/bin/python3 bench/compare_summary.py bench/results/2026-11-21T1600-abc1234.jsonl [--commit abc1234] [--threads 2]

The headline time of a workload is its median epoch time when whole epochs were run, else its median step (or call) time.
"""
import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess

# The throughput figure each workload reports, and its unit.
FIGURES = {"matmul": ("gflops", "GFLOP/s"), "optimizer": ("gb_per_s", "GB/s"), "bandwidth": ("gb_per_s", "GB/s"),
           "train": ("samples_per_s", "samples/s")}


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def headline(result):
    """(seconds-or-ms value, unit) that the ratio compares: epoch seconds when present, else the median in ms."""
    if result.get("epoch_s") is not None:
        return result["epoch_s"], "s/epoch"
    return result["median_ms"], "ms"


def machine():
    cpu = "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    try:
        dotnet = subprocess.run(["dotnet", "--version"], capture_output=True, text=True, check=False).stdout.strip()
    except OSError:
        dotnet = "unknown"
    return {"cpu": cpu, "cpus": os.cpu_count(), "kernel": platform.release(), "dotnet": dotnet}


def summarise(rows):
    workloads = []
    for name in dict.fromkeys(r["workload"] for r in rows):
        sides = {}
        for side in ("descent", "pytorch"):
            results = [r["result"] for r in rows if r["workload"] == name and r["side"] == side]
            if not results:
                continue
            kind = results[0]["name"]
            figure, unit = FIGURES.get(kind, ("median_ms", "ms"))
            value, time_unit = headline(results[0])
            times = [headline(r)[0] for r in results]
            sides[side] = {
                "rounds": len(results),
                "time": median(times),
                "time_unit": time_unit,
                "time_range": [min(times), max(times)],
                "median_ms": median(r.get("median_ms") for r in results),
                "epoch_s": median(r.get("epoch_s") for r in results),
                "figure": median(r.get(figure) for r in results),
                "figure_name": figure,
                "figure_unit": unit,
                "test_accuracy": median(r.get("test_accuracy") for r in results),
                "allocated_bytes_per_step": median(r.get("allocated_bytes_per_step") for r in results),
                "gc_count": median(r.get("gc_count") for r in results),
                "clean_samples": sum(r.get("clean_samples", 0) or 0 for r in results) if "clean_samples" in results[0] else None,
                "samples": sum(r.get("samples", 0) or 0 for r in results) if "samples" in results[0] else None,
            }
        entry = {"workload": name, **sides}
        if "descent" in sides and "pytorch" in sides:
            d, t = sides["descent"], sides["pytorch"]
            entry["ratio"] = t["time"] / d["time"] if d["time_unit"] == t["time_unit"] else None
            # Per-round ratios, pairing the runs of the same round.
            per_round = []
            for rnd in sorted({r["round"] for r in rows if r["workload"] == name}):
                pair = {r["side"]: r["result"] for r in rows if r["workload"] == name and r["round"] == rnd}
                if "descent" in pair and "pytorch" in pair:
                    per_round.append(headline(pair["pytorch"])[0] / headline(pair["descent"])[0])
            entry["ratio_range"] = [min(per_round), max(per_round)] if per_round else None
        workloads.append(entry)
    return workloads


def fmt(v, digits=3):
    if v is None:
        return "–"
    if abs(v) >= 100:
        return f"{v:.0f}"
    return f"{v:.{digits}g}"


def markdown(summary, meta):
    lines = [
        f"Descent vs PyTorch {meta['torch']}: {meta['date']}, commit `{meta['commit']}`, {meta['threads']} threads, "
        f"{meta['rounds']} alternating rounds; {meta['machine']['cpu']} ({meta['machine']['cpus']} CPUs), .NET SDK {meta['machine']['dotnet']}.",
        "Each cell is the median over rounds; ratio = PyTorch's time / Descent's (above 1: Descent faster), with its range over rounds.",
        f"Load average before the runs: {meta['load']}; OMP_WAIT_POLICY: {meta['omp_wait_policy']}.",
        "",
        "| workload | Descent | PyTorch | ratio | ratio range | Descent throughput | PyTorch throughput | notes |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for w in summary:
        d, t = w.get("descent"), w.get("pytorch")
        if d is None or t is None:
            continue
        notes = []
        if d["test_accuracy"] is not None or t["test_accuracy"] is not None:
            notes.append(f"test accuracy {fmt(d['test_accuracy'], 4)} vs {fmt(t['test_accuracy'], 4)}")
        if d["epoch_s"] is not None:
            notes.append(f"step {fmt(d['median_ms'])} vs {fmt(t['median_ms'])} ms")
        if d["allocated_bytes_per_step"] is not None:
            notes.append(f"Descent allocates {d['allocated_bytes_per_step'] / 1024:.0f} KiB/step, {fmt(d['gc_count'])} GCs")
        if d["clean_samples"] is not None and d["samples"]:
            notes.append(f"clean samples {d['clean_samples']}/{d['samples']} vs {t['clean_samples']}/{t['samples']}")
        rr = w.get("ratio_range")
        lines.append(
            f"| {w['workload']} | {fmt(d['time'])} {d['time_unit']} | {fmt(t['time'])} {t['time_unit']} | {fmt(w.get('ratio'))} | "
            f"{fmt(rr[0]) + '–' + fmt(rr[1]) if rr else '–'} | {fmt(d['figure'])} {d['figure_unit']} | {fmt(t['figure'])} {t['figure_unit']} | "
            f"{'; '.join(notes)} |")
    return "\n".join(lines) + "\n"


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("raw", help="the .jsonl file compare.sh wrote")
    p.add_argument("--commit", default="unknown")
    p.add_argument("--threads", type=int, default=2)
    args = p.parse_args()

    with open(args.raw) as f:
        rows = [json.loads(line) for line in f if line.strip()]
    summary = summarise(rows)
    torch_version = next((r["result"].get("torch") for r in rows if r["side"] == "pytorch"), "unknown")
    meta = {"date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), "commit": args.commit,
            "threads": args.threads, "rounds": max((r["round"] for r in rows), default=0), "torch": torch_version,
            "machine": machine(), "omp_wait_policy": os.environ.get("OMP_WAIT_POLICY", "unset")}
    loads = [r["load_before"] for r in rows if r.get("load_before") is not None]
    meta["load"] = f"{min(loads):.1f}–{max(loads):.1f} (median {statistics.median(loads):.1f})" if loads else "unknown"
    stem = args.raw[:-len(".jsonl")] if args.raw.endswith(".jsonl") else args.raw
    with open(stem + ".json", "w") as f:
        json.dump({**meta, "workloads": summary, "runs": rows}, f, indent=1)
    table = markdown(summary, meta)
    with open(stem + ".md", "w") as f:
        f.write(table)
    print(table, end="")


if __name__ == "__main__":
    main()
