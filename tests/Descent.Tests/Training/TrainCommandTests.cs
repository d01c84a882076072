using System.Text.Json.Nodes;
using Descent.IO;
using Descent.Optim;
using Descent.Tests.Cli;

namespace Descent.Tests.Training;

public sealed class TrainCommandTests : IDisposable
{
    private const string Missing = "/nonexistent-descent-dir";
    private readonly string _dir = Directory.CreateTempSubdirectory("descent-cli-train-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Every bad invocation exits 2 with one line naming the option, the value and what is valid, before any work.</summary>
    public static TheoryData<string[], string> BadArguments => new()
    {
        { [], "--data is required (a data set such as moons, fashion-mnist or csv:PATH[,target=COL])" },
        { ["--data", "moons"], "--model is required (linear, softmax, mlp:IN-H1-...-OUT[,activation=tanh] or cnn:lenet)" },
        { ["--data", "moons", "--model", "linear"], "--optimizer is required (an optimizer spec such as adam:lr=0.001; 'descent optimizers' lists them)" },
        { ["--batch-size", "-4"], "--batch-size: expected a positive integer or \"full\", got \"-4\"" },
        { ["--batch-size", "0"], "--batch-size: expected a positive integer or \"full\", got \"0\"" },
        { ["--batch-size", "2.5"], "--batch-size: expected a positive integer or \"full\", got \"2.5\"" },
        { ["--epochs", "0"], "--epochs: expected a positive integer, got \"0\"" },
        { ["--seed", "-1"], "--seed: expected a non-negative integer, got \"-1\"" },
        { ["--val-split", "1"], "--val-split: expected a fraction from 0 up to (not including) 1, got \"1\"" },
        { ["--schedule", "step:step_size=1", "--schedule-per", "hourly"], "--schedule-per: expected step or epoch, got \"hourly\"" },
        { ["--schedule-per", "step"], "--schedule-per needs --schedule" },
        { ["--schedule", "cosine"], "--schedule: schedule \"cosine\" needs t_max (for example cosine:t_max=100,eta_min=0)" },
        { ["--schedule", "onecycle:max_lr=0.1,total_steps=10", "--epochs", "2"],
            "--schedule: onecycle:max_lr=0.1,total_steps=10 ends after 10 steps, but the run steps it 14 times (2 epochs × 7 steps); lengthen the schedule to 14 or train for fewer epochs" },
        { ["--metrics", "m.txt"], "--metrics: the file name must end in .json, got \"m.txt\"" },
        { ["--metrics", Missing + "/m.json"], $"--metrics: directory \"{Missing}\" does not exist; create it first or choose another path" },
        { ["--checkpoint", Missing + "/a/b"], $"--checkpoint: directory \"{Missing}/a\" does not exist; create it first or choose another path" },
        { ["--resume", Missing], $"--resume: directory \"{Missing}\" does not exist" },
        { ["--optimizer", "adamm"], "--optimizer: unknown optimizer \"adamm\"; did you mean \"adam\"? Valid: " + string.Join(", ", OptimizerRegistry.Names) },
        { ["--optimizer", "sgd:lr=-1"], "--optimizer: Invalid learning rate: -1.0" },
        { ["--model", "resnet"], "--model: unknown model \"resnet\"; valid: linear, softmax, mlp:IN-H1-...-OUT[,activation=relu|tanh|sigmoid|gelu|leaky_relu][,dropout=P], cnn:lenet" },
        { ["--model", "mlp:3-8-2"], "--model: model \"mlp:3-8-2\": the first size is 3 but the data has 2 features per sample; use mlp:2-..." },
        { ["--data", "nosuch"], "--data: Unknown data set \"nosuch\"; data sets: blobs, circles, csv, fashion-mnist, linear, mnist, moons, spirals, xor" },
        { ["--data", "moons:n=200,val=0.1", "--val-split", "0.2"], "--val-split: the data spec \"moons:n=200,val=0.1\" already holds out validation data (val=); give one of the two" },
        { ["--on-divergence", "maybe"], "--on-divergence: expected stop or skip, got \"maybe\"" },
        { ["--max-skips", "3"], "--max-skips needs --on-divergence skip" },
        { ["--clip-norm", "0"], "--clip-norm: expected a positive number, got \"0\"" },
        { ["--accumulate", "0"], "--accumulate: expected a positive integer, got \"0\"" },
        { ["--min-delta", "0.1"], "--min-delta needs --patience" },
        { ["--precision", "-1e-6"], "--precision: expected a non-negative number, got \"-1e-6\"" },
        { ["--quiet=maybe"], "--quiet: expected true or false, got \"maybe\"" },
    };

    [Theory]
    [MemberData(nameof(BadArguments))]
    public void BadArgument_Exits2WithItsMessage(string[] change, string message)
    {
        var (code, output, err) = CliTestHost.Run(Merge(change));
        Assert.Equal(2, code);
        Assert.Equal("descent train: " + message, err.TrimEnd('\n', '\r'));
        Assert.Equal("", output);
    }

    [Fact]
    public void UnknownOption_SuggestsTheClosest()
    {
        var (code, _, err) = CliTestHost.Run(Merge(["--epoch", "3"]));
        Assert.Equal(2, code);
        Assert.StartsWith("descent train: unknown option \"--epoch\"; did you mean \"--epochs\"? Valid options: --accumulate, --batch-size", err, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckpointThatIsAFile_IsRefused()
    {
        string file = Path.Combine(_dir, "file");
        File.WriteAllText(file, "x");
        var (code, _, err) = CliTestHost.Run(Merge(["--checkpoint", file]));
        Assert.Equal(2, code);
        Assert.Equal($"descent train: --checkpoint: \"{file}\" is a file; give a directory", err.TrimEnd());
    }

    [Fact]
    public void ResumeFromDirectoryWithoutCheckpoint_IsRefused()
    {
        var (code, _, err) = CliTestHost.Run(Merge(["--resume", _dir]));
        Assert.Equal(2, code);
        Assert.Equal($"descent train: --resume: no checkpoint in \"{_dir}\" (expected step-* directories written by descent train --checkpoint)", err.TrimEnd());
    }

    [Fact]
    public void Train_WritesMetricsJsonWithTheContractKeys()
    {
        string metrics = Path.Combine(_dir, "m.json");
        var (code, _, err) = CliTestHost.Run(Merge(["--data", "moons:n=200,test=0.25", "--epochs", "2", "--metrics", metrics]));
        Assert.Equal("", err);
        Assert.Equal(0, code);

        var json = JsonNode.Parse(File.ReadAllText(metrics))!.AsObject();
        Assert.Equal(["config", "epochs", "final"], json.Select(kv => kv.Key));
        var config = json["config"]!.AsObject();
        Assert.Equal("moons:n=200,test=0.25", (string?)config["data"]);
        Assert.Equal("mlp:2-8-2", (string?)config["model"]);
        Assert.Equal(32, (int?)config["batch_size"]);
        Assert.Equal(2, (int?)config["epochs"]);
        Assert.Equal("cross-entropy", (string?)config["loss"]);
        var epochs = json["epochs"]!.AsArray();
        Assert.Equal(2, epochs.Count);
        foreach (var key in new[] { "epoch", "train_loss", "val_loss", "test_loss", "test_accuracy", "lr", "seconds" })
        {
            Assert.All(epochs, e => Assert.True(e!.AsObject().ContainsKey(key), key));
        }

        Assert.Equal(1, (int?)epochs[0]!["epoch"]);
        Assert.Equal(0.05, (double?)epochs[1]!["lr"]);
        Assert.InRange((double)epochs[1]!["test_accuracy"]!, 0.5, 1);
        Assert.Equal((double?)epochs[1]!["val_loss"], (double?)epochs[1]!["test_loss"]);
        var final = json["final"]!.AsObject();
        Assert.Equal((double?)epochs[1]!["test_loss"], (double?)final["test_loss"]);
        Assert.Equal((double?)epochs[1]!["test_accuracy"], (double?)final["test_accuracy"]);
        Assert.True((double)final["seconds"]! > 0);
        Assert.Equal("Completed", (string?)final["stop_reason"]);
    }

    [Fact]
    public void Metrics_RegressionWithoutTestSplit_UsesNull()
    {
        string metrics = Path.Combine(_dir, "m.json");
        var (code, _, _) = CliTestHost.Run("train", "--data", "linear:n=64", "--model", "linear", "--optimizer", "sgd:lr=0.1", "--epochs", "1", "--metrics", metrics, "--quiet");
        Assert.Equal(0, code);
        var json = JsonNode.Parse(File.ReadAllText(metrics))!;
        var epoch = json["epochs"]![0]!.AsObject();
        Assert.Equal("mse", (string?)json["config"]!["loss"]);
        Assert.Null(epoch["train_accuracy"]);
        Assert.Null(epoch["val_loss"]);
        Assert.Null(epoch["test_loss"]);
        Assert.Null(epoch["test_accuracy"]);
        Assert.Null(json["final"]!["test_loss"]);
        Assert.NotNull(epoch["train_loss"]);
    }

    [Fact]
    public void Quiet_PrintsNothing()
    {
        var (code, output, err) = CliTestHost.Run(Merge(["--epochs", "2", "--quiet"]));
        Assert.Equal(0, code);
        Assert.Equal("", output);
        Assert.Equal("", err);
    }

    [Fact]
    public void RedirectedOutput_PrintsPlainLines()
    {
        var (code, output, _) = CliTestHost.Run(Merge(["--epochs", "2", "--val-split", "0.2"]));
        Assert.Equal(0, code);
        var lines = output.TrimEnd().Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        Assert.DoesNotContain('\u001b', output);
        Assert.StartsWith("data: moons: train 200;", lines[0], StringComparison.Ordinal);
        Assert.Equal("model: mlp:2-8-2 (42 parameters), loss cross-entropy", lines[1]);
        Assert.Equal("validation: 40 samples held out", lines[4]);
        Assert.Matches(@"^epoch 1/2  train loss \d\.\d{4} acc \d\.\d{4}  val loss \d\.\d{4} acc \d\.\d{4}  lr 0\.05  \d+\.\d\d s$", lines[5]);
        Assert.StartsWith("epoch 2/2  train loss ", lines[6], StringComparison.Ordinal);
        Assert.StartsWith("done: completed 2 epochs (10 steps) in ", lines[7], StringComparison.Ordinal);
        Assert.Equal(8, lines.Length);
    }

    [Theory]
    [InlineData("mlp:2-16-2")]
    [InlineData("mlp:2-16-16-2,dropout=0.3")]
    public void Resume_OneEpochThenOneMore_EqualsTwoEpochsBitForBit(string modelSpec)
    {
        string straight = Path.Combine(_dir, "straight"), split = Path.Combine(_dir, "split");
        string[] common = ["--data", "moons:n=300", "--model", modelSpec, "--optimizer", "adam:lr=0.01", "--schedule", "step:step_size=1,gamma=0.5", "--batch-size", "20", "--seed", "4", "--quiet"];
        Assert.Equal(0, CliTestHost.Run(["train", .. common, "--epochs", "2", "--checkpoint", straight]).Code);
        Assert.Equal(0, CliTestHost.Run(["train", .. common, "--epochs", "1", "--checkpoint", split]).Code);
        var (code, _, err) = CliTestHost.Run(["train", .. common, "--epochs", "2", "--resume", split, "--checkpoint", split]);
        Assert.Equal("", err);
        Assert.Equal(0, code);

        var a = SafeTensors.Load(Path.Combine(straight, "step-000000030", "model.safetensors")).Tensors;
        var b = SafeTensors.Load(Path.Combine(split, "step-000000030", "model.safetensors")).Tensors;
        Assert.Equal(a.Keys.Order(), b.Keys.Order());
        Assert.All(a, kv => Assert.Equal(kv.Value.ToFloatArray(), b[kv.Key].ToFloatArray()));
    }

    [Fact]
    public void Seed_FixesTheDropoutMasks_SameSeedSameWeights_AnotherSeedOthers()
    {
        float[][] Run(string seed, string name)
        {
            string dir = Path.Combine(_dir, name);
            var (code, _, err) = CliTestHost.Run("train", "--data", "moons:n=200", "--model", "mlp:2-16-16-2,dropout=0.5", "--optimizer", "adam:lr=0.01",
                "--epochs", "2", "--seed", seed, "--checkpoint", dir, "--quiet");
            Assert.Equal("", err);
            Assert.Equal(0, code);
            var tensors = SafeTensors.Load(Path.Combine(dir, "step-000000014", "model.safetensors")).Tensors;
            return tensors.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Value.ToFloatArray()).ToArray();
        }

        var first = Run("5", "a");
        Assert.Equal(first, Run("5", "b"));
        Assert.NotEqual(first, Run("6", "c"));
    }

    [Fact]
    public void Resume_WithAnotherBatchSize_IsRefused()
    {
        string dir = Path.Combine(_dir, "ckpt");
        Assert.Equal(0, CliTestHost.Run(Merge(["--epochs", "1", "--checkpoint", dir, "--quiet"])).Code);
        var (code, _, err) = CliTestHost.Run(Merge(["--epochs", "2", "--resume", dir, "--batch-size", "16"]));
        Assert.Equal(2, code);
        Assert.Equal($"descent train: --resume: the checkpoint in {dir} was made with --batch-size 32, but this run has --batch-size 16; resume with the same settings", err.TrimEnd());
    }

    [Fact]
    public void Divergence_Exits3NamingTheStepAndAdvice()
    {
        var (code, _, err) = CliTestHost.Run(Merge(["--optimizer", "sgd:lr=1e10", "--epochs", "3", "--quiet"]));
        Assert.Equal(3, code);
        Assert.Matches(@"^descent train: training diverged at step \d+ \(epoch 1, batch \d+ of 7\): the loss is NaN; gradient of ""\d\.weight"" has \d+ non-finite values? \(first: NaN at element \d+\)\. " +
            @"Lower the learning rate \(it is 1E\+10; try 1E\+09: --optimizer sgd:lr=1E\+09\), add --clip-norm 1, or skip such steps with --on-divergence skip\.$", err.TrimEnd());
    }

    [Fact]
    public void Divergence_OfTheLossAlone_SaysTheGradientsAreFiniteAndNamesTheLargest()
    {
        var (code, _, err) = CliTestHost.Run("train", "--data", "linear:n=64,w=3,b=1,noise=0.1", "--model", "linear", "--optimizer", "sgd:lr=100",
            "--batch-size", "16", "--epochs", "50", "--quiet");
        Assert.Equal(3, code);
        Assert.Matches(@"^descent train: training diverged at step \d+ \(epoch \d+, batch \d of \d\): the loss is \+inf while every gradient is finite " +
            @"\(the largest is that of ""1\.bias"", norm [0-9.E+]+\)\. Lower the learning rate \(it is 100; try 10: --optimizer sgd:lr=10\), add --clip-norm 1, " +
            @"or skip such steps with --on-divergence skip\.$", err.TrimEnd());
    }

    [Fact]
    public void LrFind_PrintsSuggestionsAndWritesTheCurve()
    {
        string csv = Path.Combine(_dir, "lr.csv"), svg = Path.Combine(_dir, "lr.svg");
        var (code, output, err) = CliTestHost.Run("lr-find", "--data", "moons:n=400", "--model", "mlp:2-16-2", "--optimizer", "sgd", "--steps", "40", "--end-lr", "100", "--out", csv, "--plot", svg);
        Assert.Equal("", err);
        Assert.Equal(0, code);
        var lines = output.TrimEnd().Split('\n');
        Assert.StartsWith("lr-find: ", lines[0], StringComparison.Ordinal);
        Assert.Equal("suggested learning rates:", lines[1].TrimEnd());
        Assert.StartsWith("  steepest  ", lines[2], StringComparison.Ordinal);
        Assert.StartsWith("  min/10    ", lines[3], StringComparison.Ordinal);
        var rows = File.ReadAllLines(csv);
        Assert.Equal("step,lr,loss,smoothed_loss", rows[0]);
        Assert.StartsWith("0,1E-07,", rows[1], StringComparison.Ordinal);
        Assert.Contains("<svg", File.ReadAllText(svg), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--steps", "1", "--steps: expected an integer from 2 to 1000000, got \"1\"")]
    [InlineData("--end-lr", "1e-9", "--end-lr (1E-09) must be larger than --start-lr (1E-07)")]
    [InlineData("--out", "lr.txt", "--out: the file name must end in .csv, got \"lr.txt\"")]
    public void LrFind_BadArgument_Exits2(string option, string value, string message)
    {
        var (code, _, err) = CliTestHost.Run("lr-find", "--data", "moons", "--model", "mlp:2-8-2", "--optimizer", "sgd", option, value);
        Assert.Equal(2, code);
        Assert.Equal("descent lr-find: " + message, err.TrimEnd());
    }

    /// <summary>A valid small run with some options replaced or added.</summary>
    private static string[] Merge(string[] change)
    {
        var args = new List<string> { "--data", "moons:n=200", "--model", "mlp:2-8-2", "--optimizer", "sgd:lr=0.05" };
        if (change.Length == 0)
        {
            return ["train"];
        }

        if (change.SequenceEqual(["--data", "moons"]) || change.SequenceEqual(["--data", "moons", "--model", "linear"]))
        {
            return ["train", .. change];
        }

        for (int i = 0; i < change.Length; i++)
        {
            string name = change[i].Split('=')[0];
            bool hasValue = !change[i].Contains('=', StringComparison.Ordinal) && i + 1 < change.Length && !change[i + 1].StartsWith("--", StringComparison.Ordinal);
            int at = args.IndexOf(name);
            if (at >= 0)
            {
                args[at + 1] = change[i + 1];
            }
            else
            {
                args.Add(change[i]);
                if (hasValue)
                {
                    args.Add(change[i + 1]);
                }
            }

            if (hasValue)
            {
                i++;
            }
        }

        return ["train", .. args];
    }
}
