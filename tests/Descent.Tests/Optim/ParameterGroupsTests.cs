using Descent.NN;
using Descent.Optim;

namespace Descent.Tests.Optim;

public class ParameterGroupsTests
{
    private static Sequential Model() => new(new Linear(3, 4, new Rng(0), dtype: DType.Float64), new BatchNorm1d(4, dtype: DType.Float64), new Linear(4, 2, new Rng(1), dtype: DType.Float64));

    [Fact]
    public void NoDecayPreset_PutsBiasesAndNormWeightsInAZeroDecayGroup()
    {
        var model = Model();
        var opt = ParameterGroups.NoDecayForBiasAndNorm("adamw:lr=0.01,weight_decay=0.1", model.NamedParameters());
        Assert.Equal(2, opt.GroupCount);
        Assert.Equal(0.1, opt.GetHyperparameter(0, "weight_decay"));
        Assert.Equal(0.0, opt.GetHyperparameter(1, "weight_decay"));
        Assert.Equal(0.01, opt.GetHyperparameter(1, "lr"));
        Assert.All(opt.ParamGroups[0].Params, p => Assert.Equal(2, p.Rank));
        Assert.Equal(4, opt.ParamGroups[1].Params.Count); // two biases, the norm's weight and bias
    }

    [Fact]
    public void NoDecayPreset_LeavesBiasesUndecayedWhenTheirGradientIsZero()
    {
        var model = Model();
        var opt = ParameterGroups.NoDecayForBiasAndNorm("sgd:lr=0.1,weight_decay=0.5", model.NamedParameters());
        foreach (var p in model.Parameters())
        {
            p.Grad = Tensor.ZerosLike(p);
        }

        var bias = model.NamedParameters().First(p => p.Name == "0.bias").Parameter;
        var weight = model.NamedParameters().First(p => p.Name == "0.weight").Parameter;
        var biasBefore = bias.ToArray();
        var weightBefore = weight.ToArray();
        opt.Step();
        Assert.Equal(biasBefore, bias.ToArray());
        TestUtil.AssertClose(weightBefore.Select(w => w - (0.1 * 0.5 * w)).ToArray(), weight.ToArray(), 1e-15);
    }

    [Fact]
    public void ByNameRule_GroupsByRegexAndKeepsOthersInTheDefaultGroup()
    {
        var model = Model();
        var opt = ParameterGroups.Create("sgd:lr=0.1", model.NamedParameters(), GroupRule.ByName(@"^2\.", new Dictionary<string, HyperValue> { ["lr"] = 0.01 }));
        Assert.Equal(0.1, opt.GetHyperparameter(0, "lr"));
        Assert.Equal(0.01, opt.GetHyperparameter(1, "lr"));
        Assert.Equal(2, opt.ParamGroups[1].Params.Count);
    }

    [Fact]
    public void EveryParameterMatchingARule_StillBuildsAnOptimizer()
    {
        var model = new Sequential(new BatchNorm1d(3, dtype: DType.Float64));
        var opt = ParameterGroups.NoDecayForBiasAndNorm("adamw:weight_decay=0.1", model.NamedParameters());
        Assert.Equal(1, opt.GroupCount);
        Assert.Equal(0.0, opt.GetHyperparameter(0, "weight_decay"));
    }

    [Fact]
    public void SoftmaxModule_NormalisesTheLastDimension()
    {
        var y = new Softmax().Forward(Tensor.FromArray(new[] { 1.0, 2.0, 3.0, 0.0, 0.0, 0.0 }, 2, 3));
        Assert.Equal(1.0, y.Sum(1).ToArray()[0], 14);
        Assert.Equal(1.0 / 3, y.At(1, 2), 14);
    }
}
