using System.Diagnostics;
using System.Globalization;
using Descent.Data;
using Descent.Optim;
using Descent.Schedules;

namespace Descent.Training;

/// <content>One optimizer step: forward, loss, backward, checks, clipping, the update, the per-step schedule and the stopping rules.</content>
public sealed partial class Trainer
{
    private static bool FitsClasses(Tensor output, Batch batch, int classes) =>
        output.Rank == 2 && output.Shape[0] == batch.Count && output.Shape[1] == classes && batch.Labels.Length == batch.Count;

    /// <summary>Samples in the accumulation group that starts at batch <paramref name="first"/> of an epoch.</summary>
    private static int GroupSamples(DataLoader loader, int first, int k)
    {
        int last = Math.Min(first + k, loader.BatchesPerEpoch) - 1;
        int full = last - first + 1;
        return last == loader.BatchesPerEpoch - 1 ? ((full - 1) * loader.BatchSize) + loader.LastBatchSize : full * loader.BatchSize;
    }

    private Outcome? RunEpoch(DataLoader train, LossFunction loss, bool classification, int epoch, CancellationToken ct)
    {
        int k = Options.AccumulationSteps;
        var group = new GroupTotals();
        bool closure = Optimizer.Info.RequiresClosure;
        foreach (var batch in train)
        {
            if (group.Batches == 0)
            {
                group = new GroupTotals { Start = Stopwatch.GetTimestamp(), Size = GroupSamples(train, batch.Index, k) };
                if (!closure)
                {
                    Optimizer.ZeroGrad(Options.SetGradientsToNull);
                }
            }

            group.Batches++;
            group.LastBatch = batch.Index;
            if (closure)
            {
                var closureOutcome = ClosureStep(batch, loss, classification, epoch, train, ref group, ct);
                group = default;
                if (closureOutcome != null)
                {
                    return closureOutcome;
                }

                continue;
            }

            ForwardBackward(batch, loss, classification, train, ref group);
            if (group.Batches < k && batch.Index < train.BatchesPerEpoch - 1)
            {
                continue;
            }

            var stepOutcome = FinishStep(ref group, epoch, train, ct);
            group = default;
            if (stepOutcome != null)
            {
                return stepOutcome;
            }
        }

        return null;
    }

    /// <summary>
    /// One batch's forward pass, loss, accuracy count and backward pass, inside a <see cref="TensorPool"/> scope (unless
    /// <see cref="TrainerOptions.PoolTensors"/> is off): activations, the loss and every backward temporary live only in here, so
    /// their storage is reused by the next batch; the gradients land in the parameters' persistent buffers.
    /// </summary>
    private void ForwardBackward(Batch batch, LossFunction loss, bool classification, DataLoader train, ref GroupTotals group)
    {
        using var scope = Options.PoolTensors ? TensorPool.Scope() : default;
        var output = Model.Forward(batch.X);
        var l = loss(output, batch);
        double value = l.Item();
        group.LossSum += value * batch.Count;
        group.Samples += batch.Count;
        if (classification && FitsClasses(output, batch, train.Dataset.ClassCount))
        {
            group.Correct += TrainingMath.CountCorrect(output, batch.Labels.Span);
        }
        else
        {
            group.NoAccuracy = true;
        }

        if (!double.IsFinite(value))
        {
            group.LossProblem ??= $"the loss is {Fmt(value)}";
        }

        // Weighting each batch by its share of the step's samples makes the summed gradient that of one mean loss. A non-finite
        // loss is differentiated too, only to name the parameters it poisons; those gradients never reach the optimizer.
        (group.Size == batch.Count ? l : l * ((double)batch.Count / group.Size)).Backward();
    }

