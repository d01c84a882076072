using System.Security.Cryptography;
using Descent.Demo;

namespace Descent.Cli.Serve;

/// <summary>
/// The training runs of one server: created by <c>POST /api/train</c>, trained while their event stream is open, forgotten when
/// they end. At most <see cref="MaxActive"/> exist at once, and one that nobody streams within <see cref="ClaimTimeout"/> is dropped,
/// so no sequence of requests can pile up work or memory.
/// </summary>
public sealed class TrainingRuns : IDisposable
{
    /// <summary>The most runs that may exist at once (created and not yet ended): each trains on its own thread.</summary>
    public const int MaxActive = 2;

    /// <summary>How long a created run waits for its event stream to be opened before it is dropped.</summary>
    public static readonly TimeSpan ClaimTimeout = TimeSpan.FromSeconds(30);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, TrainingRun> _runs = new(StringComparer.Ordinal);
    private bool _disposed;

    /// <summary>Registers <paramref name="race"/> under a fresh id.</summary>
    /// <exception cref="TooManyRunsException"><see cref="MaxActive"/> runs exist already.</exception>
    /// <exception cref="ObjectDisposedException">The server is stopping.</exception>
    public TrainingRun Add(LiveTrainingRace race)
    {
        ArgumentNullException.ThrowIfNull(race);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var now = DateTime.UtcNow;
            foreach (var stale in _runs.Values.Where(r => !r.Claimed && now - r.Created > ClaimTimeout).ToList())
            {
                _runs.Remove(stale.Id);
                stale.Dispose();
            }

            if (_runs.Count >= MaxActive)
            {
                throw new TooManyRunsException($"{_runs.Count} training runs are going already, the most this server runs at once; stop one or wait for it to end");
            }

            var run = new TrainingRun(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)), race, now);
            _runs.Add(run.Id, run);
            return run;
        }
    }

    /// <summary>The run called <paramref name="id"/>, or null when there is none (never created, or already ended).</summary>
    public TrainingRun? Find(string id)
    {
        lock (_gate)
        {
            return _runs.GetValueOrDefault(id);
        }
    }

    /// <summary>Forgets a run that has ended (or will never start) and releases it.</summary>
    public void Remove(TrainingRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        lock (_gate)
        {
            if (_runs.TryGetValue(run.Id, out var current) && ReferenceEquals(current, run))
            {
                _runs.Remove(run.Id);
            }
        }

        run.Dispose();
    }

    /// <summary>The number of runs that exist now.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _runs.Count;
            }
        }
    }

    /// <summary>Stops every run (the server is shutting down); their streams end with a <c>stopped</c> event.</summary>
    public void Dispose()
    {
        List<TrainingRun> runs;
        lock (_gate)
        {
            _disposed = true;
            runs = [.. _runs.Values];
        }

        foreach (var run in runs)
        {
            run.Stop();
        }
    }
}
