using Descent.Optim;

namespace Descent.Tests.Optim;

/// <summary>Each lecture formulation against its formula written out by hand (f = ½Σaᵢxᵢ², so ∇f = a ⊙ x).</summary>
public class LectureFormulaTests
{
    private static readonly double[] Curvature = [1.0, 4.0, 0.5];
    private static readonly double[] Start = [1.5, -0.5, 2.0];

    private static double[] Grad(double[] x) => x.Select((v, i) => Curvature[i] * v).ToArray();

    private static Tensor Param() => Tensor.FromArray((double[])Start.Clone(), 3).RequireGrad();

    private static void SetGrad(Tensor p) => p.Grad = Tensor.FromArray(Grad(p.ToArray()), 3);

    private static void Run(Optimizer opt, Tensor p, int steps, Func<double[], int, double[]> expectedAfter)
    {
        for (int k = 0; k < steps; k++)
        {
            var before = p.ToArray();
            if (opt.Info.RequiresClosure)
            {
                opt.Step(() =>
                {
                    SetGrad(p);
                    return 0.0;
                });
            }
            else
            {
                SetGrad(p);
                opt.Step();
            }

            TestUtil.AssertClose(expectedAfter(before, k), p.ToArray(), 1e-14);
        }
    }

    [Fact]
    public void Gd_Step_IsXMinusEtaGrad()
    {
        var p = Param();
        Run(new GradientDescent([p], lr: 0.1), p, 5, (x, _) => x.Select((v, i) => v - (0.1 * Grad(x)[i])).ToArray());
    }

    [Fact]
    public void Momentum_Step_KeepsLearningRateInsideVelocity()
    {
        const double eta = 0.1, gamma = 0.9;
        var p = Param();
        var v = new double[3];
        Run(new Momentum([p], lr: eta, gamma: gamma), p, 6, (x, _) =>
        {
            var g = Grad(x);
            for (int i = 0; i < 3; i++)
            {
                v[i] = (gamma * v[i]) + (eta * g[i]);
            }

            return x.Select((xi, i) => xi - v[i]).ToArray();
        });
    }

    [Theory]
    [InlineData("zero")]
    [InlineData("first_grad")]
    public void MomentumEma_Step_IsMovingAverageOfGradients(string init)
    {
        const double eta = 0.1, beta = 0.8;
        var p = Param();
        var m = new double[3];
        Run(new MomentumEma([p], lr: eta, beta: beta, init: init), p, 6, (x, k) =>
        {
            var g = Grad(x);
            for (int i = 0; i < 3; i++)
            {
                m[i] = k == 0 && init == "first_grad" ? g[i] : (beta * m[i]) + ((1 - beta) * g[i]);
            }

            return x.Select((xi, i) => xi - (eta * m[i])).ToArray();
        });
    }

    [Fact]
    public void Nesterov_Step_TakesGradientAtLookAheadPoint()
    {
        const double eta = 0.1, gamma = 0.9;
        var p = Param();
        var v = new double[3];
        Run(new Nesterov([p], lr: eta, gamma: gamma), p, 6, (x, _) =>
        {
            var g = Grad(x.Select((xi, i) => xi - (gamma * v[i])).ToArray());
            for (int i = 0; i < 3; i++)
            {
                v[i] = (gamma * v[i]) + (eta * g[i]);
            }

            return x.Select((xi, i) => xi - v[i]).ToArray();
        });
    }

    [Fact]
    public void Nesterov_WithoutClosure_ThrowsExplainingTheClosure()
    {
        var p = Param();
        var opt = new Nesterov([p], lr: 0.1);
        SetGrad(p);
        var e = Assert.Throws<InvalidOperationException>(() => opt.Step());
        Assert.Contains("Step(closure)", e.Message, StringComparison.Ordinal);
        Assert.Contains("look-ahead", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nesterov_Closure_SeesLookAheadParametersAndRestoresThem()
    {
        var p = Param();
        var opt = new Nesterov([p], lr: 0.1, gamma: 0.5);
        double[]? seen = null;
        Func<double> closure = () =>
        {
            seen = p.ToArray();
            SetGrad(p);
            return 0;
        };
        opt.Step(closure);
        var x1 = p.ToArray();
        var v1 = Start.Select((s, i) => s - x1[i]).ToArray();
        opt.Step(closure);
        TestUtil.AssertClose(x1.Select((x, i) => x - (0.5 * v1[i])).ToArray(), seen!, 1e-15);
    }

    [Fact]
    public void AdamWithoutBiasCorrection_Step_IsMOverSqrtVPlusEps()
    {
        const double eta = 0.1, b1 = 0.9, b2 = 0.999, eps = 1e-8;
        var p = Param();
        var m = new double[3];
        var v = new double[3];
        Run(new Adam([p], lr: eta, biasCorrection: false), p, 6, (x, _) =>
        {
            var g = Grad(x);
            for (int i = 0; i < 3; i++)
            {
                m[i] = (b1 * m[i]) + ((1 - b1) * g[i]);
                v[i] = (b2 * v[i]) + ((1 - b2) * g[i] * g[i]);
            }

            return x.Select((xi, i) => xi - (eta * m[i] / (Math.Sqrt(v[i]) + eps))).ToArray();
        });
    }

    [Fact]
    public void RmsPropEpsInsideSqrt_Step_IsGradOverSqrtOfRPlusDelta()
    {
        const double eta = 0.01, rho = 0.9, delta = 1e-6;
        var p = Param();
        var r = new double[3];
        Run(new RmsProp([p], lr: eta, alpha: rho, eps: delta, epsInsideSqrt: true), p, 6, (x, _) =>
        {
            var g = Grad(x);
            for (int i = 0; i < 3; i++)
            {
                r[i] = (rho * r[i]) + ((1 - rho) * g[i] * g[i]);
            }

            return x.Select((xi, i) => xi - (eta * g[i] / Math.Sqrt(r[i] + delta))).ToArray();
        });
    }

    [Fact]
    public void RmsPropFirstGradInit_Step_StartsSigmaAtAbsoluteFirstGradient()
    {
        // Lecture 004: σ⁰ = |g⁰|, σᵗ = √(α(σᵗ⁻¹)² + (1 − α)(gᵗ)²), θᵗ⁺¹ = θᵗ − η/σᵗ·gᵗ (ε = 1e-8 added to σ, as torch).
        const double eta = 0.01, alpha = 0.9, eps = 1e-8;
        var p = Param();
        var sigma = new double[3];
        Run(new RmsProp([p], lr: eta, alpha: alpha, init: "first_grad"), p, 6, (x, k) =>
        {
            var g = Grad(x);
            for (int i = 0; i < 3; i++)
            {
                sigma[i] = k == 0 ? Math.Abs(g[i]) : Math.Sqrt((alpha * sigma[i] * sigma[i]) + ((1 - alpha) * g[i] * g[i]));
            }

            return x.Select((xi, i) => xi - (eta / (sigma[i] + eps) * g[i])).ToArray();
        });
    }

    [Fact]
    public void Gd_MatchesSgdWithoutMomentum_BitForBit()
    {
        var a = Param();
        var b = Param();
        var gd = new GradientDescent([a], lr: 0.07);
        var sgd = new Sgd([b], lr: 0.07);
        for (int k = 0; k < 10; k++)
        {
            SetGrad(a);
            SetGrad(b);
            gd.Step();
            sgd.Step();
        }

        Assert.Equal(b.ToArray(), a.ToArray());
    }
}
