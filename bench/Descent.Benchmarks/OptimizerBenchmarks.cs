using BenchmarkDotNet.Attributes;
using Descent;
using Descent.Optim;

namespace Descent.Benchmarks;

/// <summary>
/// One optimizer step over large float32 parameters (memory-bound: Adam moves 28 B/parameter) and the per-step overhead on a tiny
/// tensor (what a 2-D function optimization pays per step). Run: <c>dotnet run -c Release --project bench/Descent.Benchmarks -- --filter *OptimizerBenchmarks*</c>.
/// </summary>
[MemoryDiagnoser]
public class OptimizerBenchmarks
{
    private Tensor _big = null!;
    private Tensor _tiny = null!;
    private Optimizer _adam = null!;
    private Optimizer _adamw = null!;
    private Optimizer _sgd = null!;
    private Optimizer _rmsprop = null!;
    private Optimizer _lion = null!;
    private Optimizer _tinyAdam = null!;
    private Tensor[] _mlp = null!;
    private Optimizer _mlpAdam = null!;

    /// <summary>Parameters in the large tensor.</summary>
    [Params(10_000_000)]
    public int N { get; set; }

    /// <summary>Allocates parameters, gradients and optimizers; state is created by a first step.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var rng = new Rng(1);
        _big = Tensor.Randn(new Shape(N), rng, DType.Float32).RequireGrad();
        _big.Grad = Tensor.Randn(new Shape(N), rng, DType.Float32);
        _adam = new Adam([_big], lr: 1e-6);
        _adamw = new AdamW([_big], lr: 1e-6);
        _sgd = new Sgd([_big], lr: 1e-6, momentum: 0.9);
        _rmsprop = new RmsProp([_big], lr: 1e-6);
        _lion = new Lion([_big], lr: 1e-9);
        foreach (var o in new[] { _adam, _adamw, _sgd, _rmsprop, _lion })
        {
            o.Step();
        }

        _tiny = Tensor.FromArray([1.0, 2.0], 2).RequireGrad();
        _tiny.Grad = Tensor.FromArray([0.1, 0.2], 2);
        _tinyAdam = new Adam([_tiny], lr: 1e-9);
        _tinyAdam.Step();

        // The parameter tensors of Linear(784,1024)-Linear(1024,1024)-Linear(1024,10): 1.86 M parameters in 6 tensors.
        int[][] shapes = [[1024, 784], [1024], [1024, 1024], [1024], [10, 1024], [10]];
        _mlp = shapes.Select(s =>
        {
            var t = Tensor.Randn(new Shape(s), rng, DType.Float32).RequireGrad();
            t.Grad = Tensor.Randn(new Shape(s), rng, DType.Float32);
            return t;
        }).ToArray();
        _mlpAdam = new Adam(_mlp, lr: 1e-6);
        _mlpAdam.Step();
    }

    /// <summary>Adam on N float32 parameters.</summary>
    [Benchmark(Baseline = true)]
    public void AdamStep() => _adam.Step();

    /// <summary>AdamW on N float32 parameters.</summary>
    [Benchmark]
    public void AdamWStep() => _adamw.Step();

    /// <summary>SGD with momentum on N float32 parameters (20 B/parameter).</summary>
    [Benchmark]
    public void SgdMomentumStep() => _sgd.Step();

    /// <summary>RMSprop on N float32 parameters.</summary>
    [Benchmark]
    public void RmsPropStep() => _rmsprop.Step();

    /// <summary>Lion on N float32 parameters.</summary>
    [Benchmark]
    public void LionStep() => _lion.Step();

    /// <summary>Adam over an MLP's six tensors (1.86 M parameters, mostly L3-resident).</summary>
    [Benchmark]
    public void AdamMlpStep() => _mlpAdam.Step();

    /// <summary>Adam on a 2-element tensor: the fixed cost of a step.</summary>
    [Benchmark]
    public void AdamTinyStep() => _tinyAdam.Step();
}
