namespace Descent.Analysis;

/// <summary>Argument checks shared by the operators and functions of this namespace.</summary>
internal static class OperatorChecks
{
    public static void CheckLengths(int dimension, ReadOnlySpan<double> vector, Span<double> result)
    {
        if (vector.Length != dimension)
        {
            throw new ArgumentException($"The vector has {vector.Length} entries but the operator acts on ℝ^{dimension}", nameof(vector));
        }

        if (result.Length != dimension)
        {
            throw new ArgumentException($"The result span has {result.Length} entries but the operator acts on ℝ^{dimension}", nameof(result));
        }
    }

    public static void CheckPoint(string what, int dimension, int length, string parameter)
    {
        if (length != dimension)
        {
            throw new ArgumentException($"{what}: the point has {length} coordinate{(length == 1 ? "" : "s")} but the function takes {dimension}", parameter);
        }
    }

    public static void CheckFinite(ReadOnlySpan<double> values, string what, string parameter)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                throw new ArgumentException($"{what} has a non-finite value {values[i]} at index {i}", parameter);
            }
        }
    }
}
