using Descent.Data;

namespace Descent.Tests.Data;

/// <summary>
/// A fact that runs only when Fashion-MNIST is installed in one of the standard directories (for example through
/// <c>apt-get install dataset-fashion-mnist</c>); otherwise it is reported as skipped with the reason.
/// </summary>
/// <remarks>xunit 2.9 has no dynamic skip, so the attribute decides at discovery time by setting <see cref="FactAttribute.Skip"/>.</remarks>
[AttributeUsage(AttributeTargets.Method)]
public sealed class FashionMnistFactAttribute : FactAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> when the data set is not installed.</summary>
    public FashionMnistFactAttribute()
    {
        if (InstalledDirectory() == null)
        {
            Skip = "Fashion-MNIST is not installed (sudo apt-get install dataset-fashion-mnist, or see DataDirectories.For)";
        }
    }

    /// <summary>The first standard directory holding the four files, or null.</summary>
    public static string? InstalledDirectory() =>
        DataDirectories.For(MnistDatasets.FashionMnistName).FirstOrDefault(d =>
            new[] { "train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte" }
                .All(f => File.Exists(Path.Combine(d, f)) || File.Exists(Path.Combine(d, f + ".gz"))));
}
