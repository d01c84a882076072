using System.Globalization;

namespace Descent.Kernels;

/// <summary>
/// Splits work over a persistent team of threads: the caller plus <c>Threads - 1</c> workers that spin briefly after each job and
/// then park, so starting a parallel region costs well under a microsecond without an idle thread burning a core.
/// </summary>
/// <remarks>
/// The split is static and contiguous, so for a given thread count every element is computed by the same code in the same order:
/// results are deterministic. The thread count comes from <c>DESCENT_THREADS</c> or the processor count, and can be changed
/// with <see cref="Threads"/>.
/// </remarks>
public static class Parallelism
{
    private static readonly Lock Gate = new();
    private static Team? _team;
    private static int _threads = InitialThreads();

    /// <summary>The most threads <see cref="Threads"/> accepts.</summary>
    public const int MaxThreads = 256;

    /// <summary>The number of threads kernels use (1 disables parallelism).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to less than 1 or more than <see cref="MaxThreads"/>.</exception>
    public static int Threads
    {
        get => _threads;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, MaxThreads);
            lock (Gate)
            {
                _threads = value;
                _team?.Dispose();
                _team = null;
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="body"/>(start, end) over [0, <paramref name="n"/>) in contiguous chunks, one per thread, when each
    /// chunk would get at least <paramref name="grain"/> items; otherwise runs it once on the calling thread.
    /// </summary>
    public static void For(int n, int grain, Action<int, int> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        int parts = Math.Min(_threads, grain <= 0 ? n : n / Math.Max(grain, 1));
        if (parts <= 1 || Team.InsideJob)
        {
            if (n > 0)
            {
                body(0, n);
            }

            return;
        }

        GetTeam().Run(parts, p => body((int)((long)n * p / parts), (int)((long)n * (p + 1) / parts)));
    }

    /// <summary>Runs <paramref name="body"/>(part) for part = 0..parts-1 on the team (serially if nested or single-threaded).</summary>
    public static void ForParts(int parts, Action<int> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (parts <= 1 || _threads == 1 || Team.InsideJob)
        {
            for (int p = 0; p < parts; p++)
            {
                body(p);
            }

            return;
        }

        GetTeam().Run(parts, body);
    }

    private static Team GetTeam()
    {
        var t = _team;
        if (t != null)
        {
            return t;
        }

        lock (Gate)
        {
            return _team ??= new Team(_threads);
        }
    }

    /// <summary>
    /// Reads a value of the <c>DESCENT_THREADS</c> environment variable: an integer from 1 to <see cref="MaxThreads"/>, or null
    /// when it is anything else (the kernels then use the processor count). Blank means unset and also gives null.
    /// </summary>
    public static int? ThreadsFromVariable(string? value) =>
        !string.IsNullOrWhiteSpace(value) && int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n is >= 1 and <= MaxThreads
            ? n
            : null;

    private static int InitialThreads() =>
        ThreadsFromVariable(Environment.GetEnvironmentVariable("DESCENT_THREADS")) ?? Math.Max(1, Environment.ProcessorCount);

    private sealed class Team : IDisposable
    {
        [ThreadStatic]
        private static bool _insideJob;

        private readonly Worker[] _workers;
        private readonly Lock _runGate = new();

        public Team(int threads)
        {
            _workers = new Worker[threads - 1];
            for (int i = 0; i < _workers.Length; i++)
            {
                _workers[i] = new Worker(i + 1);
            }
        }

        public static bool InsideJob => _insideJob;

        public void Run(int parts, Action<int> body)
        {
            // One job at a time; a second caller (another user thread) runs serially rather than waiting.
            if (!_runGate.TryEnter())
            {
                for (int p = 0; p < parts; p++)
                {
                    body(p);
                }

                return;
            }

            try
            {
                int threads = _workers.Length + 1;
                var job = new Job(body, parts);
                int helpers = Math.Min(_workers.Length, parts - 1);
                for (int w = 0; w < helpers; w++)
                {
                    _workers[w].Start(job);
                }

                _insideJob = true;
                try
                {
                    job.Drain();
                }
                finally
                {
                    _insideJob = false;
                }

                job.WaitAll(threads);
                job.ThrowIfFailed();
            }
            finally
            {
                _runGate.Exit();
            }
        }

        public void Dispose()
        {
            foreach (var w in _workers)
            {
                w.Stop();
            }
        }

        private sealed class Job(Action<int> body, int parts)
        {
            private int _next = -1;
            private int _done;
            private Exception? _error;

            public void Drain()
            {
                int p;
                while ((p = Interlocked.Increment(ref _next)) < parts)
                {
                    try
                    {
                        body(p);
                    }
                    catch (Exception e)
                    {
                        Interlocked.CompareExchange(ref _error, e, null);
                    }

                    Interlocked.Increment(ref _done);
                }
            }

            public void WaitAll(int threads)
            {
                var spin = default(SpinWait);
                while (Volatile.Read(ref _done) < parts)
                {
                    spin.SpinOnce(-1);
                }
            }

            public void ThrowIfFailed()
            {
                if (_error != null)
                {
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(_error).Throw();
                }
            }
        }

        private sealed class Worker
        {
            private readonly ManualResetEventSlim _signal = new(false, spinCount: 2000);
            private volatile Job? _job;
            private volatile bool _stop;

            public Worker(int index)
            {
                var thread = new Thread(Loop) { IsBackground = true, Name = $"descent-worker-{index}" };
                thread.Start();
            }

            public void Start(Job job)
            {
                _job = job;
                _signal.Set();
            }

            public void Stop()
            {
                _stop = true;
                _signal.Set();
            }

            private void Loop()
            {
                _insideJob = true;
                while (true)
                {
                    // Spin briefly (ManualResetEventSlim's spin count), then park: never busy-wait while idle.
                    _signal.Wait();
                    _signal.Reset();
                    if (_stop)
                    {
                        return;
                    }

                    var job = _job;
                    _job = null;
                    job?.Drain();
                }
            }
        }
    }
}
