using Descent.Optim;

namespace Descent.Tests.Optim;

public class HyperparameterHostTests
{
    private static Tensor[] Ps() => [Tensor.FromArray([1.0, 2.0], 2).RequireGrad()];

    [Fact]
    public void Host_ExposesNumericHyperparametersOnly()
    {
        IHyperparameterHost host = new Adam(Ps(), lr: 0.01);
        Assert.Equal(1, host.GroupCount);
        Assert.True(host.HasHyperparameter(0, "beta1"));
        Assert.False(host.HasHyperparameter(0, "amsgrad"));
        Assert.False(host.HasHyperparameter(0, "nope"));
        Assert.Equal(0.01, host.GetHyperparameter(0, "lr"));
    }

    [Fact]
    public void SetHyperparameter_ValidValue_IsUsedByTheNextStep()
    {
        var opt = new Sgd(Ps(), lr: 0.1);
        opt.SetHyperparameter(0, "lr", 0.5);
        var p = opt.ParamGroups[0].Params[0];
        p.Grad = Tensor.FromArray([1.0, 1.0], 2);
        opt.Step();
        Assert.Equal([0.5, 1.5], p.ToArray());
    }

    [Fact]
    public void SetHyperparameter_CrossFieldRuleBroken_IsRejected()
    {
        var opt = new Sgd(Ps(), lr: 0.1, momentum: 0.9, nesterov: true);
        Assert.StartsWith("Nesterov momentum requires", Assert.Throws<ArgumentException>(() => opt.SetHyperparameter(0, "momentum", 0)).Message, StringComparison.Ordinal);
        Assert.Equal(0.9, opt.ParamGroups[0]["momentum"]);
    }

    [Fact]
    public void GetHyperparameter_UnknownName_SuggestsNumericKeys()
    {
        var e = Assert.Throws<ArgumentException>(() => new Adam(Ps()).GetHyperparameter(0, "betta2"));
        Assert.StartsWith("adam has no numeric hyperparameter \"betta2\"; did you mean \"beta2\"?", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetHyperparameter_MissingGroup_IsOutOfRange() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new Adam(Ps()).GetHyperparameter(1, "lr"));

    [Fact]
    public void AddParamGroup_UnspecifiedKeys_TakeConstructorValues()
    {
        var opt = new Adam(Ps(), lr: 0.01, beta1: 0.8);
        opt.AddParamGroup([Tensor.FromArray([1.0], 1)], new Dictionary<string, HyperValue> { ["lr"] = 0.5 });
        Assert.Equal(0.5, opt.ParamGroups[1].Lr);
        Assert.Equal(0.8, opt.ParamGroups[1]["beta1"]);
        Assert.Equal(0.01, opt.ParamGroups[0].Lr);
    }

    [Fact]
    public void ZeroGrad_Default_SetsGradientsToNull()
    {
        var ps = Ps();
        var opt = new Sgd(ps);
        ps[0].Grad = Tensor.FromArray([1.0, 2.0], 2);
        opt.ZeroGrad();
        Assert.Null(ps[0].Grad);
    }

    [Fact]
    public void ZeroGrad_NotToNull_ZeroesInPlace()
    {
        var ps = Ps();
        var opt = new Sgd(ps);
        var g = Tensor.FromArray([1.0, 2.0], 2);
        ps[0].Grad = g;
        opt.ZeroGrad(setToNull: false);
        Assert.Same(g, ps[0].Grad);
        Assert.Equal([0.0, 0.0], g.ToArray());
    }

    [Fact]
    public void Step_ClosureReturningTensor_ReturnsItsValue()
    {
        var p = Tensor.FromArray([3.0], 1).RequireGrad();
        var opt = new Sgd([p], lr: 0.1);
        double loss = opt.Step(() =>
        {
            opt.ZeroGrad();
            var l = (p * p).Sum();
            l.Backward();
            return l;
        });
        Assert.Equal(9.0, loss);
        Assert.Equal(3.0 - (0.1 * 6.0), p[0], 15);
    }

    [Fact]
    public void ToString_ListsGroupsAndValues()
    {
        var text = new Adam(Ps(), lr: 0.01).ToString();
        Assert.Contains("adam (", text, StringComparison.Ordinal);
        Assert.Contains("lr: 0.01", text, StringComparison.Ordinal);
    }
}
