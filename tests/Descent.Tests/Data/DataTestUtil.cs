using Descent.Data;

namespace Descent.Tests.Data;

/// <summary>Helpers shared by the data tests.</summary>
internal static class DataTestUtil
{
    /// <summary>A regression set whose sample i has features [i, 1000 + i] and target [-i], so every value identifies its sample.</summary>
    public static TensorDataset Indexed(int n, DType dtype = DType.Float32)
    {
        var x = new double[n * 2];
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            x[2 * i] = i;
            x[(2 * i) + 1] = 1000 + i;
            y[i] = -i;
        }

        return new TensorDataset(Tensor.FromArray(x, new Shape(n, 2), dtype), Tensor.FromArray(y, new Shape(n, 1), dtype));
    }

    /// <summary>A classification set: sample i has feature i and label i mod k.</summary>
    public static TensorDataset IndexedClasses(int n, int k)
    {
        var x = new double[n];
        var labels = new int[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = i;
            labels[i] = i % k;
        }

        return new TensorDataset(Tensor.FromArray(x, new Shape(n, 1), DType.Float32), labels, k);
    }

    /// <summary>The sample ids (first feature) of a batch of an <see cref="Indexed"/> set.</summary>
    public static int[] Ids(Batch b)
    {
        var x = b.X.ToArray();
        int row = x.Length / b.Count;
        return Enumerable.Range(0, b.Count).Select(i => (int)x[i * row]).ToArray();
    }

    /// <summary>A fresh empty temporary directory, deleted by <see cref="IDisposable.Dispose"/>.</summary>
    public sealed class TempDir : IDisposable
    {
        public TempDir()
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "descent-data-tests-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Path);
        }

        public string Path { get; }

        public string File(string name) => System.IO.Path.Combine(Path, name);

        public void Dispose()
        {
            try
            {
                Directory.Delete(Path, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
