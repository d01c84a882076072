using System.Runtime.CompilerServices;

namespace Descent;

/// <summary>
/// A seeded random number generator that gives the same numbers on every OS, CPU and .NET version:
/// Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", SC 2011), a counter-based generator.
/// </summary>
/// <remarks>
/// <para>The 64-bit seed is the Philox key; a 128-bit counter advances by one per block of four 32-bit words. Uniform floats take
/// the top 24 bits of a word (<c>u · 2⁻²⁴</c>), doubles 53 bits of two words; normals use the Box–Muller transform on pairs, with the
/// first uniform mapped to (0, 1] so that log never sees zero. Integers below <c>n</c> use Lemire's unbiased multiply-shift.</para>
/// <para><see cref="System.Random"/> makes no such promise across versions, so nothing in Descent uses it.</para>
/// </remarks>
public sealed class Rng
{
    private const uint M0 = 0xD2511F53, M1 = 0xCD9E8D57, W0 = 0x9E3779B9, W1 = 0xBB67AE85;

    private readonly uint _k0, _k1;
    private ulong _counterLo, _counterHi;
    private uint _b0, _b1, _b2, _b3;
    private int _used = 4;

    /// <summary>Creates a generator from a seed.</summary>
    public Rng(ulong seed)
    {
        Seed = seed;
        _k0 = (uint)seed;
        _k1 = (uint)(seed >> 32);
    }

    /// <summary>The seed this generator was created with.</summary>
    public ulong Seed { get; }

    /// <summary>The full state (seed, counter, position in the current block), so a run can resume exactly.</summary>
    public RngState GetState() => new(Seed, _counterLo, _counterHi, _used, [_b0, _b1, _b2, _b3]);

    /// <summary>Restores a state captured by <see cref="GetState"/>.</summary>
    /// <exception cref="ArgumentException">The state belongs to a generator with another seed, or is malformed.</exception>
    public void SetState(RngState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Seed != Seed)
        {
            throw new ArgumentException($"RNG state was captured with seed {state.Seed}, this generator has seed {Seed}", nameof(state));
        }

        if (state.Used is < 0 or > 4 || state.Block.Length != 4)
        {
            throw new ArgumentException("RNG state is malformed (block position outside 0..4)", nameof(state));
        }

