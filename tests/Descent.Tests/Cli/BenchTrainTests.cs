using System.Text.Json;
using Descent.Data;
using Descent.Tests.Data;

namespace Descent.Tests.Cli;

/// <summary><c>descent bench train</c> and <c>descent bench bandwidth</c>: one JSON line each, validated options.</summary>
public class BenchTrainTests
{
    private static JsonElement RunJson(params string[] args)
    {
        var (code, output, err) = CliTestHost.Run(args);
        Assert.True(code == 0, err);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        using var json = JsonDocument.Parse(lines[0]);
        return json.RootElement.Clone();
    }

    [Fact]
    public void BenchTrain_Steps_PrintsPerStepFiguresWithoutEpochOrAccuracy()
    {
        var root = RunJson("bench", "train", "--data", "moons:n=256", "--model", "mlp:2-16-2", "--batch-size", "32", "--steps", "5", "--warmup", "2", "--threads", "1");
        Assert.Equal("train", root.GetProperty("name").GetString());
        Assert.Equal("mlp:2-16-2", root.GetProperty("model").GetString());
        Assert.Equal(32, root.GetProperty("batch_size").GetInt32());
        Assert.Equal(1, root.GetProperty("threads").GetInt32());
        Assert.Equal(5, root.GetProperty("steps").GetInt32());
        Assert.Equal(8, root.GetProperty("steps_per_epoch").GetInt32());
        Assert.True(root.GetProperty("median_ms").GetDouble() > 0);
        Assert.True(root.GetProperty("samples_per_s").GetDouble() > 0);
        Assert.True(root.GetProperty("allocated_bytes_per_step").GetInt64() >= 0);
        Assert.True(root.GetProperty("allocated_bytes_first_step").GetInt64() >= root.GetProperty("allocated_bytes_per_step").GetInt64());
        Assert.True(root.GetProperty("gc_count").GetInt32() >= 0);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("epoch_s").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("test_accuracy").ValueKind);
    }

    [Fact]
    public void BenchTrain_Epochs_ReportsEpochTimeAndTestAccuracy()
    {
        var root = RunJson("bench", "train", "--data", "moons:n=200,test=0.25", "--model", "mlp:2-16-2", "--batch-size", "50", "--epochs", "2", "--warmup", "0");
        Assert.Equal(2, root.GetProperty("epochs").GetInt32());
        Assert.Equal(6, root.GetProperty("steps").GetInt32()); // 150 training samples in batches of 50, twice
        Assert.True(root.GetProperty("epoch_s").GetDouble() > 0);
        double accuracy = root.GetProperty("test_accuracy").GetDouble();
        Assert.InRange(accuracy, 0, 1);
        Assert.True(root.GetProperty("train_loss").GetDouble() > 0);
    }

    [Fact]
    public void BenchTrain_DefaultOptimizerAndBatch_AreAdamAnd128()
    {
        var root = RunJson("bench", "train", "--data", "moons:n=300", "--model", "mlp:2-4-2", "--steps", "1", "--warmup", "0");
        Assert.Equal("adam:lr=0.001", root.GetProperty("optimizer").GetString());
        Assert.Equal(128, root.GetProperty("batch_size").GetInt32());
    }

    [Fact]
    public void BenchTrain_Seed_IsReportedAndChangesTheRun()
    {
        JsonElement Run(string seed) => RunJson("bench", "train", "--data", "moons:n=256", "--model", "mlp:2-8-2", "--batch-size", "64",
            "--steps", "3", "--warmup", "0", "--seed", seed);

        var seven = Run("7");
        Assert.Equal(7UL, seven.GetProperty("seed").GetUInt64());
        Assert.NotEqual(Run("8").GetProperty("train_loss").GetDouble(), seven.GetProperty("train_loss").GetDouble());
    }

    [Fact]
    public void BenchTrain_SameThreadCount_GivesIdenticalLosses()
    {
        // Batches of 512 × 512 hidden units are large enough for the elementwise kernels and the GEMM to split over threads.
        string Loss(string threads) => RunJson("bench", "train", "--data", "blobs:n=1024,features=64,centers=4", "--model", "mlp:64-512-4",
            "--batch-size", "512", "--steps", "3", "--warmup", "0", "--threads", threads).GetProperty("train_loss").GetRawText();

        Assert.Equal(Loss("1"), Loss("1"));
        Assert.Equal(Loss("2"), Loss("2"));
    }

    [Fact]
    public void BenchTrain_LeNetOnImages_RunsConvolutionalEpochWithAccuracy()
    {
        // A tiny Fashion-MNIST-shaped set (28×28 images) written next to the test, so the convolutional path runs in milliseconds.
        using var dir = new DataTestUtil.TempDir();
        var rng = new Random(5);
        byte[] Pixels(int n)
        {
            var bytes = new byte[n * 28 * 28];
            rng.NextBytes(bytes);
            return bytes;
        }

        byte[] Labels(int n) => Enumerable.Range(0, n).Select(i => (byte)(i % 10)).ToArray();
        IdxWriter.Write(dir.File("train-images-idx3-ubyte"), Pixels(32), 32, 28, 28);
        IdxWriter.Write(dir.File("train-labels-idx1-ubyte"), Labels(32), 32);
        IdxWriter.Write(dir.File("t10k-images-idx3-ubyte"), Pixels(10), 10, 28, 28);
        IdxWriter.Write(dir.File("t10k-labels-idx1-ubyte"), Labels(10), 10);

        var root = RunJson("bench", "train", "--data", $"fashion-mnist:dir={dir.Path}", "--model", "cnn:lenet", "--batch-size", "16",
            "--epochs", "1", "--warmup", "1");
        Assert.Equal("cnn:lenet", root.GetProperty("model").GetString());
        Assert.Equal(2, root.GetProperty("steps").GetInt32());
        Assert.True(root.GetProperty("epoch_s").GetDouble() > 0);
        Assert.InRange(root.GetProperty("test_accuracy").GetDouble(), 0, 1);
    }

    [Theory]
    [InlineData("--model", "mlp:2-8-2", "missing --data")]
    [InlineData("--data", "moons", "missing --model")]
    public void BenchTrain_MissingRequiredOption_Exits2(string option, string value, string because)
    {
        var (code, output, err) = CliTestHost.Run("bench", "train", option, value);
        Assert.True(code == 2, because);
        Assert.Equal("", output);
        Assert.Contains("is required", err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--model", "mlpp:2-8-2", "--model: unknown model \"mlpp\"")]
    [InlineData("--optimizer", "adamm", "--optimizer: ")]
    [InlineData("--batch-size", "0", "--batch-size: expected")]
    [InlineData("--steps", "-3", "--steps: expected")]
    [InlineData("--seed", "x", "--seed: expected a non-negative integer, got \"x\"")]
    [InlineData("--setps", "3", "unknown option \"--setps\"; did you mean \"--steps\"?")]
    public void BenchTrain_BadOption_Exits2WithOneLine(string option, string value, string expected)
    {
        var args = new List<string> { "bench", "train", "--data", "moons", "--model", "mlp:2-8-2", "--warmup", "0" };
        if (option == "--model")
        {
            args[5] = value;
        }
        else
        {
            args.AddRange([option, value]);
        }

        var (code, output, err) = CliTestHost.Run([.. args]);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Single(err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(expected, err, StringComparison.Ordinal);
    }

    [Fact]
    public void BenchTrain_EpochsAndSteps_Exits2()
    {
        var (code, _, err) = CliTestHost.Run("bench", "train", "--data", "moons", "--model", "mlp:2-8-2", "--epochs", "1", "--steps", "3");
        Assert.Equal(2, code);
        Assert.Contains("--epochs", err, StringComparison.Ordinal);
        Assert.Contains("--steps", err, StringComparison.Ordinal);
    }

    [Fact]
    public void BenchTrain_ModelThatDoesNotFitData_Exits2NamingTheFit()
    {
        var (code, _, err) = CliTestHost.Run("bench", "train", "--data", "moons:n=64", "--model", "mlp:3-8-2", "--steps", "1", "--warmup", "0");
        Assert.Equal(2, code);
        Assert.Contains("mlp:2-", err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("triad", 3)]
    [InlineData("copy", 2)]
    [InlineData("update", 2)]
    public void BenchBandwidth_SmallArrays_ReportsBytesAndRate(string kernel, int arrays)
    {
        var root = RunJson("bench", "bandwidth", "--kernel", kernel, "--mb", "12", "--repeat", "2", "--warmup", "1");
        Assert.Equal("bandwidth", root.GetProperty("name").GetString());
        Assert.Equal(kernel, root.GetProperty("kernel").GetString());
        int streams = kernel == "copy" ? 2 : 3; // update reads a and b and writes a: three streams over two arrays
        Assert.Equal(12_000_000 / arrays / 4 * 4 * streams, root.GetProperty("bytes").GetInt64());
        Assert.True(root.GetProperty("gb_per_s").GetDouble() > 0);
    }

    [Theory]
    [InlineData("--kernel", "scale")]
    [InlineData("--mb", "0")]
    [InlineData("--mb", "big")]
    public void BenchBandwidth_BadOption_Exits2(string option, string value)
    {
        var (code, output, err) = CliTestHost.Run("bench", "bandwidth", option, value);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Contains(option + ":", err, StringComparison.Ordinal);
    }
}
