using Descent.NN;

namespace Descent.Tests.NN;

public sealed class ModelSpecDropoutTests
{
    private static Module Build(string spec, ulong seed) => ModelSpec.Build(spec, new Shape(2), 2, Rng.ForStream(seed, 11));

    private static Dropout[] Dropouts(Module model) => model.NamedModules().Select(m => m.Module).OfType<Dropout>().ToArray();

    /// <summary>The mask a dropout layer draws next, as the output of ones (0 or 1/(1 − p)).</summary>
    private static float[] NextMask(Dropout d) => d.Forward(Tensor.Ones(new Shape(4, 64))).ToFloatArray();

    [Fact]
    public void Mlp_WithDropout_PutsOneLayerAfterEachHiddenActivation()
    {
        var model = Build("mlp:2-8-8-2,dropout=0.25", 0);

        var names = model.NamedModules().Select(m => m.Module.GetType().Name).Where(n => n != nameof(Sequential)).ToArray();
        Assert.Equal(["Flatten", "Linear", "ReLU", "Dropout", "Linear", "ReLU", "Dropout", "Linear"], names);
        Assert.All(Dropouts(model), d => Assert.Equal(0.25, d.P));
    }

    [Fact]
    public void Mlp_SameSeed_GivesTheSameDropoutMasks()
    {
        var a = Dropouts(Build("mlp:2-8-8-2,dropout=0.5", 3));
        var b = Dropouts(Build("mlp:2-8-8-2,dropout=0.5", 3));

        for (int i = 0; i < a.Length; i++)
        {
            Assert.Equal(a[i].Generator.GetState().Seed, b[i].Generator.GetState().Seed);
            Assert.Equal(NextMask(a[i]), NextMask(b[i]));
        }
    }

    [Fact]
    public void Mlp_AnotherSeed_GivesOtherDropoutMasks()
    {
        var a = Dropouts(Build("mlp:2-8-8-2,dropout=0.5", 3));
        var b = Dropouts(Build("mlp:2-8-8-2,dropout=0.5", 4));

        for (int i = 0; i < a.Length; i++)
        {
            Assert.NotEqual(NextMask(a[i]), NextMask(b[i]));
        }
    }

    [Fact]
    public void Mlp_DropoutLayers_HaveDistinctStreams()
    {
        var layers = Dropouts(Build("mlp:2-8-8-8-2,dropout=0.5", 3));

        Assert.Equal(3, layers.Length);
        Assert.Equal(3, layers.Select(d => d.Generator.GetState().Seed).Distinct().Count());
        Assert.Equal(3, layers.Select(d => string.Join(",", NextMask(d))).Distinct().Count());
    }

    [Fact]
    public void Mlp_Dropout_DoesNotChangeTheInitialWeights()
    {
        var plain = Build("mlp:2-8-8-2", 9).Parameters().Select(p => p.ToFloatArray()).ToArray();
        var withDropout = Build("mlp:2-8-8-2,dropout=0.5", 9).Parameters().Select(p => p.ToFloatArray()).ToArray();

        Assert.Equal(plain, withDropout);
    }

    [Fact]
    public void Mlp_DropoutZero_AddsNoLayer()
    {
        Assert.Empty(Dropouts(Build("mlp:2-8-2,dropout=0", 0)));
    }
}