        _counterLo = state.CounterLo;
        _counterHi = state.CounterHi;
        _used = state.Used;
        (_b0, _b1, _b2, _b3) = (state.Block[0], state.Block[1], state.Block[2], state.Block[3]);
    }

    /// <summary>A generator whose stream is independent of this one (the key is derived from the seed and <paramref name="stream"/>).</summary>
    public static Rng ForStream(ulong seed, ulong stream) => new(SplitMix(seed ^ SplitMix(stream + 0x9E3779B97F4A7C15UL)));

    /// <summary>The next 32 random bits.</summary>
    public uint NextUInt32()
    {
        if (_used == 4)
        {
            NextBlock();
        }

        return _used++ switch
        {
            0 => _b0,
            1 => _b1,
            2 => _b2,
            _ => _b3,
        };
    }

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64() => ((ulong)NextUInt32() << 32) | NextUInt32();

    /// <summary>A uniform float in [0, 1) with 24 random bits.</summary>
    public float NextFloat() => (NextUInt32() >> 8) * (1.0f / 16777216f);

    /// <summary>A uniform double in [0, 1) with 53 random bits.</summary>
    public double NextDouble()
    {
        ulong a = NextUInt32() >> 5, b = NextUInt32() >> 6;
        return ((a * 67108864UL) + b) * (1.0 / 9007199254740992.0);
    }

    /// <summary>A uniform integer in [0, <paramref name="n"/>), without modulo bias (Lemire 2019).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> is not positive.</exception>
    public int NextInt(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        uint un = (uint)n;
        ulong m = (ulong)NextUInt32() * un;
        uint low = (uint)m;
        if (low < un)
        {
            uint threshold = (uint)(-un % un);
            while (low < threshold)
            {
                m = (ulong)NextUInt32() * un;
                low = (uint)m;
            }
        }

        return (int)(m >> 32);
    }

    /// <summary>A standard normal sample (Box–Muller; one of the pair is discarded so the stream position is simple).</summary>
    public double NextNormal()
    {
        double u1 = 1.0 - NextDouble();
        double u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>Fills <paramref name="dst"/> with uniform samples in [<paramref name="low"/>, <paramref name="high"/>).</summary>
    public void FillUniform(Span<float> dst, double low = 0, double high = 1)
    {
        float lo = (float)low, width = (float)(high - low);
        for (int i = 0; i < dst.Length; i++)
        {
            dst[i] = lo + (width * NextFloat());
        }
    }

    /// <summary>Fills <paramref name="dst"/> with uniform samples in [<paramref name="low"/>, <paramref name="high"/>).</summary>
    public void FillUniform(Span<double> dst, double low = 0, double high = 1)
    {
        double width = high - low;
        for (int i = 0; i < dst.Length; i++)
        {
            dst[i] = low + (width * NextDouble());
        }
    }

    /// <summary>Fills <paramref name="dst"/> with normal samples N(<paramref name="mean"/>, <paramref name="std"/>²), two per Box–Muller pair.</summary>
    public void FillNormal(Span<double> dst, double mean = 0, double std = 1)
    {
        for (int i = 0; i < dst.Length; i += 2)
        {
            double u1 = 1.0 - NextDouble(), u2 = NextDouble();
            double r = Math.Sqrt(-2.0 * Math.Log(u1)), t = 2.0 * Math.PI * u2;
            dst[i] = mean + (std * r * Math.Cos(t));
            if (i + 1 < dst.Length)
            {
                dst[i + 1] = mean + (std * r * Math.Sin(t));
            }
        }
    }

    /// <summary>Fills <paramref name="dst"/> with normal samples N(<paramref name="mean"/>, <paramref name="std"/>²), two per Box–Muller pair.</summary>
    public void FillNormal(Span<float> dst, double mean = 0, double std = 1)
    {
        for (int i = 0; i < dst.Length; i += 2)
        {
            double u1 = 1.0 - NextDouble(), u2 = NextDouble();
            double r = Math.Sqrt(-2.0 * Math.Log(u1)), t = 2.0 * Math.PI * u2;
            dst[i] = (float)(mean + (std * r * Math.Cos(t)));
            if (i + 1 < dst.Length)
            {
                dst[i + 1] = (float)(mean + (std * r * Math.Sin(t)));
            }
        }
    }

    /// <summary>A uniformly random permutation of 0..n-1 (Fisher–Yates).</summary>
    public int[] Permutation(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        var p = new int[n];
        for (int i = 0; i < n; i++)
        {
            p[i] = i;
        }

        for (int i = n - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (p[i], p[j]) = (p[j], p[i]);
        }

        return p;
    }

    private void NextBlock()
    {
        uint c0 = (uint)_counterLo, c1 = (uint)(_counterLo >> 32), c2 = (uint)_counterHi, c3 = (uint)(_counterHi >> 32);
        uint k0 = _k0, k1 = _k1;
        for (int round = 0; round < 10; round++)
        {
            ulong p0 = (ulong)M0 * c0, p1 = (ulong)M1 * c2;
            uint hi0 = (uint)(p0 >> 32), lo0 = (uint)p0, hi1 = (uint)(p1 >> 32), lo1 = (uint)p1;
            (c0, c1, c2, c3) = (hi1 ^ c1 ^ k0, lo1, hi0 ^ c3 ^ k1, lo0);
            k0 += W0;
            k1 += W1;
        }

        (_b0, _b1, _b2, _b3) = (c0, c1, c2, c3);
        _used = 0;
        if (++_counterLo == 0)
        {
            _counterHi++;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong SplitMix(ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }
}

/// <summary>A snapshot of an <see cref="Rng"/>: seed, 128-bit counter and the unread part of the current block.</summary>
/// <param name="Seed">The generator's seed.</param>
/// <param name="CounterLo">Low 64 bits of the block counter.</param>
/// <param name="CounterHi">High 64 bits of the block counter.</param>
/// <param name="Used">Words of the current block already returned (4 = none left).</param>
/// <param name="Block">The current block of four words.</param>
public sealed record RngState(ulong Seed, ulong CounterLo, ulong CounterHi, int Used, uint[] Block);
