namespace Descent.Training;

/// <summary>A model's loss and accuracy on a data set, from <see cref="Trainer.Evaluate"/>.</summary>
/// <param name="Loss">The mean loss over the samples.</param>
/// <param name="Accuracy">The fraction classified correctly; null for regression.</param>
/// <param name="Count">The number of samples.</param>
public sealed record EvaluationResult(double Loss, double? Accuracy, int Count);
