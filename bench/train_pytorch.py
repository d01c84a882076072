#!/usr/bin/python3
"""PyTorch reference for `descent train` on Fashion-MNIST (see docs/training.md).

The same set-up as

    descent train --data fashion-mnist --model mlp:784-256-128-10 --optimizer adam:lr=0.001 --batch-size 128 --epochs 3 --seed 0

an MLP 784-256-128-10 with ReLU, cross-entropy, Adam(lr=1e-3), batch 128 reshuffled every epoch, pixels scaled to [0, 1], on
2 threads. Prints one line per epoch (training time, train loss, test loss and accuracy) and a JSON summary.

Run with the system interpreter, which has PyTorch 1.13:  /usr/bin/python3 bench/train_pytorch.py [--loader tensor|dataloader]

--loader tensor (default) slices in-memory tensors with a random permutation, the fastest way to feed PyTorch;
--loader dataloader uses torch.utils.data.DataLoader over a TensorDataset (per-sample indexing and collation), the way most
scripts do it.
"""
import argparse
import gzip
import json
import os
import time

import numpy as np
import torch
from torch import nn


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    ndim = data[3]
    dims = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def load(directory):
    def images(name):
        return torch.from_numpy(read_idx(os.path.join(directory, name)).astype(np.float32) / 255.0).reshape(-1, 784)

    def labels(name):
        return torch.from_numpy(read_idx(os.path.join(directory, name)).astype(np.int64))

    return (images("train-images-idx3-ubyte.gz"), labels("train-labels-idx1-ubyte.gz"),
            images("t10k-images-idx3-ubyte.gz"), labels("t10k-labels-idx1-ubyte.gz"))


def evaluate(model, x, y, loss_fn):
    model.eval()
    with torch.no_grad():
        out = model(x)
        loss = loss_fn(out, y).item()
        acc = (out.argmax(1) == y).float().mean().item()
    model.train()
    return loss, acc


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    p.add_argument("--epochs", type=int, default=3)
    p.add_argument("--batch-size", type=int, default=128)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--loader", choices=["tensor", "dataloader"], default="tensor")
    args = p.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    x_train, y_train, x_test, y_test = load(args.data)
    model = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10))
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    loss_fn = nn.CrossEntropyLoss()
    if args.loader == "dataloader":
        loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(x_train, y_train), batch_size=args.batch_size, shuffle=True)

    epochs = []
    start = time.perf_counter()
    for epoch in range(1, args.epochs + 1):
        t0 = time.perf_counter()
        total, n = 0.0, 0
        if args.loader == "dataloader":
            batches = loader
        else:
            perm = torch.randperm(x_train.shape[0])
            batches = ((x_train[idx], y_train[idx]) for idx in perm.split(args.batch_size))
        for x, y in batches:
            # The lecture's loop: zero grad, forward, loss, backward, step.
            optimizer.zero_grad()
            outputs = model(x)
            loss = loss_fn(outputs, y)
            loss.backward()
            optimizer.step()
            total += loss.item() * x.shape[0]
            n += x.shape[0]
        seconds = time.perf_counter() - t0
        test_loss, test_acc = evaluate(model, x_test, y_test, loss_fn)
        epochs.append({"epoch": epoch, "train_loss": total / n, "test_loss": test_loss, "test_accuracy": test_acc, "seconds": seconds})
        print(f"epoch {epoch}: {seconds:.2f} s  train loss {total / n:.4f}  test loss {test_loss:.4f}  test accuracy {test_acc:.4f}", flush=True)

    summary = {
        "torch": torch.__version__, "threads": torch.get_num_threads(), "loader": args.loader,
        "epochs": epochs, "mean_epoch_seconds": sum(e["seconds"] for e in epochs) / len(epochs),
        "final": {"test_loss": epochs[-1]["test_loss"], "test_accuracy": epochs[-1]["test_accuracy"], "seconds": time.perf_counter() - start},
    }
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
