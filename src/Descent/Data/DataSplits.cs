using System.Globalization;
using System.Text;

namespace Descent.Data;

/// <summary>The splits produced by <see cref="Datasets.Load"/>: training data, and validation and test data when there are any.</summary>
/// <param name="Train">The training samples.</param>
/// <param name="Validation">Held-out samples for model selection (from the spec's <c>val=</c> fraction), or null.</param>
/// <param name="Test">The test samples (the data set's own test split, or the spec's <c>test=</c> fraction), or null.</param>
public sealed record DataSplits(IDataset Train, IDataset? Validation = null, IDataset? Test = null)
{
    /// <summary>The data set's name, such as <c>moons</c>.</summary>
    public string Name { get; init; } = "";

    /// <summary>The spec the splits were loaded from.</summary>
    public string Spec { get; init; } = "";

    /// <summary>The standardizer fitted on <see cref="Train"/> and already applied to every split, or null.</summary>
    public Standardizer? Standardizer { get; init; }

    /// <summary>One line for logs, e.g. <c>moons: train 800, validation 200; features [2], 2 classes, float32</c>.</summary>
    public string Describe()
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append(Name).Append(": train ").Append(Train.Count.ToString(inv));
        if (Validation != null)
        {
            sb.Append(", validation ").Append(Validation.Count.ToString(inv));
        }

        if (Test != null)
        {
            sb.Append(", test ").Append(Test.Count.ToString(inv));
        }

        sb.Append("; features ").Append(Train.SampleShape.ToString()).Append(", ");
        sb.Append(Train.ClassCount > 0 ? string.Create(inv, $"{Train.ClassCount} classes") : $"targets {Train.TargetShape}");
        sb.Append(", ").Append(Train.DType.Name());
        if (Standardizer != null)
        {
            sb.Append(", standardized (").Append(Standardizer.Mode.ToString()).Append(')');
        }

        return sb.ToString();
    }

    /// <inheritdoc cref="Describe"/>
    public override string ToString() => Describe();
}
