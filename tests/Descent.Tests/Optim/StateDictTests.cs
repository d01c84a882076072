using Descent.Optim;

namespace Descent.Tests.Optim;

public class StateDictTests
{
    private static Tensor Named(string? name, params double[] values)
    {
        var t = Tensor.FromArray(values, values.Length).RequireGrad();
        t.Name = name;
        return t;
    }

    private static Adam Stepped(Tensor[] ps, int steps = 2)
    {
        var opt = new Adam(ps, lr: 0.1, amsgrad: true);
        OptimizerContractTests.Advance(opt, ps, steps);
        return opt;
    }

    [Fact]
    public void StateDict_HoldsNamesHyperparametersStepsAndBufferCopies()
    {
        var ps = new[] { Named("w", 1, 2), Named("b", 3) };
        var opt = Stepped(ps);
        var sd = opt.StateDict();
        Assert.Equal("adam", sd.Optimizer);
        Assert.Equal(OptimizerStateDict.CurrentFormatVersion, sd.FormatVersion);
        Assert.Equal(2, sd.StepCount);
        Assert.Equal(["w", "b"], sd.Groups[0].ParamNames);
        Assert.Equal(HyperValue.Boolean(true), sd.Groups[0].Hyperparameters["amsgrad"]);
        Assert.Equal(2, sd.State["w"].Step);
        Assert.Equal(["exp_avg", "exp_avg_sq", "max_exp_avg_sq"], sd.State["w"].Buffers.Keys.Order());
        var saved = sd.State["w"].Buffers["exp_avg"].ToArray();
        OptimizerContractTests.Advance(opt, ps, 1);
        Assert.Equal(saved, sd.State["w"].Buffers["exp_avg"].ToArray());
    }

    [Fact]
    public void StateDict_UnnamedParameters_AreKeyedByPosition()
    {
        var opt = new Sgd([Named(null, 1)], lr: 0.1, momentum: 0.9);
        opt.AddParamGroup([Named(null, 2), Named(null, 3)]);
        OptimizerContractTests.Advance(opt, opt.Parameters.ToArray(), 1);
        var sd = opt.StateDict();
        Assert.Equal(["group1.param0", "group1.param1"], sd.Groups[1].ParamNames);
        Assert.True(sd.State.ContainsKey("group0.param0"));
    }

