namespace Descent.Tests.Schedules;

internal static class ScheduleAssert
{
    /// <summary>
    /// Relative tolerance for PyTorch parity in float64 (a few units in the last place). On Linux/glibc every fixture matches bit for
    /// bit (tolerance 0); the slack is for another C runtime's cos/pow/exp.
    /// </summary>
    public const double Tolerance = 1e-15;

    /// <summary>Asserts every element agrees within <see cref="Tolerance"/> relative (exactly for zeros).</summary>
    public static void Close(IReadOnlyList<double> expected, IReadOnlyList<double> actual, string what)
    {
        Assert.True(expected.Count == actual.Count, $"{what}: expected {expected.Count} values, got {actual.Count}");
        for (int i = 0; i < expected.Count; i++)
        {
            double e = expected[i], a = actual[i];
            bool ok = e == a || Math.Abs(e - a) <= Tolerance * Math.Max(Math.Abs(e), Math.Abs(a));
            Assert.True(ok, $"{what}: step {i}: expected {e:R}, got {a:R} (relative error {Math.Abs(e - a) / Math.Max(Math.Abs(e), Math.Abs(a)):E2})");
        }
    }
}
