using BenchmarkDotNet.Attributes;
using Descent.Kernels;

namespace Descent.Benchmarks;

/// <summary>
/// The float32 GEMM on the shapes that matter for training: a large square, and the two layers of an MLP 784-1024-1024 at batch
/// 256 in the layouts the forward pass (A·Bᵀ) and the weight gradient (Aᵀ·B) use.
/// Run: <c>dotnet run -c Release --project bench/Descent.Benchmarks -- --filter *Gemm*</c>.
/// </summary>
[MemoryDiagnoser]
public class GemmBenchmarks
{
    private float[] _a = [];
    private float[] _b = [];
    private float[] _c = [];

    /// <summary>The case: label, then m×n×k and the layout (nn, nt: times Bᵀ, tn: Aᵀ times).</summary>
    [Params("1024^3 nn", "1024^3 nt", "1024^3 tn", "256x1024x784 nn", "256x1024x784 nt", "256x1024x1024 nn", "256x1024x1024 nt", "1024x1024x256 tn")]
    public string Case { get; set; } = "1024^3 nn";

    /// <summary>Threads (<see cref="Parallelism.Threads"/>).</summary>
    [Params(1, 2)]
    public int Threads { get; set; } = 2;

    private int M { get; set; }

    private int N { get; set; }

    private int K { get; set; }

    private bool TransA { get; set; }

    private bool TransB { get; set; }

    /// <summary>Allocates and fills the operands.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var parts = Case.Split(' ');
        var dims = parts[0] == "1024^3" ? [1024, 1024, 1024] : parts[0].Split('x').Select(int.Parse).ToArray();
        (M, N, K) = (dims[0], dims[1], dims[2]);
        TransA = parts[1][0] == 't';
        TransB = parts[1][1] == 't';
        var rng = new Rng(7);
        _a = Tensor.Randn(new Shape(M * K), rng).ToFloatArray();
        _b = Tensor.Randn(new Shape(K * N), rng).ToFloatArray();
        _c = new float[M * N];
        Parallelism.Threads = Threads;
    }

    /// <summary>One product C = op(A)·op(B).</summary>
    [Benchmark]
    public void Multiply() =>
        Gemm.Multiply(TransA, TransB, M, N, K, 1f, _a, TransA ? M : K, _b, TransB ? K : N, 0f, _c, N);
}
