using System.Globalization;
// L-BFGS (torch.optim.LBFGS, after minFunc), one Step(closure) = up to max_iter iterations:
//   d = −H·g by the two-loop recursion over the last history_size pairs (s = t·d, y = g − g_prev, kept when y·s > 1e-10),
//   H₀ = (y·s)/(y·y);  t = min(1, 1/‖g‖₁)·lr at the very first iteration, lr afterwards;
//   x ← x + t·d  (t from a strong-Wolfe line search when line_search_fn=strong_wolfe);
//   stop on max_iter, max_eval, ‖g‖∞ ≤ tolerance_grad, ‖t·d‖∞ ≤ tolerance_change or |Δloss| < tolerance_change.
using System.Numerics;

namespace Descent.Optim;

/// <summary>
/// Limited-memory BFGS (Nocedal 1980; Liu &amp; Nocedal 1989): quasi-Newton directions d = −H·g from the two-loop recursion over the
/// last <c>history_size</c> curvature pairs, with a fixed step <c>lr</c> or a strong-Wolfe line search. Each
/// <see cref="Optimizer.Step(Func{double})"/> runs up to <c>max_iter</c> iterations and needs a closure.
/// </summary>
/// <remarks>
/// A port of <c>torch.optim.LBFGS</c> including <c>_strong_wolfe</c> and <c>_cubic_interpolate</c> (c₁ = 1e-4, c₂ = 0.9, 25 line-search
/// iterations). As in torch: one parameter group only, parameters are treated as one flat vector, a parameter without a gradient
/// counts as a zero gradient, the state lives with the first parameter, and the returned loss is the one at the start of the step.
/// Vector arithmetic runs in the parameters' dtype (all must share it). torch's scalars are a mix of Python floats and 0-dim tensors
/// of the parameters' dtype; <see cref="TorchScalar{T}"/> reproduces which is which, and dot products are summed in OpenBLAS's order
/// for vectors under 32 elements, so float32 runs make the same rounding decisions as torch (the fixtures agree bit for bit in float32
/// and float64).
/// </remarks>
public sealed class Lbfgs : Optimizer
{
    private const int HistoryLimit = 100_000;

    /// <summary>Creates L-BFGS over <paramref name="parameters"/>.</summary>
    /// <param name="parameters">The tensors to optimize (one group).</param>
    /// <param name="lr">Step length (the initial guess of the line search).</param>
    /// <param name="maxIter">Iterations per <see cref="Optimizer.Step(Func{double})"/>.</param>
    /// <param name="maxEval">Closure evaluations per step (default max_iter·5/4).</param>
    /// <param name="toleranceGrad">Stop when max |g| ≤ this.</param>
    /// <param name="toleranceChange">Stop when the step or the loss change is below this.</param>
    /// <param name="historySize">Number of curvature pairs kept.</param>
    /// <param name="lineSearchFn"><c>none</c> (fixed step) or <c>strong_wolfe</c>.</param>
    /// <exception cref="ArgumentException">Invalid hyperparameters or parameters.</exception>
    public Lbfgs(
        IEnumerable<Tensor> parameters,
        double lr = 1,
        int maxIter = 20,
        int? maxEval = null,
        double toleranceGrad = 1e-7,
        double toleranceChange = 1e-9,
        int historySize = 100,
        string lineSearchFn = "none")
        : this(parameters, Options(lr, maxIter, maxEval, toleranceGrad, toleranceChange, historySize, lineSearchFn))
    {
    }

    private Lbfgs(IEnumerable<Tensor> parameters, IReadOnlyDictionary<string, HyperValue>? options)
        : base(Definition, parameters, options)
    {
        var ps = ParamGroups[0].Params;
        if (ps.Any(p => p.DType != ps[0].DType))
        {
            throw new ArgumentException("lbfgs needs all parameters to have the same dtype", nameof(parameters));
        }
    }

