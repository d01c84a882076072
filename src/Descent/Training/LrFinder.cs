using System.Globalization;
using Descent.Data;
using Descent.NN;
using Descent.Optim;

namespace Descent.Training;

/// <summary>
/// The learning-rate range test (Smith 2017, "Cyclical Learning Rates for Training Neural Networks", §3.3; fastai's
/// <c>lr_find</c>): train for a few batches while the rate grows exponentially from <see cref="LrFinderOptions.StartLr"/> to
/// <see cref="LrFinderOptions.EndLr"/>, smooth the loss curve, and suggest rates from it. The model, the optimizer (with any attached
/// scheduler), the dropout generators, the gradients and the loader's cursor are exactly as before when it returns.
/// </summary>
/// <remarks>
/// <para>Step i uses lr_i = start·(end/start)^(i/(n−1)) and records the batch's loss before its update; the smoothed curve is
/// s_i = a_i/(1 − βⁱ⁺¹) with a_i = β·a_{i−1} + (1 − β)·loss_i. The sweep stops early when a loss is not finite or s_i exceeds
/// <see cref="LrFinderOptions.DivergenceFactor"/> times the lowest s so far.</para>
/// <para>Suggestions (no rule always works, so there are two, each with its reason): <c>steepest</c>, the rate where the smoothed
/// loss falls fastest, ds/d(log lr) at its most negative, searched between <see cref="LrFinderOptions.SkipStart"/> and the minimum;
/// and <c>min/10</c>, a tenth of the rate at the minimum of the smoothed loss (fastai's <c>lr_min</c>).</para>
/// <para>The sweep works on the live objects and puts them back from snapshots taken before it (parameters, buffers, the optimizer's
/// state dict, generator states and gradient references), also when it throws.</para>
/// </remarks>
public static class LrFinder
{
    /// <summary>Runs the sweep over batches of <paramref name="loader"/> (from its current epoch on, without moving its cursor).</summary>
    /// <exception cref="ArgumentException">An option is out of range, or the optimizer has no <c>lr</c>.</exception>
    public static LrFinderResult Run(Module model, Optimizer optimizer, DataLoader loader, LrFinderOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(loader);
        options ??= new LrFinderOptions();
        options.Validate();
        for (int g = 0; g < optimizer.GroupCount; g++)
        {
            if (!optimizer.HasHyperparameter(g, "lr"))
            {
                throw new ArgumentException($"{optimizer.Name} has no learning rate \"lr\" to sweep", nameof(optimizer));
            }
        }

        var loss = options.Loss ?? TrainingLosses.For(loader.Dataset);
        var parameters = model.Parameters().ToList();
        var modelState = model.StateDict();
        var optimizerState = optimizer.StateDict();
        var grads = parameters.Select(p => p.Grad).ToArray();
        var generators = model.NamedModules().Select(m => m.Module).OfType<Dropout>().Select(d => (d, d.Generator.GetState())).ToList();
        bool training = model.IsTraining;
        try
        {
            // The sweep's gradients are its own (zeroed in place when pooling): the caller's are put back afterwards untouched.
            foreach (var p in parameters)
            {
                p.Grad = null;
            }

            model.Train();
            return Sweep(model, optimizer, loader, options, loss, parameters, cancellationToken);
        }
        finally
        {
            model.LoadStateDict(modelState);
            optimizer.LoadStateDict(optimizerState);
            for (int i = 0; i < parameters.Count; i++)
            {
                parameters[i].Grad = grads[i];
            }

            foreach (var (d, state) in generators)
            {
                d.Generator.SetState(state);
            }

            model.Train(training);
        }
    }

