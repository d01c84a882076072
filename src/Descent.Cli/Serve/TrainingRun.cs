using Descent.Demo;

namespace Descent.Cli.Serve;

/// <summary>One created training run: the race, who streams it, and how to stop it.</summary>
public sealed class TrainingRun : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private int _claimed;
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
    public bool Claimed => Volatile.Read(ref _claimed) != 0;

    /// <summary>Cancelled by <see cref="Stop"/>.</summary>
    public CancellationToken StopToken => _stop.Token;

    /// <summary>Takes the run for one event stream; false when another stream has it already.</summary>
    public bool TryClaim() => Interlocked.Exchange(ref _claimed, 1) == 0;

    /// <summary>Asks the race to stop before its next update.</summary>
    public void Stop()
    {
        if (Volatile.Read(ref _disposed) == 0)
        {
            try
            {
                _stop.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // Disposed between the check and the call: the run has ended, which is what stopping asks for.
            }
        }
    }

    /// <summary>Releases the stop token.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _stop.Dispose();
        }
    }
}
