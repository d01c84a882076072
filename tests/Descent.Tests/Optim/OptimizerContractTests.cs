using Descent.Optim;

namespace Descent.Tests.Optim;

/// <summary>Behaviour every registered optimizer must have (torch's OptimizerInfo-driven suite).</summary>
public class OptimizerContractTests
{
    public static IEnumerable<object[]> Names => OptimizerRegistry.Names.Select(n => new object[] { n });

    public static IEnumerable<object[]> NamesWithMaximize =>
        OptimizerRegistry.All.Where(i => i.Find("maximize") != null).Select(i => new object[] { i.Name });

    private static readonly double[] Curvature = [1.0, 2.0, 3.0, 0.5, 1.5, 2.5, 4.0];

    /// <summary>A spec that moves parameters visibly in a few steps (and decays weights where the optimizer can).</summary>
    internal static string SpecFor(string name)
    {
        var info = OptimizerRegistry.Get(name);
        var keys = new List<string> { "lr=" + (name is "lbfgs" ? "0.5" : name is "adadelta" ? "1" : "0.05") };
        if (info.Find("weight_decay") != null)
        {
            keys.Add("weight_decay=0.1");
        }

        if (name == "lbfgs")
        {
            // Few iterations per step, so that it has not converged after a couple of steps.
            keys.Add("max_iter=2");
        }

        if (info.Find("momentum") != null && name != "rmsprop")
        {
            keys.Add("momentum=0.9");
        }

        return name + ":" + string.Join(",", keys);
    }

    internal static Tensor[] Params(DType dtype = DType.Float64)
    {
        var a = Tensor.FromArray([1.0, -2.0, 3.0], new Shape(3), dtype).RequireGrad();
        a.Name = "a";
        var b = Tensor.FromArray([0.5, -1.5, 2.5, -0.25], new Shape(2, 2), dtype).RequireGrad();
        b.Name = "b";
        return [a, b];
    }

    /// <summary>Sets g = c ⊙ x + 0.1 (times <paramref name="sign"/>) on the given parameters.</summary>
    internal static void SetGrads(IEnumerable<Tensor> ps, double sign = 1)
    {
        int k = 0;
        foreach (var p in ps)
        {
            var x = p.ToArray();
            var g = new double[x.Length];
            for (int i = 0; i < x.Length; i++)
            {
                g[i] = sign * ((Curvature[k++ % Curvature.Length] * x[i]) + 0.1);
            }

            p.Grad = Tensor.FromArray(g, p.Shape, p.DType);
        }
    }

    /// <summary>Advances <paramref name="steps"/> steps, through a closure when the optimizer needs one.</summary>
    internal static void Advance(Optimizer opt, Tensor[] withGrad, int steps, double sign = 1)
    {
        for (int s = 0; s < steps; s++)
        {
            if (opt.Info.RequiresClosure)
            {
                opt.Step(() =>
                {
                    SetGrads(withGrad, sign);
                    return withGrad.Sum(p => p.ToArray().Sum(x => x * x));
                });
            }
            else
            {
                SetGrads(withGrad, sign);
                opt.Step();
            }
        }
    }

    private static double[] Flat(Tensor[] ps) => ps.SelectMany(p => p.ToArray()).ToArray();

