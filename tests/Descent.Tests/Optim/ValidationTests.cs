using Descent.Optim;

namespace Descent.Tests.Optim;

/// <summary>Hyperparameter validation with PyTorch's exact wording (reference-numerics §1.4), numbers printed as Python does.</summary>
public class ValidationTests
{
    private static Tensor[] Ps() => [Tensor.FromArray([1.0, 2.0], 2).RequireGrad()];

    [Theory]
    [InlineData("sgd:lr=-0.1", "Invalid learning rate: -0.1", "lr")]
    [InlineData("sgd:momentum=-1", "Invalid momentum value: -1.0", "momentum")]
    [InlineData("sgd:weight_decay=-0.5", "Invalid weight_decay value: -0.5", "weight_decay")]
    [InlineData("sgd:nesterov=true", "Nesterov momentum requires a momentum and zero dampening", "nesterov")]
    [InlineData("sgd:nesterov=true,momentum=0.9,dampening=0.1", "Nesterov momentum requires a momentum and zero dampening", "nesterov")]
    [InlineData("adam:eps=-1e-8", "Invalid epsilon value: -1e-08", "eps")]
    [InlineData("adam:beta1=1", "Invalid beta parameter at index 0: 1.0", "beta1")]
    [InlineData("adam:beta2=1.0", "Invalid beta parameter at index 1: 1.0", "beta2")]
    [InlineData("adam:betas=0.9;1.5", "Invalid beta parameter at index 1: 1.5", "beta2")]
    [InlineData("adamw:weight_decay=-0.01", "Invalid weight_decay value: -0.01", "weight_decay")]
    [InlineData("adamax:beta1=-0.1", "Invalid beta parameter at index 0: -0.1", "beta1")]
    [InlineData("nadam:momentum_decay=-0.004", "Invalid momentum_decay value: -0.004", "momentum_decay")]
    [InlineData("radam:eps=-1", "Invalid epsilon value: -1.0", "eps")]
    [InlineData("rmsprop:alpha=-0.5", "Invalid alpha value: -0.5", "alpha")]
    [InlineData("rmsprop:momentum=-0.9", "Invalid momentum value: -0.9", "momentum")]
    [InlineData("adagrad:lr_decay=-1", "Invalid lr_decay value: -1.0", "lr_decay")]
    [InlineData("adagrad:initial_accumulator_value=-1", "Invalid initial_accumulator_value value: -1.0", "initial_accumulator_value")]
    [InlineData("adadelta:rho=1.5", "Invalid rho value: 1.5", "rho")]
    [InlineData("rprop:etas=1.5;1.2", "Invalid eta values: 1.5, 1.2", "eta_minus")]
    [InlineData("rprop:step_sizes=1;0.5", "Invalid step_sizes values: 1.0, 0.5", "step_size_min")]
    [InlineData("lion:beta1=1.5", "Invalid beta parameter at index 0: 1.5", "beta1")]
    [InlineData("momentum:gamma=1.5", "Invalid gamma value: 1.5", "gamma")]
    [InlineData("momentum_ema:beta=-0.1", "Invalid beta value: -0.1", "beta")]
    [InlineData("lbfgs:history_size=0", "Invalid history_size value: 0 (must be at least 1)", "history_size")]
    [InlineData("adam:lr=0.00001,eps=-0.0001", "Invalid epsilon value: -0.0001", "eps")]
    public void Create_InvalidHyperparameter_ThrowsPyTorchMessage(string spec, string message, string param)
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => OptimizerRegistry.Create(spec, Ps()));
        Assert.StartsWith(message, e.Message, StringComparison.Ordinal);
        Assert.Equal(param, e.ParamName);
    }

    [Fact]
    public void Constructor_NaNLearningRate_IsRejected() =>
        Assert.StartsWith("Invalid learning rate: nan", Assert.ThrowsAny<ArgumentException>(() => new Adam(Ps(), lr: double.NaN)).Message, StringComparison.Ordinal);

    [Fact]
    public void Constructor_InfiniteLearningRate_IsRejectedThoughTorchAcceptsIt() =>
        Assert.StartsWith("Invalid learning rate: inf", Assert.ThrowsAny<ArgumentException>(() => new Sgd(Ps(), lr: double.PositiveInfinity)).Message, StringComparison.Ordinal);

    [Fact]
    public void Constructor_NonFiniteUncheckedKey_IsRejectedNamingTheKey()
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => new Sgd(Ps(), dampening: double.NegativeInfinity));
        Assert.StartsWith("Invalid dampening value: -inf", e.Message, StringComparison.Ordinal);
        Assert.Equal("dampening", e.ParamName);
    }

    [Fact]
    public void Constructor_NonLeafTensor_ThrowsTorchMessage()
    {
        var x = Tensor.FromArray([1.0, 2.0], 2).RequireGrad();
        var y = x * x;
        Assert.StartsWith("can't optimize a non-leaf Tensor", Assert.Throws<ArgumentException>(() => new Sgd([y])).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddParamGroup_ParameterAlreadyInAGroup_ThrowsTorchMessage()
    {
        var ps = Ps();
        var opt = new Adam(ps);
        var e = Assert.Throws<ArgumentException>(() => opt.AddParamGroup(ps));
        Assert.StartsWith("some parameters appear in more than one parameter group", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddParamGroup_OnLbfgs_ThrowsTorchMessage()
    {
        var opt = new Lbfgs(Ps());
        var e = Assert.Throws<ArgumentException>(() => opt.AddParamGroup([Tensor.FromArray([1.0], 1)]));
        Assert.StartsWith("lbfgs doesn't support per-parameter options (parameter groups)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddParamGroup_UnknownKey_SuggestsTheClosest()
    {
        var opt = new Adam(Ps());
        var e = Assert.Throws<ArgumentException>(() => opt.AddParamGroup([Tensor.FromArray([1.0], 1)], new Dictionary<string, HyperValue> { ["betta1"] = 0.5 }));
        Assert.Contains("did you mean \"beta1\"?", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Group_WrongKindForKey_NamesTheExpectedKind()
    {
        var opt = new Adam(Ps());
        var e = Assert.Throws<ArgumentException>(() => opt.ParamGroups[0].Set("amsgrad", 1.5));
        Assert.Contains("amsgrad expects true or false", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Step_GradientShapeMismatch_ThrowsNamingTheParameter()
    {
        var p = Tensor.FromArray([1.0, 2.0], 2).RequireGrad();
        p.Name = "w";
        var opt = new Sgd([p], lr: 0.1);
        p.Grad = Tensor.FromArray([1.0, 2.0, 3.0], 3);
        var e = Assert.Throws<ArgumentException>(() => opt.Step());
        Assert.Contains("\"w\"", e.Message, StringComparison.Ordinal);
        Assert.Contains("[3]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Lbfgs_MixedDtypes_AreRejected() =>
        Assert.Throws<ArgumentException>(() => new Lbfgs([Tensor.FromArray([1.0], 1), Tensor.FromArray([1f], 1)]));

    [Fact]
    public void Lbfgs_StepWithoutClosure_ThrowsExplainingTheClosure()
    {
        var opt = new Lbfgs(Ps());
        Assert.Contains("Step(closure)", Assert.Throws<InvalidOperationException>(() => opt.Step()).Message, StringComparison.Ordinal);
    }
}