    [Fact]
    public void StateDict_DuplicateNames_ThrowsAskingForUniqueNames()
    {
        var opt = new Sgd([Named("w", 1), Named("w", 2)], lr: 0.1);
        Assert.Contains("both named \"w\"", Assert.Throws<InvalidOperationException>(opt.StateDict).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadStateDict_TakesHyperparametersFromTheSnapshot()
    {
        var sd = Stepped([Named("w", 1, 2)]).StateDict();
        var opt = new Adam([Named("w", 1, 2)], lr: 0.5);
        opt.LoadStateDict(sd);
        Assert.Equal(0.1, opt.ParamGroups[0].Lr);
        Assert.Equal(2, opt.StepCount);
    }

    [Fact]
    public void LoadStateDict_OtherOptimizer_ThrowsNamingBoth()
    {
        var sd = new Sgd([Named("w", 1)], lr: 0.1).StateDict();
        var e = Assert.Throws<ArgumentException>(() => new Adam([Named("w", 1)]).LoadStateDict(sd));
        Assert.StartsWith("state dict was saved by optimizer \"sgd\" but this optimizer is \"adam\"", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadStateDict_DifferentGroupCount_ThrowsTorchMessage()
    {
        var sd = Stepped([Named("w", 1, 2)]).StateDict();
        var opt = new Adam([Named("w", 1, 2)], lr: 0.1);
        opt.AddParamGroup([Named("v", 1)]);
        Assert.StartsWith("loaded state dict has a different number of parameter groups (1 saved, 2 in this optimizer)",
            Assert.Throws<ArgumentException>(() => opt.LoadStateDict(sd)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadStateDict_DifferentGroupSize_ThrowsTorchMessage()
    {
        var sd = Stepped([Named("w", 1, 2)]).StateDict();
        Assert.StartsWith("loaded state dict contains a parameter group that doesn't match the size of optimizer's group",
            Assert.Throws<ArgumentException>(() => new Adam([Named("w", 1, 2), Named("b", 1)]).LoadStateDict(sd)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadStateDict_RenamedParameter_ListsMissingAndUnexpectedNames()
    {
        var sd = Stepped([Named("w", 1, 2), Named("b", 3)]).StateDict();
        var e = Assert.Throws<ArgumentException>(() => new Adam([Named("w", 1, 2), Named("bias", 3)]).LoadStateDict(sd));
        Assert.Contains("missing \"bias\"; unexpected \"b\"", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadStateDict_WrongBufferShape_ThrowsNamingBufferAndShapes()
    {
        var sd = Stepped([Named("w", 1, 2)]).StateDict();
        sd.State["w"].Buffers["exp_avg"] = Tensor.Zeros(new Shape(3), DType.Float64);
        var e = Assert.Throws<ArgumentException>(() => new Adam([Named("w", 1, 2)]).LoadStateDict(sd));
        Assert.Contains("state \"exp_avg\" of parameter \"w\" has shape [3] but [2] is expected", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadStateDict_NewerFormat_ThrowsAskingToUpgrade()
    {
        var sd = Stepped([Named("w", 1, 2)]).StateDict();
        sd.FormatVersion = OptimizerStateDict.CurrentFormatVersion + 1;
        Assert.Contains("newer than this library supports", Assert.Throws<ArgumentException>(() => new Adam([Named("w", 1, 2)]).LoadStateDict(sd)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadStateDict_InvalidHyperparameterInSnapshot_IsRejectedAndNothingChanges()
    {
        var sd = Stepped([Named("w", 1, 2)]).StateDict();
        sd.Groups[0].Hyperparameters["lr"] = -1.0;
        var opt = new Adam([Named("w", 1, 2)], lr: 0.3);
        Assert.StartsWith("Invalid learning rate: -1.0", Assert.ThrowsAny<ArgumentException>(() => opt.LoadStateDict(sd)).Message, StringComparison.Ordinal);
        Assert.Equal(0.3, opt.ParamGroups[0].Lr);
        Assert.Equal(0, opt.StepCount);
    }

    [Fact]
    public void LoadStateDict_Float64SnapshotIntoFloat32Parameters_CastsBuffers()
    {
        var sd = Stepped([Named("w", 1, 2)]).StateDict();
        var w = Tensor.FromArray([1f, 2f], 2).RequireGrad();
        w.Name = "w";
        var opt = new Adam([w]);
        opt.LoadStateDict(sd);
        Assert.Equal(DType.Float32, opt.GetState(w)!.Buffers["exp_avg"].DType);
    }

    [Fact]
    public void Components_AreSavedAndRestoredWithTheOptimizer()
    {
        var opt = Stepped([Named("w", 1, 2)]);
        var counter = new Counter { Value = 7 };
        opt.Attach(counter);
        var sd = opt.StateDict();
        Assert.Equal(7, sd.Components["counter"]["value"]);

        var opt2 = new Adam([Named("w", 1, 2)]);
        var restored = new Counter();
        opt2.Attach(restored);
        opt2.LoadStateDict(sd);
        Assert.Equal(7, restored.Value);
    }

    [Fact]
    public void Components_MissingOrUnattached_AreErrors()
    {
        var withComponent = Stepped([Named("w", 1, 2)]);
        withComponent.Attach(new Counter());
        var sdWith = withComponent.StateDict();
        Assert.Contains("not attached", Assert.Throws<ArgumentException>(() => new Adam([Named("w", 1, 2)]).LoadStateDict(sdWith)).Message, StringComparison.Ordinal);

        var sdWithout = Stepped([Named("w", 1, 2)]).StateDict();
        var opt = new Adam([Named("w", 1, 2)]);
        opt.Attach(new Counter());
        Assert.Contains("no state for the attached component \"counter\"", Assert.Throws<ArgumentException>(() => opt.LoadStateDict(sdWithout)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => opt.Attach(new Counter()));
    }

    [Fact]
    public void SaveLoad_BinaryFormat_RoundTripsEverything()
    {
        var opt = Stepped([Named("w", 1, 2), Named("b", 3)], steps: 3);
        opt.Attach(new Counter { Value = 3 });
        var sd = opt.StateDict();
        using var ms = new MemoryStream();
        sd.Save(ms);
        ms.Position = 0;
        var back = OptimizerStateDict.Load(ms);
        Assert.Equal(sd.Optimizer, back.Optimizer);
        Assert.Equal(sd.StepCount, back.StepCount);
        Assert.Equal(sd.Groups[0].Hyperparameters, back.Groups[0].Hyperparameters);
        Assert.Equal(sd.Groups[0].ParamNames, back.Groups[0].ParamNames);
        Assert.Equal(sd.State["b"].Buffers["max_exp_avg_sq"].ToArray(), back.State["b"].Buffers["max_exp_avg_sq"].ToArray());
        Assert.Equal(3, back.Components["counter"]["value"]);
    }

    [Fact]
    public void Load_NotACheckpoint_ThrowsBadHeader()
    {
        using var ms = new MemoryStream("hello, this is not a checkpoint"u8.ToArray());
        Assert.Contains("bad header", Assert.Throws<ArgumentException>(() => OptimizerStateDict.Load(ms)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_Truncated_ThrowsTruncated()
    {
        using var ms = new MemoryStream();
        Stepped([Named("w", 1, 2)]).StateDict().Save(ms);
        using var cut = new MemoryStream(ms.ToArray()[..(int)(ms.Length / 2)]);
        Assert.Contains("truncated", Assert.Throws<ArgumentException>(() => OptimizerStateDict.Load(cut)).Message, StringComparison.Ordinal);
    }

    private sealed class Counter : IStateComponent
    {
        public double Value { get; set; }

        public string StateKey => "counter";

        public IReadOnlyDictionary<string, double> SaveState() => new Dictionary<string, double> { ["value"] = Value };

        public void LoadState(IReadOnlyDictionary<string, double> state) => Value = state["value"];
    }
}
