using System.Text;
using Descent.Data;
using static Descent.Tests.Data.DataTestUtil;

namespace Descent.Tests.Data;

/// <summary>
/// Untrusted CSV files: malformed input is a <see cref="DataFormatException"/> (or, for a bad target name, an
/// <see cref="ArgumentException"/>) naming the file and the line, never another exception, and whatever is accepted is a consistent
/// data set of finite numbers.
/// </summary>
public class CsvRobustnessTests
{
    private const string Valid =
        "sepal length,sepal width,\"petal, length\",species\n" +
        "5.1,3.5,1.4,setosa\n" +
        "4.9,3.0,1.4,setosa\n" +
        "7.0,3.2,4.7,versicolor\n" +
        "6.4,3.2,4.5,\"versi\"\"color\"\n" +
        "6.3,3.3,6.0,virginica\n" +
        "-5.8e-1,2.7,5.1,virginica\n";

    [Fact]
    public void Read_ValueBeyondFloat32_IsAnErrorNamingTheCell()
    {
        using var dir = new TempDir();
        var path = Write(dir, "x,y\n1,2\n1e39,3\n");
        var e = Assert.Throws<DataFormatException>(() => CsvDatasetReader.Read(path));
        Assert.Equal($"CSV file {path}, line 3, column \"x\": the value \"1e39\" is too large for float32 (at most ±3.4028235E+38); read the file as float64", e.Message);
        Assert.Equal(3, e.Line);
    }

    [Fact]
    public void Read_ValueBeyondFloat32AsFloat64_IsKept()
    {
        using var dir = new TempDir();
        var d = CsvDatasetReader.Read(Write(dir, "x,y\n1e39,2\n"), new CsvOptions { DType = DType.Float64 });
        Assert.Equal(1e39, d.Features.ToArray()[0]);
    }

    [Fact]
    public void Read_RegressionTargetBeyondFloat32_IsAnError()
    {
        using var dir = new TempDir();
        var path = Write(dir, "x,y\n1,2\n2,-4e38\n");
        var e = Assert.Throws<DataFormatException>(() => CsvDatasetReader.Read(path, new CsvOptions { Task = CsvTask.Regression }));
        Assert.Contains("target column \"y\" has the value \"-4e38\" (data row 2), which is too large for float32", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_UnterminatedQuote_NamesFileAndLine()
    {
        using var dir = new TempDir();
        var path = Write(dir, "x,y\n1,2\n3,\"4\n5,6\n");
        var e = Assert.Throws<DataFormatException>(() => CsvDatasetReader.Read(path));
        Assert.StartsWith($"CSV file {path}", e.Message, StringComparison.Ordinal);
        Assert.Equal(path, e.FilePath);
    }

    [Fact]
    public void Read_BinaryJunk_IsAFormatError()
    {
        using var dir = new TempDir();
        var path = dir.File("junk.csv");
        File.WriteAllBytes(path, [0x1F, 0x8B, 0x08, 0x00, 0xFF, 0x00, 0x2C, 0x0A, 0xC3, 0x28, 0x2C, 0x31, 0x0A]);
        var e = Assert.ThrowsAny<ArgumentException>(() => CsvDatasetReader.Read(path));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fuzz_MutatedFiles_OnlyRaiseFormatErrorsNamingTheFile()
    {
        string dir = Fuzz.ScratchDirectory("descent-csvfuzz-");
        try
        {
            FuzzIn(dir);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static void FuzzIn(string dir)
    {
        var original = Encoding.UTF8.GetBytes(Valid);
        var rng = Fuzz.Seeded(31);
        int accepted = 0, rejected = 0;
        for (int c = 0, cases = Fuzz.Iterations(3000); c < cases; c++)
        {
            var bytes = rng.NextInt(3) == 0 ? TextMutate(Valid, rng) : Fuzz.Mutate(original, rng, headerBytes: 48);
            var path = Path.Combine(dir, "case.csv");
            File.WriteAllBytes(path, bytes);
            var options = new CsvOptions
            {
                Target = rng.NextInt(4) == 0 ? "species" : null,
                Task = (CsvTask)rng.NextInt(3),
                Separator = rng.NextInt(5) == 0 ? null : ',',
                DType = rng.NextInt(4) == 0 ? DType.Float64 : DType.Float32,
            };
            TensorDataset d;
            try
            {
                d = CsvDatasetReader.Read(path, options);
            }
            catch (ArgumentException e)
            {
                rejected++;
                Assert.True(e.Message.Contains(path, StringComparison.Ordinal), $"case {c}: the message does not name the file: {e.Message}");
                continue;
            }
#pragma warning disable CA1031 // The point of the test: report any other exception with the input that caused it.
            catch (Exception e)
#pragma warning restore CA1031
            {
                Assert.Fail($"case {c}: {e.GetType().Name} escaped: {e.Message} (bytes {Convert.ToHexString(bytes)})");
                return;
            }

            accepted++;
            Assert.Equal(2, d.Features.Rank);
            Assert.Equal(d.Count, d.Features.Shape[0]);
            Assert.Equal(d.Count, d.Targets.Shape[0]);
            Assert.All(d.Features.ToArray(), v => Assert.True(double.IsFinite(v), $"case {c}: a feature is {v}"));
            Assert.All(d.Targets.ToArray(), v => Assert.True(double.IsFinite(v), $"case {c}: a target is {v}"));
            if (d.ClassCount > 0)
            {
                Assert.All(d.Labels.ToArray(), l => Assert.InRange(l, 0, d.ClassCount - 1));
            }
        }

        Assert.True(rejected > 500, $"only {rejected} mutations were rejected");
        Assert.True(accepted > 300, $"only {accepted} mutations were accepted");
    }

    /// <summary>Edits that respect the text: separators, quotes, line breaks, signs and exponents where they do the most damage.</summary>
    private static byte[] TextMutate(string text, Rng rng)
    {
        const string Pieces = ",\"\n\r;\t-+eE.0 9x";
        var sb = new StringBuilder(text);
        int edits = 1 + rng.NextInt(3);
        for (int k = 0; k < edits; k++)
        {
            int pos = rng.NextInt(sb.Length + 1);
            char ch = Pieces[rng.NextInt(Pieces.Length)];
            switch (rng.NextInt(3))
            {
                case 0:
                    sb.Insert(pos, ch);
                    break;
                case 1 when pos < sb.Length:
                    sb[pos] = ch;
                    break;
                default:
                    if (pos < sb.Length)
                    {
                        sb.Remove(pos, 1);
                    }

                    break;
            }
        }

        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private static string Write(TempDir dir, string text, string name = "data.csv")
    {
        var path = dir.File(name);
        File.WriteAllText(path, text);
        return path;
    }
}