    /// <summary>The registry entry for <c>lbfgs</c>.</summary>
    public static OptimizerInfo Definition { get; } = new(
        "lbfgs",
        "limited-memory BFGS with an optional strong-Wolfe line search (torch.optim.LBFGS; needs a closure)",
        "d = −H·g (two-loop recursion, H₀ = y·s/y·y); x ← x + t·d with t = lr (t = min(1, 1/‖g‖₁)·lr at the first iteration) or from the line search",
        "Nocedal 1980; Liu & Nocedal 1989; torch.optim.LBFGS (after minFunc)",
        [
            Hp.Lr(1),
            Hp.Int("max_iter", 20, "iterations per step"),
            new HyperparameterInfo("max_eval", HyperValue.Integer(25), "closure evaluations per step", null, "max_iter*5/4")
            {
                DerivedDefault = v => HyperValue.Integer(v["max_iter"].AsInteger() * 5 / 4),
            },
            Hp.Num("tolerance_grad", 1e-7, "stop when max |g| ≤ tolerance_grad"),
            Hp.Num("tolerance_change", 1e-9, "stop when the step or the loss change is below tolerance_change"),
            Hp.Int("history_size", 100, "curvature pairs kept"),
            Hp.Choice("line_search_fn", "none", ["none", "strong_wolfe"], "none (fixed step lr) or strong_wolfe"),
        ],
        Validate,
        (ps, o) => new Lbfgs(ps, o))
    {
        RequiresClosure = true,
        SupportsParamGroups = false,
    };

    private protected override string ClosureRequiredMessage =>
        "lbfgs re-evaluates the loss several times per step, so it needs Step(closure): pass a closure that zeroes the gradients, " +
        "computes the loss, calls Backward() and returns the loss";

    private static Dictionary<string, HyperValue> Options(double lr, int maxIter, int? maxEval, double toleranceGrad, double toleranceChange, int historySize, string lineSearchFn)
    {
        var o = Hp.Options(
            ("lr", lr), ("max_iter", maxIter), ("tolerance_grad", toleranceGrad), ("tolerance_change", toleranceChange),
            ("history_size", historySize), ("line_search_fn", lineSearchFn));
        if (maxEval != null)
        {
            o["max_eval"] = maxEval.Value;
        }

        return o;
    }

    private static void Validate(IReadOnlyDictionary<string, HyperValue> v)
    {
        Check.NonNegative(v, "lr", "learning rate");
        Check.AtLeast(v, "max_iter", 1);
        Check.AtLeast(v, "max_eval", 1);
        Check.NonNegative(v, "tolerance_grad", "tolerance_grad value");
        Check.NonNegative(v, "tolerance_change", "tolerance_change value");
        Check.AtLeast(v, "history_size", 1);
        if (v["history_size"].AsInteger() > HistoryLimit)
        {
            throw Check.Invalid("history_size", $"Invalid history_size value: {v["history_size"]} (at most {HistoryLimit})");
        }
    }

    private protected override void UpdateParameters() => throw new InvalidOperationException(ClosureRequiredMessage);

    /// <summary>The saved history must be complete: a count within history_size, and each entry's direction, step and ρ.</summary>
    private protected override string? CheckSavedState(IReadOnlyDictionary<string, HyperValue> values, Tensor parameter, ParamStateEntry entry)
    {
        double history = entry.Scalars.TryGetValue("history", out var h) ? h : 0;
        long limit = values.TryGetValue("history_size", out var size) ? size.AsInteger() : HistoryLimit;
        if (!(history >= 0 && history <= limit && history == Math.Floor(history)))
        {
            return string.Create(CultureInfo.InvariantCulture, $"has a history of {history} entries, outside 0 … history_size ({limit})");
        }

        for (int i = 0; i < (int)history; i++)
        {
            foreach (var key in new[] { $"old_dirs.{i}", $"old_stps.{i}" })
            {
                if (!entry.Buffers.ContainsKey(key))
                {
                    return $"lacks \"{key}\" of its {(int)history}-entry history";
                }
            }

            if (!entry.Scalars.ContainsKey($"ro.{i}"))
            {
                return $"lacks \"ro.{i}\" of its {(int)history}-entry history";
            }
        }

        return null;
    }

    private protected override Shape ExpectedBufferShape(Tensor parameter, string buffer) =>
        new(ParamGroups[0].Params.Sum(p => p.Numel));

    private protected override double StepWithClosure(Func<double> closure)
    {
        using var noGrad = Autograd.NoGrad();
        var ps = ParamGroups[0].Params;
        double loss = ps[0].DType == DType.Float32 ? new Run<float>(this, closure).Step() : new Run<double>(this, closure).Step();
        return loss;
    }

    /// <summary>One <c>step(closure)</c>: torch's <c>LBFGS.step</c> with the state read from and written back to the first parameter.</summary>
    /// <remarks>Scalars are <see cref="TorchScalar{T}"/>: Python floats or 0-dim tensors exactly where torch's code has them.</remarks>
    private sealed class Run<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        private readonly Lbfgs _opt;
        private readonly Func<double> _closure;
        private readonly IReadOnlyList<Tensor> _params;
        private readonly ParamGroup _group;
        private readonly int _n;