    private Outcome? FinishStep(ref GroupTotals group, int epoch, DataLoader train, CancellationToken ct)
    {
        double stepLoss = group.LossSum / group.Samples;
        double? lr = LearningRate();
        double norm = TrainingMath.GradientNorm(_parameters);
        if (group.LossProblem != null)
        {
            var (parameter, gradientProblem) = double.IsFinite(norm) ? LargestGradient() : NonFiniteGradient(norm);
            return Diverge(group, epoch, train, stepLoss, lr, norm, group.LossProblem + (gradientProblem != null ? (double.IsFinite(norm) ? " " : "; ") + gradientProblem : ""), parameter, ct);
        }

        if (!double.IsFinite(norm))
        {
            var (parameter, problem) = NonFiniteGradient(norm);
            return Diverge(group, epoch, train, stepLoss, lr, norm, problem, parameter, ct);
        }

        if (Options.ClipGradientValue is { } clipValue)
        {
            GradientClipping.ClipByValue(_parameters, clipValue);
        }

        if (Options.ClipGradientNorm is { } maxNorm)
        {
            if (Options.ClipGradientValue != null)
            {
                GradientClipping.ClipByGlobalNorm(_parameters, maxNorm);
            }
            else
            {
                // The same rule as ClipByGlobalNorm, reusing the norm measured above.
                double coefficient = maxNorm / (norm + 1e-6);
                if (coefficient < 1)
                {
                    foreach (var p in _parameters)
                    {
                        GradientClipping.Scale(p.Grad, coefficient);
                    }
                }
            }
        }

        bool measureStep = Options.Stopping.StepPrecision != null;
        if (measureStep)
        {
            _snapshot!.Capture();
        }

        Optimizer.Step();
        double? stepSize = measureStep ? _snapshot!.Distance() : null;
        return AfterStep(group, epoch, train, stepLoss, lr, norm, stepSize, ct);
    }

    private Outcome? ClosureStep(Batch batch, LossFunction loss, bool classification, int epoch, DataLoader train, ref GroupTotals group, CancellationToken ct)
    {
        bool first = true;
        double norm = double.NaN;
        (string? Parameter, string Problem)? gradientProblem = null;
        long correct = 0;
        bool noAccuracy = false;
        _snapshot!.Capture();

        // The optimizer updates its own state inside the step, before the trainer can see the loss: keep a copy to put back if the
        // step turns out to be non-finite (closure optimizers are used on small problems, where the copy is cheap).
        var optimizerBefore = Optimizer.StateDict();
        double? lr = LearningRate();
        double value = Optimizer.Step(() =>
        {
            Optimizer.ZeroGrad();
            var output = Model.Forward(batch.X);
            var l = loss(output, batch);
            double v = l.Item();
            if (double.IsFinite(v))
            {
                l.Backward();
            }

            if (first)
            {
                first = false;
                norm = TrainingMath.GradientNorm(_parameters);

                // Named now: later evaluations inside the step (a line search) replace these gradients.
                gradientProblem = double.IsFinite(norm) ? null : NonFiniteGradient(norm);
                if (classification && FitsClasses(output, batch, train.Dataset.ClassCount))
                {
                    correct = TrainingMath.CountCorrect(output, batch.Labels.Span);
                }
                else
                {
                    noAccuracy = true;
                }
            }

            if (double.IsFinite(v) && Options.ClipGradientValue is { } clipValue)
            {
                GradientClipping.ClipByValue(_parameters, clipValue);
            }

            if (double.IsFinite(v) && Options.ClipGradientNorm is { } maxNorm)
            {
                GradientClipping.ClipByGlobalNorm(_parameters, maxNorm);
            }

            return v;
        });
        group.LossSum = value * batch.Count;
        group.Samples = batch.Count;
        group.Correct = correct;
        group.NoAccuracy = noAccuracy;
        (string? Parameter, string Problem)? bad = !double.IsFinite(value) ? (null, $"the loss is {Fmt(value)}")
            : !double.IsFinite(norm) ? gradientProblem ?? NonFiniteGradient(norm)
            : TrainingMath.FirstNonFiniteParameter(_parameters) is { } p ? (p.Name, p.Problem + " after the update")
            : null;
        if (bad is { } b)
        {
            // The closure optimizer has already moved: put the parameters and its state back so that nothing broken survives.
            _snapshot.Restore();
            Optimizer.LoadStateDict(optimizerBefore);
            return Diverge(group, epoch, train, value, lr, norm, b.Problem, b.Parameter, ct);
        }

        double? stepSize = Options.Stopping.StepPrecision != null ? _snapshot.Distance() : null;
        return AfterStep(group, epoch, train, value, lr, norm, stepSize, ct);
    }

