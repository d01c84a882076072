using System.Diagnostics;
using Descent.Data;
using Descent.NN;
using Descent.Optim;

namespace Descent.Demo;

/// <summary>The state of a training run after one epoch (epoch 0 is before the first update).</summary>
/// <param name="Epoch">Epochs completed.</param>
/// <param name="Updates">Optimizer steps taken so far.</param>
/// <param name="TrainLoss">The loss on the whole training set, evaluated after the epoch (not the mean of the batch losses).</param>
/// <param name="ValidationLoss">The loss on the validation set, or null without one.</param>
/// <param name="TrainAccuracy">The training accuracy for classification data, else null.</param>
/// <param name="ValidationAccuracy">The validation accuracy for classification data with a validation set, else null.</param>
public sealed record EpochRecord(int Epoch, long Updates, double TrainLoss, double? ValidationLoss, double? TrainAccuracy, double? ValidationAccuracy);

/// <summary>What a <see cref="TrainingLoop"/> run recorded.</summary>
public sealed class TrainingHistory
{
    internal TrainingHistory(List<double> batchLosses, List<EpochRecord> epochs, TimeSpan elapsed, string? diverged)
    {
        BatchLosses = batchLosses;
        Epochs = epochs;
        Elapsed = elapsed;
        Diverged = diverged;
    }

    /// <summary>The loss of each update's own batch (what the optimizer saw), in update order.</summary>
    public IReadOnlyList<double> BatchLosses { get; }

    /// <summary>One record per epoch, from epoch 0 (the initial weights).</summary>
    public IReadOnlyList<EpochRecord> Epochs { get; }

    /// <summary>Wall-clock time of the training (evaluations included).</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>Why training stopped early (a non-finite loss), or null.</summary>
    public string? Diverged { get; }

    /// <summary>The last epoch's record.</summary>
    public EpochRecord Final => Epochs[^1];
}

/// <summary>Options of a <see cref="TrainingLoop"/> run.</summary>
public sealed record TrainingOptions
{
    /// <summary>Passes over the training set.</summary>
    public int Epochs { get; init; } = 10;

    /// <summary>Samples per update; the training set's size (or more) gives full-batch gradient descent.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>The shuffle seed: the same seed visits the samples in the same order.</summary>
    public ulong Seed { get; init; }

    /// <summary>Called after every update with the number of updates so far (to record the parameters' path), or null.</summary>
    public Action<long>? AfterUpdate { get; init; }

    /// <summary>
    /// Runs each update's forward and backward pass and each evaluation chunk in a <see cref="TensorPool"/> scope and zeroes the
    /// gradients in place, as the <see cref="Training.Trainer"/> does (default on): a steady-state update then allocates almost no
    /// tensor storage. The numbers are bit-identical either way; off gives the textbook loop (gradients set to null each update).
    /// </summary>
    public bool PoolTensors { get; init; } = true;
}

/// <summary>
/// The lectures' training loop, written out: for each batch, zero the gradients, run the model forward, compute the loss,
/// backpropagate, take an optimizer step (lecture 000's pseudo code). Mean-squared error for regression data, cross-entropy for
/// classification data; every epoch ends with an evaluation of the whole training and validation sets.
/// </summary>
/// <remarks>
/// This is deliberately the short loop a learner would write, not a full trainer: no checkpoints, callbacks or mixed
/// precision. It is what <c>descent compare --data</c> and the demo's training sections run.
/// </remarks>
public static class TrainingLoop
{
    /// <summary>Trains <paramref name="model"/> with <paramref name="optimizer"/> and records the curves.</summary>
    /// <exception cref="ArgumentException">The data sets do not fit the model, or the options are invalid.</exception>
    public static TrainingHistory Run(Module model, Optimizer optimizer, IDataset train, IDataset? validation, TrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Epochs < 0)
        {
            throw new ArgumentException($"epochs must be at least 0, got {options.Epochs}", nameof(options));
        }

        if (options.BatchSize < 1)
        {
            throw new ArgumentException($"batch size must be at least 1, got {options.BatchSize}", nameof(options));
        }

        var clock = Stopwatch.StartNew();
        var loader = new DataLoader(train, Math.Min(options.BatchSize, train.Count), shuffle: true, seed: options.Seed);
        var batchLosses = new List<double>();
        bool pool = options.PoolTensors;
        var epochs = new List<EpochRecord> { Record(model, train, validation, 0, 0, pool) };

