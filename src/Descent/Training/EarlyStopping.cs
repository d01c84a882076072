namespace Descent.Training;

/// <summary>
/// Early stopping on the validation loss (Keras' <c>EarlyStopping(monitor="val_loss")</c>): training stops once the loss has not
/// improved by more than <see cref="MinDelta"/> for <see cref="Patience"/> consecutive epochs, and the best epoch's weights are put
/// back into the model.
/// </summary>
/// <remarks>
/// An epoch improves when <c>val_loss &lt; best − MinDelta</c>. With <see cref="RestoreBestWeights"/> the model holds the best
/// epoch's parameters and buffers when <see cref="Trainer.Fit"/> returns, whether it stopped early, ran every epoch or met a stopping
/// rule (Keras 2 restores only on an early stop); not after a cancellation or <see cref="Trainer.RequestStop"/>, which leave the run
/// ready to continue. The optimizer's state is not rolled back.
/// </remarks>
public sealed record EarlyStopping
{
    /// <summary>Epochs without improvement tolerated before stopping (default 5).</summary>
    public int Patience { get; init; } = 5;

    /// <summary>The smallest decrease of the validation loss that counts as an improvement (default 0).</summary>
    public double MinDelta { get; init; }

    /// <summary>Put the best epoch's weights back into the model at the end (default true).</summary>
    public bool RestoreBestWeights { get; init; } = true;
}