        public Run(Lbfgs opt, Func<double> closure)
        {
            _opt = opt;
            _closure = closure;
            _group = opt.ParamGroups[0];
            _params = _group.Params;
            _n = _params.Sum(p => p.Numel);
        }

        public double Step()
        {
            double lr = _group.Lr;
            long maxIter = _group.Integer("max_iter"), maxEval = _group.Integer("max_eval"), historySize = _group.Integer("history_size");
            double tolGrad = _group.Number("tolerance_grad"), tolChange = _group.Number("tolerance_change");
            bool wolfe = _group.Choice("line_search_fn") == "strong_wolfe";

            var state = _opt.StateFor(_params[0], _ => { });
            var sc = state.ScalarMap;
            sc.TryAdd("func_evals", 0);
            sc.TryAdd("n_iter", 0);

            double origLoss = EvaluateClosure(_closure);
            double loss = origLoss;
            long currentEvals = 1;
            sc["func_evals"] += 1;
            if (_opt.SkipIfNonFinite())
            {
                return origLoss;
            }

            var flatGrad = GatherFlatGrad();
            bool optCond = MaxAbs(flatGrad) <= tolGrad;
            if (optCond)
            {
                _opt.CountStep();
                return origLoss;
            }

            // Cached state (absent before the first iteration ever).
            T[]? d = Read(state, "d");
            TorchScalar<T> t = TorchScalar<T>.Py(sc.GetValueOrDefault("t"));
            var oldDirs = new List<T[]>();
            var oldStps = new List<T[]>();
            var ro = new List<TorchScalar<T>>();
            int history = (int)sc.GetValueOrDefault("history");
            for (int i = 0; i < history; i++)
            {
                oldDirs.Add(Read(state, $"old_dirs.{i}")!);
                oldStps.Add(Read(state, $"old_stps.{i}")!);
                ro.Add(TorchScalar<T>.Tensor(T.CreateTruncating(sc[$"ro.{i}"])));
            }

            TorchScalar<T> hDiag = TorchScalar<T>.Py(sc.GetValueOrDefault("H_diag", 1));
            T[]? prevFlatGrad = Read(state, "prev_flat_grad");
            double prevLoss = sc.GetValueOrDefault("prev_loss");

            long nIter = 0;
            var al = new TorchScalar<T>[Math.Max(1, historySize)];
            while (nIter < maxIter)
            {
                nIter++;
                sc["n_iter"] += 1;

                // Direction.
                if (sc["n_iter"] == 1)
                {
                    d = Neg(flatGrad);
                    oldDirs.Clear();
                    oldStps.Clear();
                    ro.Clear();
                    hDiag = 1;
                }
                else
                {
                    var y = Sub(flatGrad, prevFlatGrad!);
                    var s = Mul(d!, t);
                    TorchScalar<T> ys = Dot(y, s);
                    if (ys > 1e-10)
                    {
                        if (oldDirs.Count == historySize)
                        {
                            oldDirs.RemoveAt(0);
                            oldStps.RemoveAt(0);
                            ro.RemoveAt(0);
                        }

                        oldDirs.Add(y);
                        oldStps.Add(s);
                        ro.Add(1.0 / ys);
                        hDiag = ys / Dot(y, y);
                    }

                    int numOld = oldDirs.Count;
                    var q = Neg(flatGrad);
                    for (int i = numOld - 1; i >= 0; i--)
                    {
                        al[i] = Dot(oldStps[i], q) * ro[i];
                        AddScaled(q, oldDirs[i], -al[i]);
                    }

                    var r = Mul(q, hDiag);
                    for (int i = 0; i < numOld; i++)
                    {
                        TorchScalar<T> be = Dot(oldDirs[i], r) * ro[i];
                        AddScaled(r, oldStps[i], al[i] - be);
                    }

                    d = r;
                }

                prevFlatGrad = (T[])flatGrad.Clone();
                prevLoss = loss;

                // Step length.
                t = sc["n_iter"] == 1 ? TorchScalar<T>.Min(1.0, 1.0 / SumAbs(flatGrad)) * lr : lr;
                TorchScalar<T> gtd = Dot(flatGrad, d!);
                if (gtd > -tolChange)
                {
                    break;
                }

                long lsEvals = 0;
                if (wolfe)
                {
                    var xInit = CloneParams();
                    (loss, flatGrad, t, lsEvals) = StrongWolfe(xInit, t, d!, loss, flatGrad, gtd, tolChange);
                    AddGrad(t, d!);
                    optCond = MaxAbs(flatGrad) <= tolGrad;
                }
                else
                {
                    AddGrad(t, d!);
                    if (nIter != maxIter)
                    {
                        loss = EvaluateClosure(_closure);
                        flatGrad = GatherFlatGrad();
                        optCond = MaxAbs(flatGrad) <= tolGrad;
                        lsEvals = 1;
                    }
                }

                currentEvals += lsEvals;
                sc["func_evals"] += lsEvals;

                if (nIter == maxIter || currentEvals >= maxEval || optCond)
                {
                    break;
                }

                if (MaxAbs(Mul(d!, t)) <= tolChange)
                {
                    break;
                }

                if (Math.Abs(loss - prevLoss) < tolChange)
                {
                    break;
                }
            }

            Write(state, "d", d);
            sc["t"] = t.Value;
            for (int i = 0; i < history; i++)
            {
                state.BufferMap.Remove($"old_dirs.{i}");
                state.BufferMap.Remove($"old_stps.{i}");
                sc.Remove($"ro.{i}");
            }

            for (int i = 0; i < oldDirs.Count; i++)
            {
                Write(state, $"old_dirs.{i}", oldDirs[i]);
                Write(state, $"old_stps.{i}", oldStps[i]);
                sc[$"ro.{i}"] = ro[i].Value;
            }

            sc["history"] = oldDirs.Count;
            sc["H_diag"] = hDiag.Value;
            Write(state, "prev_flat_grad", prevFlatGrad);
            sc["prev_loss"] = prevLoss;
            _opt.CountStep();
            return origLoss;
        }