    private Outcome? AfterStep(GroupTotals group, int epoch, DataLoader train, double stepLoss, double? lr, double norm, double? stepSize, CancellationToken ct)
    {
        GlobalStep++;
        if (Options.Scheduler is { Per: SchedulePer.Step } scheduler)
        {
            if (scheduler.NeedsMetric)
            {
                scheduler.Step(stepLoss);
            }
            else
            {
                scheduler.Step();
            }
        }

        double seconds = Stopwatch.GetElapsedTime(group.Start).TotalSeconds;
        _epoch.LossSum += group.LossSum;
        _epoch.Samples += group.Samples;
        _epoch.Correct += group.Correct;
        _epoch.NoAccuracy |= group.NoAccuracy;
        _epoch.GradientNormSum += norm;
        _epoch.Steps++;
        _epoch.LastLearningRate = lr;
        _recentLosses.Enqueue(stepLoss);
        if (_recentLosses.Count > RecentLossCount)
        {
            _recentLosses.Dequeue();
        }

        if (_callbacks.Count > 0)
        {
            var metrics = new StepMetrics
            {
                Epoch = epoch,
                Step = GlobalStep,
                Batch = group.LastBatch + 1,
                BatchesPerEpoch = train.BatchesPerEpoch,
                Samples = group.Samples,
                Loss = stepLoss,
                Accuracy = group.NoAccuracy || train.Dataset.ClassCount == 0 ? null : (double)group.Correct / group.Samples,
                LearningRate = lr,
                GradientNorm = norm,
                StepSize = stepSize,
                Seconds = seconds,
            };
            foreach (var c in _callbacks)
            {
                c.OnStepEnd(this, metrics);
            }
        }

        var rules = Options.Stopping;
        var inv = CultureInfo.InvariantCulture;
        double previous = _previousStepLoss;
        _previousStepLoss = stepLoss;
        if (rules.StepPrecision is { } precision && stepSize <= precision)
        {
            return new Outcome(StopReason.StepPrecision, string.Create(inv, $"converged at step {GlobalStep}: the update moved the parameters by {Fmt(stepSize.Value)} ≤ precision {Fmt(precision)}"));
        }

        if (rules.LossTolerance is { } tolerance && double.IsFinite(previous) && Math.Abs(stepLoss - previous) <= tolerance)
        {
            return new Outcome(StopReason.LossTolerance, string.Create(inv, $"converged at step {GlobalStep}: the loss changed by {Fmt(Math.Abs(stepLoss - previous))} ≤ tolerance {Fmt(tolerance)}"));
        }

        if (rules.GradientTolerance is { } gradientTolerance && norm <= gradientTolerance)
        {
            return new Outcome(StopReason.GradientTolerance, string.Create(inv, $"converged at step {GlobalStep}: the gradient norm {Fmt(norm)} ≤ tolerance {Fmt(gradientTolerance)}"));
        }

        if (rules.MaxSteps is { } maxSteps && GlobalStep >= maxSteps)
        {
            return new Outcome(StopReason.MaxSteps, string.Create(inv, $"stopped after the maximum of {maxSteps} steps"));
        }

        return CheckInterruption(epoch, ct);
    }

    private Outcome? CheckInterruption(int epoch, CancellationToken ct)
    {
        if (Volatile.Read(ref _stopRequest) is { } requested)
        {
            return new Outcome(StopReason.Requested, "stopped on request: " + requested);
        }

        if (ct.IsCancellationRequested)
        {
            return new Outcome(StopReason.Cancelled, string.Create(CultureInfo.InvariantCulture, $"cancelled at step {GlobalStep} (epoch {epoch})"));
        }

        return null;
    }

