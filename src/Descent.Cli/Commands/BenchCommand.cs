using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;
using Descent.Kernels;
using Descent.Optim;

namespace Descent.Cli;

/// <summary>
/// <c>descent bench WORKLOAD</c>: times one workload and prints exactly one JSON line, for scripts that compare against PyTorch
/// (<c>bench/compare_pytorch.py</c>) and for <c>docs/performance.md</c>.
/// </summary>
/// <remarks>
/// Each workload parses and validates its own options and returns a <see cref="Workload"/>; the shared runner does the warm-up,
/// the timed samples and the JSON. To add one, write a parser and list it in <see cref="Workloads"/>.
/// A sample counts as clean when, by Linux's scheduler statistics (<c>/proc/self/task/*/schedstat</c>), this process's threads
/// waited for a CPU for at most 2% of it and ran for at least 85% of it on every thread the workload uses. Other samples are
/// retried, up to four extra tries per requested sample, so the median describes this program rather than its neighbours on a
/// shared machine. The JSON says how many samples were clean.
/// </remarks>
public sealed partial class BenchCommand : ICommand
{
    /// <summary>
    /// The workloads, by name, each with the parser of its options. A parser validates every option and returns the prepared
    /// run, which prints nothing itself and returns the JSON line; it is called only after <see cref="CliArgs.RejectUnknown"/>.
    /// </summary>
    private static readonly (string Name, string Options, Func<CliArgs, Func<string>> Parse)[] Workloads =
    [
        ("matmul", "[--size N | --m M --n N --k K] [--layout nn|nt|tn|tt] [--dtype float32|float64] [--repeat 15] [--warmup 3]", args => Timed(args, ParseMatMul)),
        ("optimizer", "[--name SPEC] [--params N] [--dtype float32|float64] [--repeat 15] [--warmup 3]", args => Timed(args, ParseOptimizer)),
        ("train", "--data NAME --model SPEC [--batch-size 128] [--epochs E | --steps S] [--optimizer adam:lr=0.001] [--warmup 20] [--seed 0]", ParseTrain),
        ("bandwidth", "[--kernel triad|copy|update] [--mb 400] [--repeat 15] [--warmup 3]", args => Timed(args, ParseBandwidth)),
    ];

    /// <inheritdoc/>
    public string Name => "bench";

    /// <inheritdoc/>
    public string Summary => "time a workload (matmul, optimizer, train, bandwidth) and print one JSON line";

    /// <inheritdoc/>
    public string Usage
    {
        get
        {
            var sb = new StringBuilder();
            sb.AppendLine("descent bench WORKLOAD [OPTIONS] [--threads N]");
            sb.AppendLine();
            sb.AppendLine("Workloads:");
            foreach (var w in Workloads)
            {
                sb.AppendLine($"  {w.Name,-9} {w.Options}");
            }

            sb.AppendLine();
            sb.AppendLine("matmul: C = op(A)·op(B) with op(A) m×k, op(B) k×n (--size N sets all three; default 1024). --layout nt");
            sb.AppendLine("multiplies by Bᵀ (a Linear layer's forward), tn by Aᵀ (its weight gradient). Prints");
            sb.AppendLine("{\"name\": \"matmul\", \"size\": 1024, \"dtype\": \"float32\", \"threads\": 2, \"median_ms\": 11.2, \"gflops\": 191.7, ...}");
            sb.AppendLine("where median_ms is the median over --repeat samples during which no other process took our CPUs");
            sb.AppendLine("(clean_samples says how many were; the rest are the fastest of the contended ones), and fma_peak_gflops is");
            sb.AppendLine("the median of float32 multiply-add peak probes with the same threads taken before and after the samples.");
            sb.AppendLine();
            sb.AppendLine("optimizer: one step over --params parameters; gb_per_s counts the parameter, the gradient and each state");
            sb.AppendLine("buffer read once, and the parameter and the state buffers written once.");
            sb.AppendLine();
            sb.AppendLine("train: trains --model on --data with the Trainer (cross-entropy or MSE as the data asks), after --warmup steps on");
            sb.AppendLine("a throwaway model of the same spec. --epochs E (default 1) times full epochs and reports the test accuracy; --steps S");
            sb.AppendLine("times S steps. Prints {\"name\": \"train\", ..., \"median_ms\": (per step, data loading included), \"epoch_s\",");
            sb.AppendLine("\"samples_per_s\", \"allocated_bytes_per_step\", \"gc_count\", \"test_accuracy\", ...}.");
            sb.AppendLine();
            sb.AppendLine("bandwidth: streams arrays totalling --mb MB through memory with all threads: triad a = b + s·c (2 reads,");
            sb.AppendLine("1 write) or copy (1 read, 1 write); gb_per_s counts the bytes read and written (STREAM's convention).");
            sb.AppendLine();
            sb.AppendLine("--threads N (a global option) sets the kernel threads; default DESCENT_THREADS, else the processor count.");
            return sb.ToString().TrimEnd();
        }
    }

