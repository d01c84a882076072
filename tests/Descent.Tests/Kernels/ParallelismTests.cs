using Descent.Kernels;

namespace Descent.Tests.Kernels;

public class ParallelismTests
{
    [Fact]
    public void For_CoversEveryIndexExactlyOnce()
    {
        var hits = new int[100_003];
        Parallelism.For(hits.Length, 1000, (s, e) =>
        {
            for (int i = s; i < e; i++)
            {
                Interlocked.Increment(ref hits[i]);
            }
        });
        Assert.All(hits, h => Assert.Equal(1, h));
    }

    [Fact]
    public void For_PropagatesExceptionFromWorker()
    {
        Assert.Throws<InvalidOperationException>(() => Parallelism.For(100_000, 10, (s, e) =>
        {
            if (s > 0)
            {
                throw new InvalidOperationException("boom");
            }
        }));
    }

    [Fact]
    public void For_NestedCall_RunsWithoutDeadlock()
    {
        long total = 0;
        Parallelism.For(4, 1, (s, e) =>
        {
            for (int i = s; i < e; i++)
            {
                Parallelism.For(1000, 10, (a, b) => Interlocked.Add(ref total, b - a));
            }
        });
        Assert.Equal(4 * 1000, total);
    }

    [Fact]
    public void ForParts_RunsEveryPart()
    {
        var seen = new int[7];
        Parallelism.ForParts(7, p => Interlocked.Increment(ref seen[p]));
        Assert.All(seen, v => Assert.Equal(1, v));
    }

    [Fact]
    public void Threads_OutOfRange_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Parallelism.Threads = 0);
    }
}
