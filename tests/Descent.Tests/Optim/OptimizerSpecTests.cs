using Descent.Optim;

namespace Descent.Tests.Optim;

public class OptimizerSpecTests
{
    private static Tensor[] Ps() => [Tensor.FromArray([1.0, 2.0], 2).RequireGrad()];

    [Fact]
    public void Parse_NameAndPairs_GivesTypedValues()
    {
        var s = OptimizerSpec.Parse("adam:lr=0.01,beta1=0.9,amsgrad=true,init=first_grad");
        Assert.Equal("adam", s.Name);
        Assert.Equal(HyperValue.Number(0.01), s.Values["lr"]);
        Assert.Equal(HyperValue.Boolean(true), s.Values["amsgrad"]);
        Assert.Equal(HyperValue.Choice("first_grad"), s.Values["init"]);
        Assert.Equal(["lr", "beta1", "amsgrad", "init"], s.Keys);
    }

    [Fact]
    public void Parse_SemicolonList_GivesNumbers()
    {
        var s = OptimizerSpec.Parse("rprop:etas=0.4;1.3");
        Assert.Equal([0.4, 1.3], s.Lists["etas"]);
    }

    [Fact]
    public void Parse_NameOnly_HasNoValues() => Assert.Empty(OptimizerSpec.Parse(" SGD ").Keys);

    [Fact]
    public void ToString_RoundTrips()
    {
        const string text = "adam:lr=0.001,betas=0.9;0.99,amsgrad=false";
        Assert.Equal(text, OptimizerSpec.Parse(text).ToString());
    }

    [Theory]
    [InlineData("", "has no name")]
    [InlineData(":lr=1", "has no name")]
    [InlineData("adam:lr", "expected key=value, got \"lr\"")]
    [InlineData("adam:lr=0.1,lr=0.2", "key \"lr\" is given more than once")]
    [InlineData("adam:lr=0.0.1", "malformed number \"0.0.1\" for key \"lr\"")]
    [InlineData("adam:betas=0.9;x", "malformed number \"x\" for key \"betas\"")]
    [InlineData("adam:lr=", "key \"lr\" has no value")]
    public void Parse_Malformed_ThrowsNamingTheProblem(string spec, string fragment) =>
        Assert.Contains(fragment, Assert.Throws<ArgumentException>(() => OptimizerSpec.Parse(spec)).Message, StringComparison.Ordinal);

    [Fact]
    public void Create_UnknownOptimizer_SuggestsAndListsValidNames()
    {
        var e = Assert.Throws<ArgumentException>(() => OptimizerRegistry.Create("adma", Ps()));
        Assert.StartsWith("unknown optimizer \"adma\"; did you mean \"adam\"? Valid: gd, sgd, momentum", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_UnknownKey_SuggestsAndListsValidKeys()
    {
        var e = Assert.Throws<ArgumentException>(() => OptimizerRegistry.Create("adam:betas1=0.9", Ps()));
        Assert.StartsWith("unknown hyperparameter \"betas1\" for adam; did you mean \"beta1\"? Valid: lr, beta1, beta2, eps", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("adam:amsgrad=1", "amsgrad expects true or false, got \"1\"")]
    [InlineData("adam:lr=true", "lr expects a number, got \"true\"")]
    [InlineData("lbfgs:max_iter=2.5", "max_iter expects a whole number, got \"2.5\"")]
    [InlineData("rmsprop:init=frist_grad", "invalid value \"frist_grad\" for init; did you mean \"first_grad\"? Valid: zero, first_grad")]
    [InlineData("adam:betas=0.9", "\"betas\" expects 2 values separated by ';' (beta1;beta2)")]
    [InlineData("adam:betas=0.9;0.99;0.5", "\"betas\" expects 2 values separated by ';' (beta1;beta2), got 3")]
    [InlineData("adam:betas=0.9;0.99,beta1=0.8", "\"beta1\" is set twice")]
    [InlineData("adam:lr=0.1;0.2", "key \"lr\" takes one value, got a list")]
    public void Create_BadValue_ThrowsNamingKeyAndExpectation(string spec, string fragment) =>
        Assert.Contains(fragment, Assert.Throws<ArgumentException>(() => OptimizerRegistry.Create(spec, Ps())).Message, StringComparison.Ordinal);

    [Fact]
    public void Create_Spec_SetsGroupValuesAndDefaults()
    {
        var opt = OptimizerRegistry.Create("ADAM:LR=0.01,amsgrad=true,betas=0.8;0.99", Ps());
        Assert.IsType<Adam>(opt);
        var g = opt.ParamGroups[0];
        Assert.Equal(0.01, g.Lr);
        Assert.True(g.Flag("amsgrad"));
        Assert.Equal(0.8, g["beta1"]);
        Assert.Equal(0.99, g["beta2"]);
        Assert.Equal(1e-8, g["eps"]);
    }

    [Fact]
    public void Create_IntegerKeysAndDerivedDefault_Resolve()
    {
        var opt = OptimizerRegistry.Create("lbfgs:max_iter=8,history_size=5", Ps());
        Assert.Equal(10, opt.ParamGroups[0]["max_eval"]);
        Assert.Equal(HyperValue.Integer(5), opt.ParamGroups[0].Hyperparameters["history_size"]);
    }

    [Fact]
    public void Registry_ListsEveryOptimizerOnce()
    {
        Assert.Equal(16, OptimizerRegistry.Names.Count);
        Assert.Equal(OptimizerRegistry.Names.Count, OptimizerRegistry.Names.Distinct().Count());
        Assert.Contains("lion", OptimizerRegistry.Names);
    }
}

public class HyperValueTests
{
    [Theory]
    [InlineData(1e-8, "1e-8")]
    [InlineData(1.5e20, "1.5e+20")]
    [InlineData(0.001, "0.001")]
    [InlineData(50.0, "50")]
    [InlineData(-2.5e-10, "-2.5e-10")]
    public void ToString_Number_IsShortestRoundTripWithPlainExponent(double value, string expected)
    {
        Assert.Equal(expected, HyperValue.Number(value).ToString());
        Assert.Equal(value, OptimizerSpec.Parse("adam:lr=" + expected).Values["lr"].AsNumber());
    }

    [Fact]
    public void Kinds_ConvertAndCompare()
    {
        HyperValue b = true, i = 3, s = "strong_wolfe", d = 0.5;
        Assert.True(b.AsBoolean());
        Assert.Equal(3L, i.AsInteger());
        Assert.Equal("strong_wolfe", s.AsChoice());
        Assert.Equal(0.5, d.AsNumber());
        Assert.NotEqual(HyperValue.Integer(1), HyperValue.Number(1));
        Assert.Throws<InvalidOperationException>(() => b.AsNumber());
    }
}