        // torch _strong_wolfe (ported from torch/optim lswolfe.lua), c1 = 1e-4, c2 = 0.9, max_ls = 25.
        private (double Loss, T[] Grad, TorchScalar<T> Step, long Evals) StrongWolfe(T[][] x, TorchScalar<T> t, T[] d, double f, T[] g, TorchScalar<T> gtd, double tolChange)
        {
            const double c1 = 1e-4, c2 = 0.9;
            const int maxLs = 25;
            TorchScalar<T> dNorm = MaxAbs(d);
            g = (T[])g.Clone();
            var (fNew, gNew) = DirectionalEvaluate(x, t, d);
            long lsEvals = 1;
            TorchScalar<T> gtdNew = Dot(gNew, d);

            TorchScalar<T> tPrev = 0.0, gtdPrev = gtd;
            double fPrev = f;
            T[] gPrev = g;
            bool done = false;
            int lsIter = 0;
            TorchScalar<T>[] bracket = [], bracketGtd = [];
            double[] bracketF = [];
            T[][] bracketG = [];
            while (lsIter < maxLs)
            {
                if (fNew > f + (c1 * t * gtd) || (lsIter > 1 && fNew >= fPrev))
                {
                    bracket = [tPrev, t];
                    bracketF = [fPrev, fNew];
                    bracketG = [gPrev, (T[])gNew.Clone()];
                    bracketGtd = [gtdPrev, gtdNew];
                    break;
                }

                if (TorchScalar<T>.Abs(gtdNew) <= -c2 * gtd)
                {
                    bracket = [t];
                    bracketF = [fNew];
                    bracketG = [gNew];
                    done = true;
                    break;
                }

                if (gtdNew >= 0.0)
                {
                    bracket = [tPrev, t];
                    bracketF = [fPrev, fNew];
                    bracketG = [gPrev, (T[])gNew.Clone()];
                    bracketGtd = [gtdPrev, gtdNew];
                    break;
                }

                TorchScalar<T> minStep = t + (0.01 * (t - tPrev));
                TorchScalar<T> maxStep = t * 10.0;
                TorchScalar<T> tmp = t;
                t = CubicInterpolate(tPrev, fPrev, gtdPrev, t, fNew, gtdNew, (minStep, maxStep));
                tPrev = tmp;
                fPrev = fNew;
                gPrev = (T[])gNew.Clone();
                gtdPrev = gtdNew;
                (fNew, gNew) = DirectionalEvaluate(x, t, d);
                lsEvals++;
                gtdNew = Dot(gNew, d);
                lsIter++;
            }

            if (lsIter == maxLs)
            {
                bracket = [0.0, t];
                bracketF = [f, fNew];
                bracketG = [g, gNew];
            }

            // Zoom: refine the bracket until a point satisfies the strong Wolfe conditions.
            bool insufProgress = false;
            int lowPos = 0, highPos = 0;
            if (bracketF.Length == 2)
            {
                (lowPos, highPos) = bracketF[0] <= bracketF[1] ? (0, 1) : (1, 0);
            }

            while (!done && lsIter < maxLs)
            {
                if (TorchScalar<T>.Abs(bracket[1] - bracket[0]) * dNorm < tolChange)
                {
                    break;
                }

                t = CubicInterpolate(bracket[0], bracketF[0], bracketGtd[0], bracket[1], bracketF[1], bracketGtd[1], null);
                TorchScalar<T> bMax = TorchScalar<T>.Max(bracket[0], bracket[1]), bMin = TorchScalar<T>.Min(bracket[0], bracket[1]);
                TorchScalar<T> eps = 0.1 * (bMax - bMin);
                if (TorchScalar<T>.Min(bMax - t, t - bMin) < eps)
                {
                    if (insufProgress || t >= bMax || t <= bMin)
                    {
                        t = TorchScalar<T>.Abs(t - bMax) < TorchScalar<T>.Abs(t - bMin) ? bMax - eps : bMin + eps;
                        insufProgress = false;
                    }
                    else
                    {
                        insufProgress = true;
                    }
                }
                else
                {
                    insufProgress = false;
                }

                (fNew, gNew) = DirectionalEvaluate(x, t, d);
                lsEvals++;
                gtdNew = Dot(gNew, d);
                lsIter++;

                if (fNew > f + (c1 * t * gtd) || fNew >= bracketF[lowPos])
                {
                    bracket[highPos] = t;
                    bracketF[highPos] = fNew;
                    bracketG[highPos] = (T[])gNew.Clone();
                    bracketGtd[highPos] = gtdNew;
                    (lowPos, highPos) = bracketF[0] <= bracketF[1] ? (0, 1) : (1, 0);
                }
                else
                {
                    if (TorchScalar<T>.Abs(gtdNew) <= -c2 * gtd)
                    {
                        done = true;
                    }
                    else if (gtdNew * (bracket[highPos] - bracket[lowPos]) >= 0.0)
                    {
                        bracket[highPos] = bracket[lowPos];
                        bracketF[highPos] = bracketF[lowPos];
                        bracketG[highPos] = bracketG[lowPos];
                        bracketGtd[highPos] = bracketGtd[lowPos];
                    }

                    bracket[lowPos] = t;
                    bracketF[lowPos] = fNew;
                    bracketG[lowPos] = (T[])gNew.Clone();
                    bracketGtd[lowPos] = gtdNew;
                }
            }

            return (bracketF[lowPos], bracketG[lowPos], bracket[lowPos], lsEvals);
        }

