using System.Diagnostics;
using System.Globalization;

namespace Descent.Training;

/// <summary>
/// A test-only hook that holds a checkpoint write at a chosen stage, so that a test can kill the process exactly there
/// (deterministically, not by timing luck). Off unless the environment variable <c>DESCENT_TEST_CHECKPOINT_PAUSE</c> is set to
/// <c>STEP:STAGE</c>, where STAGE is <c>model</c>, <c>optimizer</c>, <c>progress</c> or <c>manifest</c> (after that file is written
/// into the temporary directory), <c>rename</c> (after the directory is renamed into place, before <c>latest</c> moves) or
/// <c>latest</c> (after <c>latest</c> moves, before old checkpoints are pruned).
/// </summary>
/// <remarks>
/// When the checkpoint of global step STEP reaches STAGE, the writer creates <c>DIR/.paused</c> (holding the stage) and waits until
/// that file is deleted (at most a minute), then carries on. The variable is read once per process; nothing else changes.
/// </remarks>
internal static class TestHook
{
    /// <summary>The environment variable that arms the hook.</summary>
    public const string Variable = "DESCENT_TEST_CHECKPOINT_PAUSE";

    /// <summary>The marker file created in the checkpoint directory while a write is held.</summary>
    public const string MarkerFile = ".paused";

    private static readonly (long Step, string Stage)? Setting = Parse(Environment.GetEnvironmentVariable(Variable));

    /// <summary>Holds the write if the hook is armed for this step and stage.</summary>
    public static void Pause(string directory, long step, string stage)
    {
        if (Setting is not { } s || s.Step != step || s.Stage != stage)
        {
            return;
        }

        string marker = Path.Combine(directory, MarkerFile);
        File.WriteAllText(marker, stage);
        var clock = Stopwatch.StartNew();
        while (File.Exists(marker) && clock.Elapsed < TimeSpan.FromMinutes(1))
        {
            Thread.Sleep(5);
        }
    }

    private static (long, string)? Parse(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        var parts = value.Split(':');
        return parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out long step) ? (step, parts[1]) : null;
    }
}
