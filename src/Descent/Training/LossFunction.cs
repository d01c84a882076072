using Descent.Data;
using Descent.NN;

namespace Descent.Training;

/// <summary>A training loss: the model's output for a batch and the batch (targets, labels, sample count) in, a scalar loss out.</summary>
/// <remarks>The trainer assumes a mean over the batch's samples when it weighs batches of different sizes (partial last batches,
/// gradient accumulation, evaluation).</remarks>
public delegate Tensor LossFunction(Tensor output, Batch batch);

/// <summary>The default losses: cross-entropy for classification, mean squared error for regression.</summary>
public static class TrainingLosses
{
    /// <summary>Cross-entropy on logits <c>[N, C]</c> against the batch's class indices (<see cref="Losses.CrossEntropy"/>).</summary>
    public static LossFunction CrossEntropy { get; } = (output, batch) => Losses.CrossEntropy(output, batch.Y);

    /// <summary>
    /// Mean squared error against the batch's targets (<see cref="Losses.Mse"/>); targets with the same number of elements as the
    /// output but another shape (<c>[N]</c> against <c>[N, 1]</c>) are reshaped to the output's shape.
    /// </summary>
    public static LossFunction MeanSquaredError { get; } = (output, batch) =>
    {
        var y = batch.Y;
        if (y.Shape != output.Shape && y.Numel == output.Numel)
        {
            y = y.Reshape(output.Shape.ToArray());
        }

        return Losses.Mse(output, y);
    };

    /// <summary>The loss that fits the data: <see cref="CrossEntropy"/> when it has classes, else <see cref="MeanSquaredError"/>.</summary>
    public static LossFunction For(IDataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return data.ClassCount > 0 ? CrossEntropy : MeanSquaredError;
    }

    /// <summary>The name of <see cref="For"/>'s choice, for logs: <c>cross-entropy</c> or <c>mse</c>.</summary>
    public static string NameFor(IDataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return data.ClassCount > 0 ? "cross-entropy" : "mse";
    }
}
