using System.Collections.Concurrent;
using System.Diagnostics;
using Descent.IO;
using Descent.Optim;
using Descent.Training;

namespace Descent.Tests.Training;

/// <summary>
/// The real <c>descent train</c> in a child process, interrupted the hard way: killed (<c>kill -9</c>) while a checkpoint is being
/// written, or sent SIGINT (Ctrl-C). The moment is chosen with the checkpoint writer's test hook
/// (<c>DESCENT_TEST_CHECKPOINT_PAUSE=STEP:STAGE</c>), which holds the write at a stage until the test lets it go, so the kill lands
/// exactly there rather than by timing luck. Afterwards the previous checkpoint verifies, and <c>--resume</c> finishes the run with
/// the same weights and optimizer state as a run that was never interrupted.
/// </summary>
public sealed class TrainProcessTests : IDisposable
{
    // moons with 64 samples in batches of 16: 4 steps per epoch, so the epoch checkpoints are steps 4, 8 and 12.
    private static readonly string[] Run =
    [
        "train", "--data", "moons:n=64", "--model", "mlp:2-8-2", "--optimizer", "adam:lr=0.01", "--schedule", "step:step_size=1,gamma=0.5",
        "--batch-size", "16", "--seed", "3", "--quiet",
    ];

    private static readonly Lazy<string> Reference = new(() =>
    {
        string dir = Fuzz.ScratchDirectory("descent-proc-ref-");
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
            }
        };
        var (code, _, err) = RunToEnd([.. Run, "--epochs", "3", "--checkpoint", dir]);
        Assert.True(code == 0, $"the uninterrupted run failed ({code}): {err}");
        return dir;
    });

    private readonly string _dir = Fuzz.ScratchDirectory("descent-proc-");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [CliProcessTheory]
    [InlineData("model", 4)]
    [InlineData("optimizer", 4)]
    [InlineData("progress", 4)]
    [InlineData("manifest", 4)]
    [InlineData("rename", 4)]
    [InlineData("latest", 8)]
    public void KillDuringCheckpointWrite_PreviousCheckpointIntactAndResumeFinishesIdentically(string stage, long expectedStep)
    {
        using (var child = Start([.. Run, "--epochs", "3", "--checkpoint", _dir], ("DESCENT_TEST_CHECKPOINT_PAUSE", $"8:{stage}")))
        {
            child.WaitFor(() => File.Exists(Path.Combine(_dir, ".paused")), "the checkpoint of step 8 to reach " + stage);
            child.Process.Kill(entireProcessTree: true);
            child.Process.WaitForExit();
        }

        // The newest complete checkpoint verifies (sizes, SHA-256) and is the previous one, or the new one once `latest` moved.
        var survivor = Checkpoint.Load(_dir);
        Assert.Equal(expectedStep, survivor.Progress.GlobalStep);
        File.Delete(Path.Combine(_dir, ".paused"));

        var (code, _, err) = RunToEnd([.. Run, "--epochs", "3", "--checkpoint", _dir, "--resume", _dir]);
        Assert.True(code == 0, $"the resumed run failed ({code}): {err}");
        AssertSameFinalState(Reference.Value, _dir);
    }

    [CliProcessFact]
    public void CtrlC_StopsAfterTheCurrentStepWithExitCode130AndACheckpointThatResumes()
    {
        // Hold the checkpoint of step 4 (the end of epoch 1) while Ctrl-C arrives, so the run is certainly still going.
        int code;
        string stderr;
        using (var child = Start([.. Run, "--epochs", "3", "--checkpoint", _dir], ("DESCENT_TEST_CHECKPOINT_PAUSE", "4:model")))
        {
            child.WaitFor(() => File.Exists(Path.Combine(_dir, ".paused")), "the checkpoint of step 4");
            using (var kill = Process.Start("kill", ["-INT", child.Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                kill.WaitForExit();
            }

            child.WaitFor(() => child.Stderr.Contains("interrupted; stopping after the current step", StringComparison.Ordinal), "the Ctrl-C handler");
            File.Delete(Path.Combine(_dir, ".paused"));
            Assert.True(child.Process.WaitForExit(60_000), "the interrupted run did not exit");
            code = child.Process.ExitCode;
            stderr = child.Stderr;
        }

        Assert.True(code == 130, $"exit code {code}: {stderr}");
        Assert.Contains("cancelled after epoch 1", stderr, StringComparison.Ordinal);
        Assert.Contains($"(continue with --resume {_dir})", stderr, StringComparison.Ordinal);
        Assert.Equal(4, Checkpoint.Load(_dir).Progress.GlobalStep);

        var (resumed, _, err) = RunToEnd([.. Run, "--epochs", "3", "--checkpoint", _dir, "--resume", _dir]);
        Assert.True(resumed == 0, $"the resumed run failed ({resumed}): {err}");
        AssertSameFinalState(Reference.Value, _dir);
    }

    [CliProcessFact]
    public void CtrlC_AtAnUnknownMoment_LeavesAResumableRunEqualToAnUninterruptedOne()
    {
        // Without the hook: interrupt a long run once it has written its first checkpoint, wherever it is then (mid-epoch or not).
        int code;
        string stderr;
        using (var child = Start([.. Run, "--epochs", "100000", "--checkpoint", _dir]))
        {
            child.WaitFor(() => Checkpoint.Latest(_dir) != null, "the first checkpoint");
            using (var kill = Process.Start("kill", ["-INT", child.Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                kill.WaitForExit();
            }

            Assert.True(child.Process.WaitForExit(60_000), "the interrupted run did not exit");
            code = child.Process.ExitCode;
            stderr = child.Stderr;
        }

        Assert.True(code == 130, $"exit code {code}: {stderr}");
        var stopped = Checkpoint.Load(_dir).Progress;
        int epochs = stopped.Epoch + 1;
        string reference = Path.Combine(_dir, "reference");
        var (a, _, errA) = RunToEnd([.. Run, "--epochs", $"{epochs}", "--checkpoint", reference]);
        Assert.True(a == 0, errA);
        var (b, _, errB) = RunToEnd([.. Run, "--epochs", $"{epochs}", "--checkpoint", _dir, "--resume", _dir]);
        Assert.True(b == 0, errB);
        AssertSameFinalState(reference, _dir);
    }

    private static void AssertSameFinalState(string expectedDir, string actualDir)
    {
        var expected = Checkpoint.Load(expectedDir);
        var actual = Checkpoint.Load(actualDir);
        Assert.Equal(expected.Progress.GlobalStep, actual.Progress.GlobalStep);
        Assert.Equal(expected.Progress.Epoch, actual.Progress.Epoch);
        Assert.Equal(expected.Model.Keys.Order(StringComparer.Ordinal), actual.Model.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, t) in expected.Model)
        {
            Assert.True(t.ToArray().SequenceEqual(actual.Model[name].ToArray()), $"tensor \"{name}\" differs from the uninterrupted run");
        }

        TrainerResumeMatrixTests.AssertIdentical(expected.Optimizer, actual.Optimizer);
    }

    private static (int Code, string Stdout, string Stderr) RunToEnd(string[] args)
    {
        using var child = Start(args);
        Assert.True(child.Process.WaitForExit(120_000), "descent train did not finish in two minutes");
        child.Process.WaitForExit();
        return (child.Process.ExitCode, child.Stdout, child.Stderr);
    }

    private static Child Start(string[] args, params (string Name, string Value)[] environment)
    {
        var cli = CliProcessFactAttribute.Locate() ?? throw new InvalidOperationException("descent.dll not found");
        var info = new ProcessStartInfo(CliProcessFactAttribute.DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(cli);
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["DESCENT_THREADS"] = "1";

        // The tool is built without tiered compilation (faster long runs); these runs are short, and start twice as fast with it.
        info.Environment["DOTNET_TieredCompilation"] = "1";
        info.Environment.Remove("DESCENT_TEST_CHECKPOINT_PAUSE");
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        return new Child(Process.Start(info)!);
    }

    /// <summary>A running child with its output collected as it arrives.</summary>
    private sealed class Child : IDisposable
    {
        private readonly ConcurrentQueue<string> _out = new();
        private readonly ConcurrentQueue<string> _err = new();

        public Child(Process process)
        {
            Process = process;
            process.OutputDataReceived += (_, e) => { if (e.Data != null) { _out.Enqueue(e.Data); } };
            process.ErrorDataReceived += (_, e) => { if (e.Data != null) { _err.Enqueue(e.Data); } };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public Process Process { get; }

        public string Stdout => string.Join('\n', _out);

        public string Stderr => string.Join('\n', _err);

        /// <summary>Polls until <paramref name="condition"/> holds; fails if the child exits first or a minute passes.</summary>
        public void WaitFor(Func<bool> condition, string what)
        {
            var clock = Stopwatch.StartNew();
            while (!condition())
            {
                if (Process.HasExited && !condition())
                {
                    Assert.Fail($"descent train exited ({Process.ExitCode}) before {what}: {Stderr}");
                }

                if (clock.Elapsed > TimeSpan.FromMinutes(1))
                {
                    Assert.Fail($"timed out waiting for {what}: {Stderr}");
                }

                Thread.Sleep(5);
            }
        }

        public void Dispose()
        {
            if (!Process.HasExited)
            {
                Process.Kill(entireProcessTree: true);
                Process.WaitForExit();
            }

            Process.Dispose();
        }
    }
}

/// <summary>A fact that runs only where the built <c>descent</c> tool can be started as a child process (Linux, for SIGINT).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class CliProcessFactAttribute : FactAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> when the tool is not found or the platform has no <c>kill</c>.</summary>
    public CliProcessFactAttribute() => Skip = SkipReason();

    /// <summary>The built <c>descent.dll</c> (next to the tests, else in the repository's Release output), or null.</summary>
    public static string? Locate()
    {
        string here = Path.Combine(AppContext.BaseDirectory, "descent.dll");
        if (File.Exists(here) && File.Exists(Path.Combine(AppContext.BaseDirectory, "descent.runtimeconfig.json")))
        {
            return here;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Descent.slnx")))
            {
                var built = Directory.Exists(Path.Combine(dir.FullName, "src", "Descent.Cli", "bin", "Release"))
                    ? Directory.GetFiles(Path.Combine(dir.FullName, "src", "Descent.Cli", "bin", "Release"), "descent.dll", SearchOption.AllDirectories).FirstOrDefault()
                    : null;
                return built;
            }
        }

        return null;
    }

    /// <summary>The <c>dotnet</c> host running the tests (so the child uses the same runtime), else <c>dotnet</c> on the PATH.</summary>
    public static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host
        : Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p
        : "dotnet";

    internal static string? SkipReason() =>
        !OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS() ? "needs a Unix system (SIGINT is sent with kill -INT)"
        : Locate() == null ? "the descent tool is not built (dotnet build src/Descent.Cli -c Release)"
        : null;
}

/// <summary>The theory form of <see cref="CliProcessFactAttribute"/>.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class CliProcessTheoryAttribute : TheoryAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> as <see cref="CliProcessFactAttribute"/> does.</summary>
    public CliProcessTheoryAttribute() => Skip = CliProcessFactAttribute.SkipReason();
}