    [Theory]
    [MemberData(nameof(Names))]
    public void Step_ParameterWithoutGradient_IsSkippedEntirely(string name)
    {
        var ps = Params();
        var before = ps[1].ToArray();
        var opt = OptimizerRegistry.Create(SpecFor(name), ps);
        Advance(opt, [ps[0]], 3);
        Assert.Null(ps[1].Grad);
        Assert.Equal(before, ps[1].ToArray());
        Assert.Null(opt.GetState(ps[1]));
        Assert.Equal(3, opt.StepCount);
        Assert.NotEqual([1.0, -2.0, 3.0], ps[0].ToArray());
        if (opt is ElementwiseOptimizer)
        {
            Assert.Equal(3, opt.GetState(ps[0])!.Step);
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Lr_SetBeforeFirstStep_EqualsConstructingWithIt(string name)
    {
        var ps1 = Params();
        var ps2 = Params();
        var a = OptimizerRegistry.Create(SpecFor(name), ps1);
        var b = OptimizerRegistry.Create(SpecFor(name).Replace("lr=", "lr=3", StringComparison.Ordinal), ps2);
        b.ParamGroups[0].Lr = a.ParamGroups[0].Lr;
        Advance(a, ps1, 4);
        Advance(b, ps2, 4);
        Assert.Equal(Flat(ps1), Flat(ps2));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Lr_ChangedBetweenSteps_ChangesTheNextStep(string name)
    {
        if (name == "rprop")
        {
            // Rprop's per-element step sizes start at lr when its state is created; later lr changes are ignored, as in torch.
            return;
        }

        var ps1 = Params();
        var ps2 = Params();
        var a = OptimizerRegistry.Create(SpecFor(name), ps1);
        var b = OptimizerRegistry.Create(SpecFor(name), ps2);
        Advance(a, ps1, 2);
        Advance(b, ps2, 2);
        Assert.Equal(Flat(ps1), Flat(ps2));
        b.SetHyperparameter(0, "lr", b.GetHyperparameter(0, "lr") * 0.5);
        Advance(a, ps1, 1);
        Advance(b, ps2, 1);
        Assert.NotEqual(Flat(ps1), Flat(ps2));
    }

    [Theory]
    [MemberData(nameof(NamesWithMaximize))]
    public void Maximize_OnNegatedObjective_MirrorsMinimizeBitForBit(string name)
    {
        var ps1 = Params();
        var ps2 = Params();
        var min = OptimizerRegistry.Create(SpecFor(name), ps1);
        var max = OptimizerRegistry.Create(SpecFor(name) + ",maximize=true", ps2);
        Advance(min, ps1, 5);
        Advance(max, ps2, 5, sign: -1);
        Assert.Equal(Flat(ps1), Flat(ps2));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void StateDict_RoundTripMidRun_ContinuesBitForBit(string name)
    {
        var ps = Params();
        var opt = OptimizerRegistry.Create(SpecFor(name), ps);
        Advance(opt, ps, 3);
        var saved = opt.StateDict();
        var resumed = ps.Select(p =>
        {
            var c = Tensor.FromArray(p.ToArray(), p.Shape, p.DType).RequireGrad();
            c.Name = p.Name;
            return c;
        }).ToArray();
        Advance(opt, ps, 4);

        // Through the binary checkpoint format as well.
        using var stream = new MemoryStream();
        saved.Save(stream);
        stream.Position = 0;
        var opt2 = OptimizerRegistry.Create(SpecFor(name).Replace("lr=", "lr=7", StringComparison.Ordinal), resumed);
        opt2.LoadStateDict(OptimizerStateDict.Load(stream));
        Assert.Equal(opt.ParamGroups[0].Lr, opt2.ParamGroups[0].Lr);
        Advance(opt2, resumed, 4);
        Assert.Equal(Flat(ps), Flat(resumed));
        Assert.Equal(opt.StepCount, opt2.StepCount);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Run_Repeated_IsDeterministic(string name)
    {
        var ps1 = Params(DType.Float32);
        var ps2 = Params(DType.Float32);
        Advance(OptimizerRegistry.Create(SpecFor(name), ps1), ps1, 6);
        Advance(OptimizerRegistry.Create(SpecFor(name), ps2), ps2, 6);
        Assert.Equal(Flat(ps1), Flat(ps2));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Step_WithNonFiniteGradientAndGuard_SkipsBeforeTouchingState(string name)
    {
        var ps = Params();
        var opt = OptimizerRegistry.Create(SpecFor(name), ps);
        opt.SkipNonFiniteSteps = true;
        Advance(opt, ps, 2);
        var snapshot = opt.StateDict();
        var before = Flat(ps);
        void Poison()
        {
            SetGrads(ps);
            ps[1].Grad![2] = double.NaN;
        }

        if (opt.Info.RequiresClosure)
        {
            opt.Step(() =>
            {
                Poison();
                return 1.0;
            });
        }
        else
        {
            Poison();
            opt.Step();
        }

        Assert.Equal(before, Flat(ps));
        Assert.Equal(2, opt.StepCount);
        Assert.Equal(1, opt.SkippedSteps);
        Assert.Contains("\"b\"", opt.LastSkipReason, StringComparison.Ordinal);
        Assert.Contains("NaN at element 2", opt.LastSkipReason, StringComparison.Ordinal);
        var after = opt.StateDict();
        foreach (var (key, entry) in snapshot.State)
        {
            Assert.Equal(entry.Step, after.State[key].Step);
            foreach (var (buffer, t) in entry.Buffers)
            {
                Assert.Equal(t.ToArray(), after.State[key].Buffers[buffer].ToArray());
            }
        }

        Advance(opt, ps, 1);
        Assert.Null(opt.LastSkipReason);
        Assert.Equal(3, opt.StepCount);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Constructor_NegativeLr_ThrowsTorchMessage(string name)
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => OptimizerRegistry.Create(name + ":lr=-0.1", Params()));
        Assert.StartsWith("Invalid learning rate: -0.1", e.Message, StringComparison.Ordinal);
        Assert.Equal("lr", e.ParamName);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Constructor_EmptyParameterList_ThrowsTorchMessage(string name)
    {
        var e = Assert.Throws<ArgumentException>(() => OptimizerRegistry.Create(name, []));
        Assert.StartsWith("optimizer got an empty parameter list", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Constructor_DuplicateParameter_ThrowsTorchMessage(string name)
    {
        var p = Params()[0];
        var e = Assert.Throws<ArgumentException>(() => OptimizerRegistry.Create(name, [p, p]));
        Assert.StartsWith("optimizer contains a parameter group with duplicate parameters", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void SetHyperparameter_InvalidValue_ThrowsAndKeepsTheOldValue(string name)
    {
        var opt = OptimizerRegistry.Create(name, Params());
        double lr = opt.GetHyperparameter(0, "lr");
        var e = Assert.ThrowsAny<ArgumentException>(() => opt.SetHyperparameter(0, "lr", double.NaN));
        Assert.StartsWith("Invalid learning rate: nan", e.Message, StringComparison.Ordinal);
        Assert.Equal(lr, opt.ParamGroups[0].Lr);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Info_DefaultsAreTheConstructedValues(string name)
    {
        var info = OptimizerRegistry.Get(name);
        var opt = info.Create(Params());
        foreach (var h in info.Hyperparameters)
        {
            Assert.Equal(h.Default, opt.ParamGroups[0].Hyperparameters[h.Name]);
        }

        Assert.Equal(info.Hyperparameters.Count, opt.ParamGroups[0].Hyperparameters.Count);
        Assert.False(string.IsNullOrWhiteSpace(info.Formula));
        Assert.False(string.IsNullOrWhiteSpace(info.Summary));
    }
}
