using System.Text.Json;
using Descent.NN;

namespace Descent.Tests.NN;

/// <summary>Every layer's forward output, input gradient, parameter gradients and state updates against PyTorch
/// (tests/fixtures/nn/gen_nn_fixtures.py, float64).</summary>
public class LayerParityTests
{
    private static readonly Lazy<Dictionary<string, JsonElement>> Cases = new(() =>
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(TestUtil.FixturePath("nn", "nn_fixtures.json")));
        return doc.RootElement.GetProperty("cases").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => c.Clone());
    });

    public static TheoryData<string> Names => new(
        "linear", "linear_3d", "conv2d", "conv2d_stride_pad", "conv2d_no_bias", "maxpool2d", "maxpool2d_stride1_pad", "avgpool2d",
        "avgpool2d_pad", "batchnorm1d_train", "batchnorm2d_train", "batchnorm2d_eval", "relu", "leaky_relu", "tanh", "sigmoid", "gelu", "flatten");

    [Theory]
    [MemberData(nameof(Names))]
    public void Layer_MatchesTorch_ForwardBackwardAndState(string name)
    {
        var c = Cases.Value[name];
        var module = Build(name);
        module.LoadStateDict(ReadDict(c.GetProperty("state")));
        module.Train(c.GetProperty("train").GetBoolean());
        var x = Read(c.GetProperty("input")).RequireGrad();
        var y = module.Forward(x);
        AssertTensor(Read(c.GetProperty("output")), y, $"{name} output");
        (y * Read(c.GetProperty("upstream"))).Sum().Backward();
        AssertTensor(Read(c.GetProperty("input_grad")), x.Grad!, $"{name} input grad");
        var grads = ReadDict(c.GetProperty("param_grads"));
        foreach (var (pname, p) in module.NamedParameters())
        {
            AssertTensor(grads[pname], p.Grad!, $"{name} grad of {pname}");
        }

        var after = ReadDict(c.GetProperty("state_after"));
        foreach (var (bname, b) in module.NamedBuffers())
        {
            AssertTensor(after[bname], b, $"{name} buffer {bname}");
        }
    }

    private static Module Build(string name)
    {
        var rng = new Rng(0);
        const DType F64 = DType.Float64;
        return name switch
        {
            "linear" => new Linear(5, 3, rng, dtype: F64),
            "linear_3d" => new Linear(4, 2, rng, dtype: F64),
            "conv2d" => new Conv2d(2, 3, 3, rng, dtype: F64),
            "conv2d_stride_pad" => new Conv2d(3, 4, 3, rng, stride: 2, padding: 1, dtype: F64),
            "conv2d_no_bias" => new Conv2d(1, 2, (2, 3), rng, (1, 1), (0, 0), bias: false, dtype: F64),
            "maxpool2d" => new MaxPool2d(2),
            "maxpool2d_stride1_pad" => new MaxPool2d(3, 1, 1),
            "avgpool2d" => new AvgPool2d(2),
            "avgpool2d_pad" => new AvgPool2d(3, 2, 1),
            "batchnorm1d_train" => new BatchNorm1d(4, dtype: F64),
            "batchnorm2d_train" or "batchnorm2d_eval" => new BatchNorm2d(3, dtype: F64),
            "relu" => new ReLU(),
            "leaky_relu" => new LeakyReLU(0.2),
            "tanh" => new Tanh(),
            "sigmoid" => new Sigmoid(),
            "gelu" => new GELU(),
            "flatten" => new Flatten(),
            _ => throw new ArgumentException(name),
        };
    }

    private static Tensor Read(JsonElement e)
    {
        var shape = e.GetProperty("shape").EnumerateArray().Select(v => v.GetInt32()).ToArray();
        var data = e.GetProperty("data").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        return Tensor.FromArray(data, new Shape(shape), DType.Float64);
    }

    private static Dictionary<string, Tensor> ReadDict(JsonElement e)
    {
        var d = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var p in e.EnumerateObject())
        {
            d[p.Name] = Read(p.Value);
        }

        return d;
    }

    private static void AssertTensor(Tensor expected, Tensor actual, string what)
    {
        Assert.True(expected.Shape == actual.Shape, $"{what}: shape {actual.Shape}, expected {expected.Shape}");
        var e = expected.ToArray();
        var a = actual.ToArray();
        for (int i = 0; i < e.Length; i++)
        {
            Assert.True(Math.Abs(e[i] - a[i]) <= 1e-10 * Math.Max(1, Math.Abs(e[i])), $"{what}[{i}]: expected {e[i]:R}, got {a[i]:R}");
        }
    }
}
