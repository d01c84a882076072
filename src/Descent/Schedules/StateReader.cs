namespace Descent.Schedules;

/// <summary>Reads entries of a saved scheduler state with messages that name the missing entry.</summary>
internal static class StateReader
{
    public static double Get(IReadOnlyDictionary<string, double> state, string key, string owner)
    {
        if (!state.TryGetValue(key, out double value))
        {
            throw new ArgumentException($"Scheduler state \"{owner}\" is missing \"{key}\"; was it saved by the same kind of scheduler?", nameof(state));
        }

        return value;
    }
}