    private (string? Parameter, string Problem) NonFiniteGradient(double norm)
    {
        for (int i = 0; i < _parameters.Count; i++)
        {
            var p = _parameters[i];
            string name = p.Name ?? string.Create(CultureInfo.InvariantCulture, $"param{i}");
            if (GradientGuard.DescribeNonFinite(p.Grad, name) is { } problem)
            {
                return (name, problem);
            }
        }

        return (null, $"the gradient norm overflowed to {Fmt(norm)}");
    }

    /// <summary>
    /// For a non-finite loss whose gradients are all finite (the loss overflowed in its last reduction, or an activation did in a
    /// way that saturates its derivative): the parameter with the largest gradient norm, which is the one the next step would
    /// move most. Computed only on the refused step. Nothing is named when the weights themselves are not finite
    /// (<see cref="Diverge"/> names the broken parameter then) or when no parameter has a gradient.
    /// </summary>
    private (string? Parameter, string? Problem) LargestGradient()
    {
        if (TrainingMath.FirstNonFiniteParameter(_parameters) != null)
        {
            return (null, "while every gradient is finite");
        }

        string? largest = null;
        double largestNorm = -1;
        for (int i = 0; i < _parameters.Count; i++)
        {
            var g = _parameters[i].Grad;
            if (g == null)
            {
                continue;
            }

            double n = Math.Sqrt(g.DType == DType.Float32 ? TrainingMath.SumOfSquares(g.Span<float>()) : TrainingMath.SumOfSquares(g.Span<double>()));
            if (n > largestNorm)
            {
                largestNorm = n;
                largest = _parameters[i].Name ?? string.Create(CultureInfo.InvariantCulture, $"param{i}");
            }
        }

        return largest == null
            ? (null, "while every gradient is finite")
            : (largest, $"while every gradient is finite (the largest is that of \"{largest}\", norm {Fmt(largestNorm)})");
    }

    private Outcome? Diverge(GroupTotals group, int epoch, DataLoader train, double stepLoss, double? lr, double? norm, string problem, string? parameter, CancellationToken ct)
    {
        var inv = CultureInfo.InvariantCulture;
        if (parameter == null && TrainingMath.FirstNonFiniteParameter(_parameters) is { } bad)
        {
            // A NaN loss from NaN weights: an earlier update overflowed.
            parameter = bad.Name;
            problem += "; " + bad.Problem + " (an earlier update overflowed)";
        }

        bool skip = Options.OnDivergence == DivergencePolicy.Skip && SkippedSteps < Options.MaxSkippedSteps;
        if (skip)
        {
            SkippedSteps++;
            _epoch.Skipped++;
        }

        string suggestion = lr is { } rate and > 0
            ? $"Lower the learning rate (it is {Rate(rate)}; try {Rate(rate / 10)}), or clip the gradients"
            : "Lower the learning rate, or clip the gradients";
        if (Options.OnDivergence == DivergencePolicy.Skip && !skip)
        {
            suggestion = string.Create(inv, $"{Options.MaxSkippedSteps} steps were skipped already (the limit). ") + suggestion;
        }

        var report = new DivergenceReport
        {
            Step = GlobalStep + 1,
            Epoch = epoch,
            Batch = group.LastBatch + 1,
            BatchesPerEpoch = train.BatchesPerEpoch,
            Loss = stepLoss,
            GradientNorm = norm,
            LearningRate = lr,
            Parameter = parameter,
            Problem = problem,
            RecentLosses = _recentLosses.ToArray(),
            SkippedSteps = SkippedSteps,
            Suggestion = suggestion + ".",
            Message = string.Create(inv, $"training diverged at step {GlobalStep + 1} (epoch {epoch}, batch {group.LastBatch + 1} of {train.BatchesPerEpoch}): {problem}. {suggestion}."),
        };
        if (skip)
        {
            // Nothing reached the optimizer: drop the gradients and go on.
            Optimizer.ZeroGrad();
            foreach (var c in _callbacks)
            {
                c.OnStepSkipped(this, report);
            }

            return CheckInterruption(epoch, ct);
        }

        return new Outcome(StopReason.Diverged, report.Message, report);
    }
}
