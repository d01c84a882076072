using Descent.Demo;

namespace Descent.Cli.Serve;

/// <summary>
/// One created training run: the race, whether an event stream has taken it, and how to stop it. A run is taken by exactly one
/// stream (<see cref="TryClaim"/>) or dropped unstreamed (<see cref="TryDrop"/>), never both.
/// </summary>
public sealed class TrainingRun : IDisposable
{
    private const int Waiting = 0;
    private const int Streaming = 1;
    private const int Dropped = 2;

    private readonly CancellationTokenSource _stop = new();
    private int _state;
    private int _disposed;

    internal TrainingRun(string id, LiveTrainingRace race, DateTime created)
    {
        Id = id;
        Race = race;
        Created = created;
    }

    /// <summary>The run's id in URLs: 16 random hexadecimal digits.</summary>
    public string Id { get; }

    /// <summary>The race.</summary>
    public LiveTrainingRace Race { get; }

    /// <summary>When the run was created (UTC).</summary>
    public DateTime Created { get; }

    /// <summary>Whether an event stream has taken the run.</summary>
    public bool Claimed => Volatile.Read(ref _state) == Streaming;

    /// <summary>Cancelled by <see cref="Stop"/>; valid until the run is disposed, which happens only after its race has ended.</summary>
    public CancellationToken StopToken => _stop.Token;

    /// <summary>Takes the waiting run for one event stream; false when it is streamed or dropped already.</summary>
    public bool TryClaim() => Interlocked.CompareExchange(ref _state, Streaming, Waiting) == Waiting;

    /// <summary>Drops the waiting run (stopped or unclaimed too long) and releases it; false when a stream has taken it.</summary>
    public bool TryDrop()
    {
        if (Interlocked.CompareExchange(ref _state, Dropped, Waiting) != Waiting)
        {
            return false;
        }

        Dispose();
        return true;
    }

    /// <summary>Asks the race to stop before its next update (its stream then ends with a <c>done</c> event).</summary>
    public void Stop()
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            return;
        }

        try
        {
            _stop.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Disposed between the check and the call: the run has ended, which is what stopping asks for.
        }
    }

    /// <summary>Releases the stop token. Call only when the race is not running (ended, or never started).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _stop.Dispose();
        }
    }
}
