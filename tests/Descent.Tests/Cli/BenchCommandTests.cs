using System.Globalization;
using System.Text.Json;
using Descent.Kernels;

namespace Descent.Tests.Cli;

/// <summary><c>descent bench</c>: one JSON line per run, validated options, the workload switch.</summary>
public class BenchCommandTests
{
    [Fact]
    public void BenchMatMul_SmallSize_PrintsOneJsonLineWithRequiredFields()
    {
        var (code, output, err) = CliTestHost.Run("bench", "matmul", "--size", "48", "--threads", "1", "--repeat", "3", "--warmup", "1");
        Assert.True(code == 0, err);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        using var json = JsonDocument.Parse(lines[0]);
        var root = json.RootElement;
        Assert.Equal("matmul", root.GetProperty("name").GetString());
        Assert.Equal(48, root.GetProperty("size").GetInt32());
        Assert.Equal("float32", root.GetProperty("dtype").GetString());
        Assert.Equal(1, root.GetProperty("threads").GetInt32());
        Assert.True(root.GetProperty("median_ms").GetDouble() > 0);
        Assert.True(root.GetProperty("gflops").GetDouble() > 0);
        Assert.Equal(3, root.GetProperty("samples").GetInt32());
    }

    [Fact]
    public void BenchMatMul_FirstFieldsInDocumentedOrder()
    {
        var (code, output, _) = CliTestHost.Run("bench", "matmul", "--size", "16", "--repeat", "1", "--warmup", "0", "--dtype", "float64");
        Assert.Equal(0, code);
        Assert.StartsWith("{\"name\": \"matmul\", \"size\": 16, \"dtype\": \"float64\", \"threads\": ", output, StringComparison.Ordinal);
        Assert.Contains("\"median_ms\": ", output, StringComparison.Ordinal);
    }

    [Fact]
    public void BenchMatMul_RectangularTransposed_ReportsShapeAndNullSize()
    {
        var (code, output, _) = CliTestHost.Run("bench", "matmul", "--m", "8", "--n", "40", "--k", "24", "--layout", "nt", "--repeat", "1", "--warmup", "0");
        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("size").ValueKind);
        Assert.Equal(40, json.RootElement.GetProperty("n").GetInt32());
        Assert.Equal("nt", json.RootElement.GetProperty("layout").GetString());
    }

    [Fact]
    public void BenchMatMul_GermanCulture_UsesInvariantNumbers()
    {
        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");
            var (code, output, _) = CliTestHost.Run("bench", "matmul", "--size", "16", "--repeat", "1", "--warmup", "0");
            Assert.Equal(0, code);
            using var json = JsonDocument.Parse(output); // a decimal comma would not parse as a number
            Assert.True(json.RootElement.GetProperty("median_ms").GetDouble() > 0);
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public void BenchMatMul_ThreadsOption_RestoresThreadCountAfterwards()
    {
        int before = Parallelism.Threads;
        var (code, _, _) = CliTestHost.Run("bench", "matmul", "--size", "16", "--threads", "3", "--repeat", "1", "--warmup", "0");
        Assert.Equal(0, code);
        Assert.Equal(before, Parallelism.Threads);
    }

    [Fact]
    public void Bench_UnknownWorkload_Exits2ListingValidNames()
    {
        var (code, _, err) = CliTestHost.Run("bench", "matmull");
        Assert.Equal(2, code);
        Assert.Contains("unknown workload \"matmull\"; did you mean \"matmul\"?", err, StringComparison.Ordinal);
        Assert.Contains("Valid workloads: matmul", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Bench_NoWorkload_Exits2()
    {
        var (code, _, err) = CliTestHost.Run("bench");
        Assert.Equal(2, code);
        Assert.Contains("missing workload", err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--dtype", "float16")]
    [InlineData("--size", "0")]
    [InlineData("--threads", "0")]
    [InlineData("--repeat", "-1")]
    [InlineData("--layout", "xy")]
    [InlineData("--sise", "3")]
    public void BenchMatMul_BadOption_Exits2WithOneLine(string option, string value)
    {
        var (code, output, err) = CliTestHost.Run("bench", "matmul", option, value);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Single(err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