    /// <summary>
    /// The suggestions for a smoothed curve: steepest descent over log lr between <paramref name="skipStart"/> and the minimum, and a
    /// tenth of the rate at the minimum.
    /// </summary>
    public static IReadOnlyList<LrSuggestion> Suggest(IReadOnlyList<double> learningRates, IReadOnlyList<double> smoothed, int skipStart = 5)
    {
        ArgumentNullException.ThrowIfNull(learningRates);
        ArgumentNullException.ThrowIfNull(smoothed);
        if (learningRates.Count != smoothed.Count)
        {
            throw new ArgumentException($"Suggest: {learningRates.Count} rates but {smoothed.Count} losses");
        }

        var inv = CultureInfo.InvariantCulture;
        var list = new List<LrSuggestion>();
        int n = smoothed.Count;
        if (n == 0)
        {
            return list;
        }

        int min = 0;
        for (int i = 1; i < n; i++)
        {
            if (smoothed[i] < smoothed[min])
            {
                min = i;
            }
        }

        // np.gradient over log10(lr): central differences inside, one-sided at the ends.
        int from = Math.Min(skipStart, n - 1), to = min;
        if (to - from >= 1)
        {
            int steepest = -1;
            double slope = double.PositiveInfinity;
            for (int i = from; i <= to; i++)
            {
                int a = Math.Max(i - 1, 0), b = Math.Min(i + 1, n - 1);
                double d = (smoothed[b] - smoothed[a]) / (Math.Log10(learningRates[b]) - Math.Log10(learningRates[a]));
                if (d < slope)
                {
                    slope = d;
                    steepest = i;
                }
            }

            if (steepest >= 0 && slope < 0)
            {
                list.Add(new LrSuggestion("steepest", learningRates[steepest], steepest, string.Create(inv,
                    $"the smoothed loss falls fastest there ({slope:G4} per decade of learning rate), so training makes the quickest progress")));
            }
        }

        list.Add(new LrSuggestion("min/10", learningRates[min] / 10, min, string.Create(inv,
            $"a tenth of {learningRates[min]:G4}, where the smoothed loss is lowest ({smoothed[min]:G4}): safely below the rates where it blows up")));
        return list;
    }

    private static LrFinderResult Sweep(Module model, Optimizer optimizer, DataLoader loader, LrFinderOptions o, LossFunction loss, List<Tensor> parameters, CancellationToken ct)
    {
        var inv = CultureInfo.InvariantCulture;
        var lrs = new List<double>(o.Steps);
        var losses = new List<double>(o.Steps);
        var smoothed = new List<double>(o.Steps);
        double average = 0, best = double.PositiveInfinity;
        string reason = "completed";
        int epoch = loader.Epoch;
        using var batches = Batches(loader, epoch).GetEnumerator();
        for (int i = 0; i < o.Steps; i++)
        {
            ct.ThrowIfCancellationRequested();
            double lr = o.StartLr * Math.Pow(o.EndLr / o.StartLr, (double)i / (o.Steps - 1));
            for (int g = 0; g < optimizer.GroupCount; g++)
            {
                optimizer.SetHyperparameter(g, "lr", lr);
            }

            batches.MoveNext();
            var batch = batches.Current;
            double value;
            if (optimizer.Info.RequiresClosure)
            {
                value = optimizer.Step(() =>
                {
                    optimizer.ZeroGrad();
                    var l = loss(model.Forward(batch.X), batch);
                    l.Backward();
                    return l.Item();
                });
            }
            else
            {
                optimizer.ZeroGrad(setToNull: !o.PoolTensors);
                using (o.PoolTensors ? TensorPool.Scope() : default)
                {
                    var l = loss(model.Forward(batch.X), batch);
                    value = l.Item();
                    if (double.IsFinite(value))
                    {
                        l.Backward();
                    }
                }

                if (double.IsFinite(value))
                {
                    if (!GradientGuard.AllFinite(parameters))
                    {
                        reason = string.Create(inv, $"stopped at lr {lr:G4}: the gradients are not finite");
                        break;
                    }

                    optimizer.Step();
                }
            }

            if (!double.IsFinite(value))
            {
                reason = string.Create(inv, $"stopped at lr {lr:G4}: the loss is {value.ToString("R", inv)}");
                break;
            }

            average = (o.Smoothing * average) + ((1 - o.Smoothing) * value);
            double s = average / (1 - Math.Pow(o.Smoothing, i + 1));
            lrs.Add(lr);
            losses.Add(value);
            smoothed.Add(s);
            best = Math.Min(best, s);
            if (i > 0 && s > o.DivergenceFactor * best)
            {
                reason = string.Create(inv, $"stopped at lr {lr:G4}: the smoothed loss {s:G4} exceeds {o.DivergenceFactor.ToString("R", inv)} × its minimum {best:G4}");
                break;
            }
        }

        return new LrFinderResult
        {
            LearningRates = lrs,
            Losses = losses,
            SmoothedLosses = smoothed,
            Suggestions = Suggest(lrs, smoothed, o.SkipStart),
            StopReason = reason,
        };
    }

    /// <summary>Batches of epoch <paramref name="first"/>, then the next epochs, without touching the loader's cursor.</summary>
    private static IEnumerable<Batch> Batches(DataLoader loader, int first)
    {
        for (int e = first; ; e++)
        {
            foreach (var batch in loader.EpochBatches(e))
            {
                yield return batch;
            }
        }
    }
}