        // torch _cubic_interpolate (ported from torch/optim polyinterp.lua): the minimizer of the cubic through two points with
        // values and derivatives, clamped to the bounds; the bounds' midpoint when the cubic has no real minimizer.
        private static TorchScalar<T> CubicInterpolate(TorchScalar<T> x1, TorchScalar<T> f1, TorchScalar<T> g1, TorchScalar<T> x2, TorchScalar<T> f2, TorchScalar<T> g2, (TorchScalar<T> Min, TorchScalar<T> Max)? bounds)
        {
            var (xminBound, xmaxBound) = bounds ?? (x1 <= x2 ? (x1, x2) : (x2, x1));
            TorchScalar<T> d1 = g1 + g2 - (3.0 * (f1 - f2) / (x1 - x2));
            TorchScalar<T> d2Square = (d1 * d1) - (g1 * g2);
            if (d2Square >= 0.0)
            {
                TorchScalar<T> d2 = TorchScalar<T>.Sqrt(d2Square);
                TorchScalar<T> minPos = x1 <= x2
                    ? x2 - ((x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + (2.0 * d2))))
                    : x1 - ((x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + (2.0 * d2))));
                return TorchScalar<T>.Min(TorchScalar<T>.Max(minPos, xminBound), xmaxBound);
            }

            return (xminBound + xmaxBound) / 2.0;
        }

        private (double Loss, T[] Grad) DirectionalEvaluate(T[][] x, TorchScalar<T> t, T[] d)
        {
            AddGrad(t, d);
            double loss = EvaluateClosure(_closure);
            var g = GatherFlatGrad();
            for (int i = 0; i < _params.Count; i++)
            {
                x[i].CopyTo(_params[i].Span<T>());
            }

            return (loss, g);
        }

        private T[] GatherFlatGrad()
        {
            var flat = new T[_n];
            int offset = 0;
            foreach (var p in _params)
            {
                var g = p.Grad;
                if (g != null)
                {
                    if (g.DType != p.DType || g.Numel != p.Numel)
                    {
                        throw new ArgumentException($"lbfgs: a gradient has shape {g.Shape} and dtype {g.DType.Name()}, but its parameter has shape {p.Shape} and dtype {p.DType.Name()}");
                    }

                    g.Span<T>().CopyTo(flat.AsSpan(offset));
                }

                offset += p.Numel;
            }

            return flat;
        }

        // p ← p + t·d per parameter (torch _add_grad: p.add_(update.view_as(p), alpha=step_size)).
        private void AddGrad(TorchScalar<T> t, T[] d)
        {
            int offset = 0;
            foreach (var p in _params)
            {
                var ps = p.Span<T>();
                AddScaled(ps, d.AsSpan(offset, ps.Length), t);
                offset += ps.Length;
            }
        }

        private T[][] CloneParams() => _params.Select(p => p.Span<T>().ToArray()).ToArray();

        private static T[]? Read(ParamState state, string name) => state.TryBuffer(name)?.Span<T>().ToArray();

        private void Write(ParamState state, string name, T[]? values)
        {
            if (values == null)
            {
                return;
            }

            var t = Tensor.Zeros(new Shape(_n), _params[0].DType);
            values.CopyTo(t.Span<T>());
            state.BufferMap[name] = t;
        }

        private static T[] Neg(T[] x)
        {
            var r = new T[x.Length];
            for (int i = 0; i < x.Length; i++)
            {
                r[i] = -x[i];
            }

            return r;
        }

        private static T[] Sub(T[] a, T[] b)
        {
            var r = new T[a.Length];
            for (int i = 0; i < a.Length; i++)
            {
                r[i] = a[i] - b[i];
            }

            return r;
        }

        // torch.mul(x, s) for a Python float or a 0-dim tensor s: the scalar is cast to T either way.
        private static T[] Mul(T[] a, TorchScalar<T> s)
        {
            var ts = T.CreateTruncating(s.Value);
            var r = new T[a.Length];
            for (int i = 0; i < a.Length; i++)
            {
                r[i] = a[i] * ts;
            }

            return r;
        }

        // x.add_(y, alpha=α): x + α·y with one rounding (ATen's fused kernel on an FMA CPU); α is cast to T.
        private static void AddScaled(Span<T> x, ReadOnlySpan<T> y, TorchScalar<T> alpha)
        {
            var a = T.CreateTruncating(alpha.Value);
            for (int i = 0; i < x.Length; i++)
            {
                x[i] = T.FusedMultiplyAdd(a, y[i], x[i]);
            }
        }

        // x.dot(y): a 0-dim tensor, summed in order as OpenBLAS does for the short vectors LBFGS is used on (measured against
        // torch 1.13 with OpenBLAS): float products rounded to float and accumulated in double (sdot); double as an fma chain (ddot).
        private static TorchScalar<T> Dot(T[] a, T[] b)
        {
            if (typeof(T) == typeof(float))
            {
                double sum = 0;
                for (int i = 0; i < a.Length; i++)
                {
                    sum += double.CreateTruncating(a[i] * b[i]);
                }

                return TorchScalar<T>.Tensor(T.CreateTruncating(sum));
            }

            var acc = T.Zero;
            for (int i = 0; i < a.Length; i++)
            {
                acc = T.FusedMultiplyAdd(a[i], b[i], acc);
            }

            return TorchScalar<T>.Tensor(acc);
        }

        // x.abs().max(): a 0-dim tensor (NaN propagates).
        private static TorchScalar<T> MaxAbs(T[] a)
        {
            var m = T.Zero;
            foreach (var v in a)
            {
                var x = T.Abs(v);
                if (x > m || T.IsNaN(x))
                {
                    m = x;
                }
            }

            return TorchScalar<T>.Tensor(m);
        }

        // x.abs().sum(): a 0-dim tensor.
        private static TorchScalar<T> SumAbs(T[] a)
        {
            var s = T.Zero;
            foreach (var v in a)
            {
                s += T.Abs(v);
            }

            return TorchScalar<T>.Tensor(s);
        }
    }
}
