using System.Numerics;
using System.Runtime.Intrinsics;
using Descent.Kernels;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Descent.Cli;

/// <content>The <c>bandwidth</c> workload: the machine's streaming read+write memory bandwidth, the ceiling of memory-bound kernels.</content>
public sealed partial class BenchCommand
{
    /// <summary>
    /// Parses <c>bench bandwidth</c>: STREAM's triad <c>a = b + s·c</c> (two streams read, one written), copy <c>a = b</c>
    /// (one read, one written) or the in-place update <c>a += s·b</c> (two read, one written back: an optimizer's pattern,
    /// with no write-allocate traffic) over float32 arrays that together hold <c>--mb</c> megabytes, far larger than the caches, split
    /// into one contiguous chunk per thread.
    /// </summary>
    /// <remarks>
    /// As STREAM does, the figure counts the bytes the kernel reads and writes, not the extra read a cache fetches before an
    /// ordinary store (write-allocate); the traffic the memory actually serves is up to a third (triad: a quarter) higher.
    /// An optimizer step is counted the same way in <c>bench optimizer</c>, so the two figures compare directly.
    /// </remarks>
    private static Func<Workload> ParseBandwidth(CliArgs args)
    {
        var kernel = args.String("kernel") ?? "triad";
        if (kernel is not ("triad" or "copy" or "update"))
        {
            throw new UsageException($"--kernel: expected triad, copy or update, got \"{kernel}\"");
        }

        int megabytes = args.Int("mb", 400, 1, 16384);
        int arrays = kernel == "triad" ? 3 : 2;
        long elements = (long)megabytes * 1_000_000 / arrays / sizeof(float);
        if (elements < 1)
        {
            throw new UsageException($"--mb: {megabytes} MB is too small for {arrays} arrays");
        }

        if (elements > Array.MaxLength)
        {
            throw new UsageException($"--mb: {megabytes} MB makes arrays longer than .NET allows; use at most {(long)Array.MaxLength * sizeof(float) * arrays / 1_000_000} MB");
        }

        return () => PrepareBandwidth(kernel, (int)elements, arrays);
    }

    private static Workload PrepareBandwidth(string kernel, int n, int arrays)
    {
        var a = new float[n];
        var b = new float[n];
        var c = kernel == "triad" ? new float[n] : [];
        // Touch every page before timing, so first-touch page faults are not measured.
        b.AsSpan().Fill(1f);
        c.AsSpan().Fill(2f);
        a.AsSpan().Fill(0f);
        const float Scale = 3f;
        // One chunk per thread of the team, each at least 1 M elements (4 MB), so the split does not depend on the grain.
        int grain = Math.Max(1 << 20, n / Math.Max(1, Parallelism.Threads));
        // "update" is the optimizers' access pattern: a += 3·b in place reads two arrays and writes one it has just read, so no
        // cache line is fetched only to be overwritten (triad and copy pay that write-allocate read, which the byte count omits).
        Action run = kernel switch
        {
            "triad" => () => Parallelism.For(n, grain, (start, end) => TP.MultiplyAdd(c.AsSpan(start, end - start), Scale, b.AsSpan(start, end - start), a.AsSpan(start, end - start))),
            "update" => () => Parallelism.For(n, grain, (start, end) => AddScaled(a.AsSpan(start, end - start), b.AsSpan(start, end - start), Scale)),
            _ => () => Parallelism.For(n, grain, (start, end) => b.AsSpan(start, end - start).CopyTo(a.AsSpan(start, end - start))),
        };
        long bytes = (long)n * sizeof(float) * (kernel == "update" ? 3 : arrays);
        return new Workload(run, () => Math.Min(Parallelism.Threads, Math.Max(1, n / grain)), (threads, t) => Json(
        [
            ("name", "bandwidth"),
            ("kernel", kernel),
            ("threads", threads),
            ("median_ms", Math.Round(t.MedianMs, 4)),
            ("gb_per_s", Math.Round(bytes / (t.MedianMs * 1e6), 2)),
            ("bytes", bytes),
            ("best_gb_per_s", Math.Round(bytes / (t.BestMs * 1e6), 2)),
            ("best_ms", Math.Round(t.BestMs, 4)),
            ("samples", t.Samples),
            ("clean_samples", t.CleanSamples),
        ]));
    }

    /// <summary>
    /// <c>a += s·b</c> with ordinary stores. TensorPrimitives may use non-temporal stores on long spans, which suits a write-only
    /// destination (triad) but evicts the lines an in-place update has just read; the fused optimizer kernels use plain stores too.
    /// </summary>
    private static void AddScaled(Span<float> a, ReadOnlySpan<float> b, float s)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var scale = Vector512.Create(s);
            for (; i <= a.Length - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                var sum = Vector512.FusedMultiplyAdd(Vector512.Create(b.Slice(i, Vector512<float>.Count)), scale, Vector512.Create(a.Slice(i, Vector512<float>.Count)));
                sum.CopyTo(a.Slice(i, Vector512<float>.Count));
            }
        }
        else
        {
            var scale = new Vector<float>(s);
            for (; i <= a.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                (new Vector<float>(b.Slice(i, Vector<float>.Count)) * scale + new Vector<float>(a.Slice(i, Vector<float>.Count))).CopyTo(a.Slice(i, Vector<float>.Count));
            }
        }

        for (; i < a.Length; i++)
        {
            a[i] = MathF.FusedMultiplyAdd(b[i], s, a[i]);
        }
    }
}