    /// <inheritdoc/>
    public int Run(CliArgs args, TextWriter output, TextWriter err)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        var names = string.Join(", ", Workloads.Select(w => w.Name));
        if (args.Positionals.Count == 0)
        {
            throw new UsageException($"missing workload; valid workloads: {names}");
        }

        var name = args.Positionals[0];
        args.Positionals.RemoveAt(0);
        var entry = Workloads.FirstOrDefault(w => w.Name == name);
        if (entry.Parse == null)
        {
            var suggestion = Suggest.Closest(name, Workloads.Select(w => w.Name).ToArray());
            throw new UsageException($"unknown workload \"{name}\"" + (suggestion != null ? $"; did you mean \"{suggestion}\"? Valid workloads: " : "; valid workloads: ") + names);
        }

        var run = entry.Parse(args);
        args.RejectUnknown();
        output.WriteLine(run());
        return 0;
    }

    /// <summary>
    /// Wraps a kernel workload in the shared runner: <c>--repeat</c> samples after <c>--warmup</c> runs, bracketed by peak
    /// probes. The workload is prepared (its arrays allocated) only when the run starts, after every option was checked.
    /// </summary>
    private static Func<string> Timed(CliArgs args, Func<CliArgs, Func<Workload>> parse)
    {
        int repeat = args.Int("repeat", 15, 1, 10_000);
        int warmup = args.Int("warmup", 3, 0, 1000);
        var prepare = parse(args);
        return () =>
        {
            var workload = prepare();
            int threads = Parallelism.Threads;
            var probes = new List<double>();
            FmaPeakGflops(threads, probes);
            var stats = Measure(workload.Run, workload.BusyThreads(), repeat, warmup);
            FmaPeakGflops(threads, probes);
            probes.Sort();
            stats = stats with { PeakGflops = (probes[(probes.Count - 1) / 2] + probes[probes.Count / 2]) / 2 };
            return workload.Json(threads, stats);
        };
    }

    /// <summary>Runs warm-ups, then collects <paramref name="repeat"/> samples, preferring ones free of CPU contention.</summary>
    private static Timing Measure(Action run, int busyThreads, int repeat, int warmup)
    {
        for (int i = 0; i < warmup; i++)
        {
            run();
        }

        var clean = new List<double>(repeat);
        var dirty = new List<double>();
        int maxTries = repeat * 5;
        for (int tries = 0; clean.Count < repeat && tries < maxTries; tries++)
        {
            var before = SchedulerTimes();
            long start = Stopwatch.GetTimestamp();
            run();
            double ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            var after = SchedulerTimes();

            // Clean: our threads hardly waited for a CPU, and together they ran for (nearly) every thread the workload uses
            // the whole time. The second test catches a helper thread that never got going, which a wait count can miss
            // (the delay is booked only once the thread runs).
            double ns = ms * 1e6;
            if (before is not { } b || after is not { } a || (a.Wait - b.Wait <= 0.02 * ns && a.Run - b.Run >= 0.85 * busyThreads * ns))
            {
                clean.Add(ms);
            }
            else
            {
                dirty.Add(ms);
            }
        }

        int cleanCount = clean.Count;
        if (clean.Count < repeat)
        {
            // Not enough quiet samples: fill up with the fastest contended ones and say so in the output.
            dirty.Sort();
            clean.AddRange(dirty.Take(repeat - clean.Count));
        }

        clean.Sort();
        double median = clean.Count % 2 == 1 ? clean[clean.Count / 2] : (clean[(clean.Count / 2) - 1] + clean[clean.Count / 2]) / 2;
        return new Timing(median, clean[0], clean.Count, cleanCount);
    }

    /// <summary>
    /// This process's threads' total CPU time and total time spent runnable but waiting for a CPU, in nanoseconds (the first two
    /// fields of Linux's <c>/proc/self/task/*/schedstat</c>); null where unavailable, which disables the check.
    /// </summary>
    private static (long Run, long Wait)? SchedulerTimes()
    {
        try
        {
            long run = 0, wait = 0;
            foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
            {
                string text;
                try
                {
                    text = File.ReadAllText(Path.Combine(task, "schedstat"));
                }
                catch (IOException)
                {
                    continue; // the thread exited while we listed the directory
                }

                var fields = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length < 2
                    || !long.TryParse(fields[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out long r)
                    || !long.TryParse(fields[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out long w))
                {
                    return null;
                }

                run += r;
                wait += w;
            }

            return (run, wait);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// Adds 5 measurements of the float32 multiply-add peak of <paramref name="threads"/> threads to <paramref name="results"/>:
    /// register-only loops of about 2 ms, long enough that a parked worker's wake-up does not count. Taken before and after the
    /// samples, their median is a reference from the same run, so a reader can tell a slow kernel from a machine whose cores
    /// are shared.
    /// </summary>
    private static void FmaPeakGflops(int threads, List<double> results)
    {
        const int Iterations = 1_000_000;
        for (int r = 0; r < 5; r++)
        {
            long start = Stopwatch.GetTimestamp();
            Parallelism.ForParts(threads, _ => Interlocked.Exchange(ref _sink, FmaLoop(Iterations)));
            double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            results.Add(threads * (double)Iterations * 12 * Vector<float>.Count * 2 / seconds / 1e9);
        }
    }

    private static float _sink;

    /// <summary>12 independent multiply-add chains, enough to hide the FMA latency.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static float FmaLoop(int iterations)
    {
        var x = new Vector<float>(0.999f);
        var y = new Vector<float>(1e-4f);
        Vector<float> a0 = Vector<float>.One, a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0, a8 = a0, a9 = a0, a10 = a0, a11 = a0;
        for (int i = 0; i < iterations; i++)
        {
            a0 = Vector.FusedMultiplyAdd(a0, x, y);
            a1 = Vector.FusedMultiplyAdd(a1, x, y);
            a2 = Vector.FusedMultiplyAdd(a2, x, y);
            a3 = Vector.FusedMultiplyAdd(a3, x, y);
            a4 = Vector.FusedMultiplyAdd(a4, x, y);
            a5 = Vector.FusedMultiplyAdd(a5, x, y);
            a6 = Vector.FusedMultiplyAdd(a6, x, y);
            a7 = Vector.FusedMultiplyAdd(a7, x, y);
            a8 = Vector.FusedMultiplyAdd(a8, x, y);
            a9 = Vector.FusedMultiplyAdd(a9, x, y);
            a10 = Vector.FusedMultiplyAdd(a10, x, y);
            a11 = Vector.FusedMultiplyAdd(a11, x, y);
        }

        return Vector.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }

    private static Func<Workload> ParseMatMul(CliArgs args)
    {
        int size = args.Int("size", 1024, 1, 16384);
        int m = args.Int("m", size, 1, 65536);
        int n = args.Int("n", size, 1, 65536);
        int k = args.Int("k", size, 1, 65536);
        var dtypeText = args.String("dtype") ?? "float32";
        var dtype = dtypeText switch
        {
            "float32" => DType.Float32,
            "float64" => DType.Float64,
            _ => throw new UsageException($"--dtype: expected float32 or float64, got \"{dtypeText}\""),
        };
        var layout = args.String("layout") ?? "nn";
        if (layout is not ("nn" or "nt" or "tn" or "tt"))
        {
            throw new UsageException($"--layout: expected nn, nt, tn or tt (t transposes that operand), got \"{layout}\"");
        }

        long bytes = ((long)m * k + (long)k * n + (long)m * n) * (dtype == DType.Float32 ? 4 : 8);
        if (bytes > 8L << 30)
        {
            throw new UsageException($"matmul {m}x{n}x{k} needs {bytes >> 20} MiB for its three matrices; the limit is 8192 MiB");
        }

        bool ta = layout[0] == 't', tb = layout[1] == 't';
        return () => PrepareMatMul(m, n, k, dtype, layout, ta, tb);
    }

    private static Workload PrepareMatMul(int m, int n, int k, DType dtype, string layout, bool ta, bool tb)
    {
        var rng = new Rng(42);
        var a = Tensor.Randn(new Shape(m, k), rng, dtype);
        var b = Tensor.Randn(new Shape(k, n), rng, dtype);
        var c = Tensor.Zeros(new Shape(m, n), dtype);
        int lda = ta ? m : k, ldb = tb ? k : n;
        Action run = dtype == DType.Float32
            ? () => Gemm.Multiply(ta, tb, m, n, k, 1f, a.AsSpan<float>(), lda, b.AsSpan<float>(), ldb, 0f, c.AsSpan<float>(), n)
            : () => Gemm.Multiply(ta, tb, m, n, k, 1.0, a.AsSpan<double>(), lda, b.AsSpan<double>(), ldb, 0.0, c.AsSpan<double>(), n);

        return new Workload(run, () => Gemm.PlannedThreads(m, n, k), (threads, t) =>
        {
            double gflops = 2.0 * m * n * k / (t.MedianMs * 1e6);
            var fields = new List<(string, object?)>
            {
                ("name", "matmul"),
                ("size", m == n && n == k ? m : null),
                ("dtype", dtype.Name()),
                ("threads", threads),
                ("median_ms", Math.Round(t.MedianMs, 4)),
                ("gflops", Math.Round(gflops, 1)),
                ("m", m),
                ("n", n),
                ("k", k),
                ("layout", layout),
                ("best_ms", Math.Round(t.BestMs, 4)),
                ("samples", t.Samples),
                ("clean_samples", t.CleanSamples),
                ("kernel", Gemm.KernelName(dtype, m, n)),
                ("fma_peak_gflops", Math.Round(t.PeakGflops, 1)),
            };
            return Json(fields);
        });
    }

    private static Func<Workload> ParseOptimizer(CliArgs args)
    {
        var spec = args.String("name") ?? "adam";
        int count = args.Int("params", 10_000_000, 1, 500_000_000);
        var dtypeText = args.String("dtype") ?? "float32";
        var dtype = dtypeText switch
        {
            "float32" => DType.Float32,
            "float64" => DType.Float64,
            _ => throw new UsageException($"--dtype: expected float32 or float64, got \"{dtypeText}\""),
        };
        CliSpecs.Optimizer("name", spec);
        if (OptimizerRegistry.Get(OptimizerSpec.Parse(spec).Name).RequiresClosure)
        {
            throw new UsageException("--name: lbfgs needs a closure that re-evaluates the loss; bench a per-element optimizer (adam, sgd, rmsprop, …)");
        }

        return () => PrepareOptimizer(spec, count, dtype);
    }

    private static Workload PrepareOptimizer(string spec, int count, DType dtype)
    {
        var rng = new Rng(42);
        var p = Tensor.Randn(new Shape(count), rng, dtype).RequireGrad();
        p.Grad = Tensor.Randn(new Shape(count), rng, dtype);
        var optimizer = OptimizerRegistry.Create(spec, [p]);

        optimizer.Step(); // creates the state, so the timed steps are steady-state steps

        // One fused pass reads parameter, gradient and every state buffer, and writes the parameter and the buffers.
        int buffers = optimizer.GetState(p)?.Buffers.Count ?? 0;
        long bytesPerStep = (long)count * dtype.ElementSize() * (3 + (2 * buffers));
        // The fused update splits large tensors evenly over every thread of the team.
        return new Workload(() => optimizer.Step(), () => Parallelism.Threads, (threads, t) => Json(
        [
            ("name", "optimizer"),
            ("optimizer", spec),
            ("params", count),
            ("dtype", dtype.Name()),
            ("threads", threads),
            ("median_ms", Math.Round(t.MedianMs, 4)),
            ("gb_per_s", Math.Round(bytesPerStep / (t.MedianMs * 1e6), 2)),
            ("bytes_per_param", (int)(bytesPerStep / count)),
            ("best_ms", Math.Round(t.BestMs, 4)),
            ("samples", t.Samples),
            ("clean_samples", t.CleanSamples),
        ]));
    }

    private static string Json(IEnumerable<(string Key, object? Value)> fields)
    {
        var sb = new StringBuilder("{");
        foreach (var (key, value) in fields)
        {
            if (sb.Length > 1)
            {
                sb.Append(", ");
            }

            sb.Append('"').Append(key).Append("\": ");
            sb.Append(value switch
            {
                null => "null",
                string s => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"",
                double d => d.ToString("R", CultureInfo.InvariantCulture),
                int i => i.ToString(CultureInfo.InvariantCulture),
                long l => l.ToString(CultureInfo.InvariantCulture),
                ulong u => u.ToString(CultureInfo.InvariantCulture),
                _ => throw new InvalidOperationException($"unsupported JSON value {value}"),
            });
        }

        return sb.Append('}').ToString();
    }

    /// <summary>The timing statistics of one workload.</summary>
    private readonly record struct Timing(double MedianMs, double BestMs, int Samples, int CleanSamples, double PeakGflops = 0);

    /// <summary>
    /// A prepared workload: one timed call, how many threads it keeps busy under the current thread count, and the JSON line
    /// describing a result.
    /// </summary>
    private sealed record Workload(Action Run, Func<int> BusyThreads, Func<int, Timing, string> Json);
}
