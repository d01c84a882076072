using System.Globalization;

namespace Descent.Tests;

/// <summary>
/// Settings and mutations shared by the fuzz tests. Each fuzz test runs a few thousand seeded cases by default (fast enough for
/// every test run); <c>DESCENT_FUZZ_ITERATIONS=N</c> runs N cases in each instead, and <c>DESCENT_FUZZ_SEED=S</c> mixes S into
/// every test's seed to explore other cases (see docs/reliability.md for the long run).
/// </summary>
internal static class Fuzz
{
    /// <summary>
    /// The number of cases to run: <paramref name="fast"/>, or DESCENT_FUZZ_ITERATIONS when it is set to more (the variable only
    /// lengthens runs, so the tests' minimum counts of accepted and rejected cases still hold).
    /// </summary>
    public static int Iterations(int fast)
    {
        var value = Environment.GetEnvironmentVariable("DESCENT_FUZZ_ITERATIONS");
        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > fast ? n : fast;
    }

    /// <summary>A generator for one fuzz test: <paramref name="seed"/>, mixed with DESCENT_FUZZ_SEED when it is set.</summary>
    public static Rng Seeded(ulong seed)
    {
        var value = Environment.GetEnvironmentVariable("DESCENT_FUZZ_SEED");
        return ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out ulong extra) && extra != 0
            ? Descent.Rng.ForStream(seed, extra)
            : new Rng(seed);
    }

    /// <summary>
    /// A new empty directory for a fuzz test's files: in memory (<c>/dev/shm</c>) where the machine has it, because thousands of small
    /// writes to a real disk take seconds, else under the temporary directory.
    /// </summary>
    public static string ScratchDirectory(string prefix)
    {
        const string Shm = "/dev/shm";
        string root = OperatingSystem.IsLinux() && Directory.Exists(Shm) ? Shm : Path.GetTempPath();
        string path = Path.Combine(root, prefix + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>
    /// One to three random edits of <paramref name="original"/>: a byte overwritten (half the time within the first
    /// <paramref name="headerBytes"/> bytes, where headers live), a bit flipped, a byte inserted or deleted, a run of bytes duplicated,
    /// or the tail cut off.
    /// </summary>
    public static byte[] Mutate(byte[] original, Rng rng, int headerBytes = 16)
    {
        var b = new List<byte>(original);
        int ops = 1 + rng.NextInt(3);
        for (int k = 0; k < ops && b.Count > 0; k++)
        {
            switch (rng.NextInt(6))
            {
                case 0:
                    int at = rng.NextInt(2) == 0 ? rng.NextInt(Math.Min(headerBytes, b.Count)) : rng.NextInt(b.Count);
                    b[at] = (byte)rng.NextInt(256);
                    break;
                case 1:
                    int bit = rng.NextInt(b.Count * 8);
                    b[bit / 8] ^= (byte)(1 << (bit % 8));
                    break;
                case 2:
                    b.Insert(rng.NextInt(b.Count + 1), (byte)rng.NextInt(256));
                    break;
                case 3:
                    b.RemoveAt(rng.NextInt(b.Count));
                    break;
                case 4:
                    int from = rng.NextInt(b.Count);
                    int length = Math.Min(b.Count - from, 1 + rng.NextInt(16));
                    b.InsertRange(rng.NextInt(b.Count + 1), b.GetRange(from, length));
                    break;
                default:
                    int keep = rng.NextInt(b.Count);
                    b.RemoveRange(keep, b.Count - keep);
                    break;
            }
        }

        return [.. b];
    }
}