        long updates = 0;
        string? diverged = null;
        for (int epoch = 0; epoch < options.Epochs && diverged == null; epoch++)
        {
            model.Train();
            foreach (var batch in loader.EpochBatches(epoch))
            {
                double value;
                if (optimizer.Info.RequiresClosure)
                {
                    // LBFGS and the look-ahead Nesterov re-evaluate the batch loss inside their step.
                    value = optimizer.Step(() =>
                    {
                        optimizer.ZeroGrad();
                        var l = Loss(model.Forward(batch.X), batch.Y, train.ClassCount > 0);
                        l.Backward();
                        return l;
                    });
                }
                else
                {
                    value = GradientStep(model, optimizer, batch, train.ClassCount > 0, pool);
                }

                updates++;
                batchLosses.Add(value);
                if (!double.IsFinite(value))
                {
                    diverged = $"the loss became {DemoText.R(value)} at update {updates} (epoch {epoch + 1}); try a smaller learning rate";
                    break;
                }

                options.AfterUpdate?.Invoke(updates);
            }

            if (diverged == null)
            {
                epochs.Add(Record(model, train, validation, epoch + 1, updates, pool));
            }
        }

        return new TrainingHistory(batchLosses, epochs, clock.Elapsed, diverged);
    }

    /// <summary>
    /// The mean loss and (for classification) the accuracy of <paramref name="model"/> over all of <paramref name="data"/>,
    /// without recording gradients.
    /// </summary>
    public static (double Loss, double? Accuracy) Evaluate(Module model, IDataset data) => Evaluate(model, data, pool: true);

    /// <summary>
    /// One update of a first-order optimizer: zero the gradients, forward, loss, backward, step; returns the batch's loss. With
    /// <paramref name="pool"/>, the passes run in a <see cref="TensorPool"/> scope (their temporaries are reused by the next update)
    /// and the gradients are zeroed in place rather than dropped, so the leaf gradients, allocated unpooled on the first backward
    /// pass, are reused too; adding a gradient to zeros gives the gradient exactly, so the numbers do not change.
    /// </summary>
    internal static double GradientStep(Module model, Optimizer optimizer, Batch batch, bool classification, bool pool)
    {
        optimizer.ZeroGrad(setToNull: !pool);
        double value;
        using (pool ? TensorPool.Scope() : default)
        {
            var loss = Loss(model.Forward(batch.X), batch.Y, classification);
            loss.Backward();
            value = loss.Item();
        }

        optimizer.Step();
        return value;
    }

    private static (double Loss, double? Accuracy) Evaluate(Module model, IDataset data, bool pool)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        bool classification = data.ClassCount > 0;
        using var _ = Autograd.NoGrad();
        double lossSum = 0, correct = 0;
        const int chunk = 4096;
        for (int start = 0; start < data.Count; start += chunk)
        {
            int count = Math.Min(chunk, data.Count - start);
            var indices = Enumerable.Range(start, count).ToArray();
            using var scope = pool ? TensorPool.Scope() : default;
            var batch = data.GetBatch(indices);
            var output = model.Forward(batch.X);
            lossSum += Loss(output, batch.Y, classification).Item() * count;
            if (classification)
            {
                correct += Losses.Accuracy(output, batch.Y) * count;
            }
        }

        return (lossSum / data.Count, classification ? correct / data.Count : null);
    }

    /// <summary>Cross-entropy on class indices for classification, mean-squared error otherwise.</summary>
    internal static Tensor Loss(Tensor output, Tensor target, bool classification) =>
        classification ? Losses.CrossEntropy(output, target) : Losses.Mse(output, target);

    private static EpochRecord Record(Module model, IDataset train, IDataset? validation, int epoch, long updates, bool pool)
    {
        model.Eval();
        var (trainLoss, trainAccuracy) = Evaluate(model, train, pool);
        double? validationLoss = null, validationAccuracy = null;
        if (validation != null)
        {
            (validationLoss, validationAccuracy) = Evaluate(model, validation, pool);
        }

        model.Train();
        return new EpochRecord(epoch, updates, trainLoss, validationLoss, trainAccuracy, validationAccuracy);
    }
}
