#!/usr/bin/python3
"""PyTorch's side of `descent bench optimizer --name adam --params 10000000`: median time of one torch.optim.Adam step
(default single-tensor path) over N float32 parameters, with torch.set_num_threads(2). Run with Debian's /usr/bin/python3."""
import statistics
import sys
import time

import torch

n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000_000
threads = int(sys.argv[2]) if len(sys.argv) > 2 else 2
torch.set_num_threads(threads)
torch.manual_seed(0)
p = torch.nn.Parameter(torch.randn(n))
p.grad = torch.randn(n)
opt = torch.optim.Adam([p], lr=1e-3)
for _ in range(3):
    opt.step()
samples = []
for _ in range(15):
    t0 = time.perf_counter()
    opt.step()
    samples.append((time.perf_counter() - t0) * 1e3)
median = statistics.median(samples)
print(f'{{"name": "optimizer", "optimizer": "torch.optim.Adam", "params": {n}, "threads": {threads}, '
      f'"median_ms": {median:.4f}, "gb_per_s": {28 * n / (median * 1e6):.2f}, "best_ms": {min(samples):.4f}}}')
