using System.Security.Cryptography;
using Descent.Demo;

namespace Descent.Cli.Serve;

/// <summary>
/// The training runs of one server: created by <c>POST /api/train</c>, trained while their event stream is open, forgotten when
/// they end. At most <see cref="MaxActive"/> exist at once, and one that nobody streams within <see cref="ClaimTimeout"/> is dropped,
/// so no sequence of requests can pile up work or memory.
/// </summary>
/// <param name="maxActive">The most runs that may exist at once.</param>
/// <param name="claimTimeout">How long a created run waits for its stream (default <see cref="DefaultClaimTimeout"/>).</param>
public sealed class TrainingRuns(int maxActive = TrainingRuns.DefaultMaxActive, TimeSpan? claimTimeout = null) : IDisposable
{
    /// <summary>The most runs that may exist at once by default (created and not yet ended): each trains on its own thread.</summary>
    public const int DefaultMaxActive = 2;

    /// <summary>How long a created run waits by default for its event stream to be opened before it is dropped.</summary>
    public static readonly TimeSpan DefaultClaimTimeout = TimeSpan.FromSeconds(30);

    /// <summary>How long a new run waits for another one to finish loading its data before it is refused.</summary>
    public static readonly TimeSpan CreationWait = TimeSpan.FromSeconds(10);

    private readonly Lock _gate = new();

    // One run is prepared at a time: loading an image set briefly holds the whole file in memory.
    private readonly SemaphoreSlim _creating = new(1, 1);
    private readonly Dictionary<string, TrainingRun> _runs = new(StringComparer.Ordinal);
    private bool _disposed;

    /// <summary>The most runs that may exist at once.</summary>
    public int MaxActive { get; } = maxActive >= 1 ? maxActive : throw new ArgumentOutOfRangeException(nameof(maxActive), maxActive, "at least one run must be allowed");

    /// <summary>How long a created run waits for its event stream to be opened before it is dropped.</summary>
    public TimeSpan ClaimTimeout { get; } = claimTimeout ?? DefaultClaimTimeout;

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

    /// <summary>Creates the race <paramref name="settings"/> describe (loading its data) and registers it, one creation at a time.</summary>
    /// <exception cref="ArgumentException">The settings are invalid or out of bounds.</exception>
    /// <exception cref="TooManyRunsException"><see cref="MaxActive"/> runs exist already, or another run was still being prepared
    /// after <see cref="CreationWait"/>.</exception>
    public async Task<TrainingRun> CreateAsync(LiveRaceSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        LiveTrainingRace.Validate(settings);
        ThrowIfFull();
        if (!await _creating.WaitAsync(CreationWait, cancellationToken).ConfigureAwait(false))
        {
            throw new TooManyRunsException("another training run is still being prepared; try again in a moment");
        }

        try
        {
            ThrowIfFull();

            // Off the request thread: loading an image set takes about a second.
            var race = await Task.Run(() => LiveTrainingRace.Create(settings), cancellationToken).ConfigureAwait(false);
            return Add(race);
        }
        finally
        {
            _creating.Release();
        }
    }

    /// <summary>Registers <paramref name="race"/> under a fresh id, after dropping runs left unstreamed for too long.</summary>
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
                if (stale.TryDrop())
                {
                    _runs.Remove(stale.Id);
                }
            }

            if (_runs.Count >= MaxActive)
            {
                throw new TooManyRunsException(
                    $"{_runs.Count} training runs are going already, the most this server runs at once; stop one or wait for it to end");
            }

            var run = new TrainingRun(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)), race, now);
            _runs.Add(run.Id, run);
            return run;
        }
    }

    private void ThrowIfFull()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_runs.Count >= MaxActive && !_runs.Values.Any(r => !r.Claimed && DateTime.UtcNow - r.Created > ClaimTimeout))
            {
                throw new TooManyRunsException(
                    $"{_runs.Count} training runs are going already, the most this server runs at once; stop one or wait for it to end");
            }
        }
    }

    /// <summary>The run called <paramref name="id"/>, or null when there is none (never created, or already ended).</summary>
    public TrainingRun? Find(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        lock (_gate)
        {
            return _runs.GetValueOrDefault(id);
        }
    }

    /// <summary>Forgets <paramref name="run"/> once its race has ended (or was dropped), and releases it.</summary>
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

    /// <summary>Stops every run (the server is shutting down): streamed ones end with a <c>stopped</c> event, waiting ones are dropped.</summary>
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
            if (run.TryDrop())
            {
                Remove(run);
            }
            else
            {
                run.Stop();
            }
        }
    }
}
