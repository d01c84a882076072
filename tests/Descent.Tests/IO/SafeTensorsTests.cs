using Descent.IO;

namespace Descent.Tests.IO;

public sealed class SafeTensorsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("descent-st-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Load_ReferenceFileWrittenBySpec_ReadsTensorsAndMetadata()
    {
        var f = SafeTensors.Load(TestUtil.FixturePath("io", "reference.safetensors"));
        Assert.Equal([1.5, -2.0, 0.25, 3.0, 4.5, -0.125], f.Tensors["layer.weight"].ToArray());
        Assert.Equal(new Shape(2, 3), f.Tensors["layer.weight"].Shape);
        Assert.Equal(DType.Float64, f.Tensors["layer.bias"].DType);
        Assert.Equal(Shape.Scalar, f.Tensors["scalar"].Shape);
        Assert.Equal("pt", f.Metadata["format"]);
    }

    [Fact]
    public void SaveLoad_RoundTrip_KeepsValuesShapesDTypesAndMetadata()
    {
        var path = Path.Combine(_dir, "m.safetensors");
        var a = Tensor.Randn(new Shape(3, 4), new Rng(1));
        var b = Tensor.Randn(new Shape(5), new Rng(2), DType.Float64);
        SafeTensors.Save(path, new Dictionary<string, Tensor> { ["a"] = a, ["b"] = b }, new Dictionary<string, string> { ["k"] = "v" });
        var f = SafeTensors.Load(path);
        Assert.Equal(a.ToArray(), f.Tensors["a"].ToArray());
        Assert.Equal(b.ToArray(), f.Tensors["b"].ToArray());
        Assert.Equal("v", f.Metadata["k"]);
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));
    }

    [Fact]
    public void Write_HeaderIsPaddedToEightBytes()
    {
        using var ms = new MemoryStream();
        SafeTensors.Write(ms, new Dictionary<string, Tensor> { ["x"] = Tensor.Ones(3) });
        long headerLength = BitConverter.ToInt64(ms.ToArray(), 0);
        Assert.Equal(0, headerLength % 8);
        Assert.Equal(8 + headerLength + 12, ms.Length);
    }

    [Fact]
    public void Load_HeaderClaimingHugeLength_FailsWithoutAllocating()
    {
        var bytes = Valid();
        BitConverter.GetBytes(1L << 50).CopyTo(bytes, 0);
        var e = Assert.Throws<SafeTensorsFormatException>(() => Read(bytes));
        Assert.Contains("header claims", e.Message, StringComparison.Ordinal);
        Assert.Contains("(at byte 0)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_Truncated_NamesTheProblem()
    {
        var bytes = Valid();
        var e = Assert.Throws<SafeTensorsFormatException>(() => Read(bytes[..^4]));
        Assert.Contains("truncated or trailing bytes", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UnsupportedDType_SaysHowToConvert()
    {
        var bytes = Valid();
        var text = System.Text.Encoding.Latin1.GetString(bytes);
        var fixedText = text.Replace("\"F32\"", "\"I32\"", StringComparison.Ordinal);
        var e = Assert.Throws<SafeTensorsFormatException>(() => Read(System.Text.Encoding.Latin1.GetBytes(fixedText)));
        Assert.Contains("dtype I32", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingFile_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => SafeTensors.Load(Path.Combine(_dir, "nope.safetensors")));
    }

    [Fact]
    public void Fuzz_RandomMutations_OnlyRaiseFormatErrors()
    {
        var valid = Valid();
        var rng = Fuzz.Seeded(2024);
        for (int round = 0, rounds = Fuzz.Iterations(3000); round < rounds; round++)
        {
            var bytes = (byte[])valid.Clone();
            int mutations = 1 + rng.NextInt(4);
            for (int m = 0; m < mutations; m++)
            {
                bytes[rng.NextInt(bytes.Length)] = (byte)rng.NextInt(256);
            }

            if (rng.NextInt(4) == 0)
            {
                bytes = bytes[..rng.NextInt(bytes.Length)];
            }

            try
            {
                Read(bytes);
            }
            catch (SafeTensorsFormatException)
            {
            }
        }
    }

    private static byte[] Valid()
    {
        using var ms = new MemoryStream();
        SafeTensors.Write(ms, new Dictionary<string, Tensor>
        {
            ["w"] = Tensor.FromArray(new[] { 1f, 2f, 3f, 4f }, 2, 2),
            ["b"] = Tensor.FromArray(new[] { 0.5, 1.5 }, 2),
        }, new Dictionary<string, string> { ["m"] = "x" });
        return ms.ToArray();
    }

    private static SafeTensorsFile Read(byte[] bytes)
    {
        using var ms = new MemoryStream(bytes);
        return SafeTensors.Read(ms, bytes.Length, "test.safetensors");
    }
}
