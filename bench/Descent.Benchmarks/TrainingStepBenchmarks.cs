using BenchmarkDotNet.Attributes;
using Descent.Kernels;
using Descent.NN;
using Descent.Optim;

namespace Descent.Benchmarks;

/// <summary>
/// One training step (zero the gradients, forward, cross-entropy, backward, Adam) on the shapes of <c>docs/performance.md</c>'s
/// training rows, with synthetic data so the data set's loading does not count. The memory diagnoser shows the bytes a step
/// allocates: what the allocation-free training step is measured against.
/// Run: <c>dotnet run -c Release --project bench/Descent.Benchmarks -- --filter *TrainingStep*</c>.
/// </summary>
[MemoryDiagnoser]
public class TrainingStepBenchmarks
{
    private Module _model = null!;
    private Optimizer _optimizer = null!;
    private Tensor _x = null!;
    private Tensor _y = null!;

    /// <summary>
    /// The case: <c>fashion-mlp</c> is mlp:784-256-128-10 at batch 128, <c>mlp1024</c> mlp:784-1024-1024-10 at batch 256 and
    /// <c>lenet</c> cnn:lenet at batch 128 (short names, because BenchmarkDotNet truncates long parameter values).
    /// </summary>
    [Params("fashion-mlp", "mlp1024", "lenet")]
    public string Case { get; set; } = "fashion-mlp";

    /// <summary>Threads (<see cref="Parallelism.Threads"/>).</summary>
    [Params(1, 2)]
    public int Threads { get; set; } = 2;

    /// <summary>Builds the model, Adam(lr = 1e-3) and one batch of uniform pixels and random labels; takes one step to create state.</summary>
    [GlobalSetup]
    public void Setup()
    {
        (string spec, int batch) = Case switch
        {
            "fashion-mlp" => ("mlp:784-256-128-10", 128),
            "mlp1024" => ("mlp:784-1024-1024-10", 256),
            "lenet" => ("cnn:lenet", 128),
            _ => throw new InvalidOperationException($"unknown case {Case}"),
        };
        Parallelism.Threads = Threads;
        var rng = new Rng(3);
        var sample = spec.StartsWith("cnn", StringComparison.Ordinal) ? new Shape(1, 28, 28) : new Shape(784);
        _model = ModelSpec.Build(spec, sample, 10, rng);
        _optimizer = new Adam(_model.Parameters(), lr: 1e-3);
        var xShape = spec.StartsWith("cnn", StringComparison.Ordinal) ? new Shape(batch, 1, 28, 28) : new Shape(batch, 784);
        _x = Tensor.Rand(xShape, rng, DType.Float32);
        var labels = new float[batch];
        for (int i = 0; i < batch; i++)
        {
            labels[i] = i % 10;
        }

        _y = Tensor.FromArray(labels, batch);
        Step();
    }

    /// <summary>Zero the gradients, forward, loss, backward, Adam step.</summary>
    [Benchmark]
    public void Step()
    {
        _optimizer.ZeroGrad();
        var loss = Losses.CrossEntropy(_model.Forward(_x), _y);
        loss.Backward();
        _optimizer.Step();
    }

    /// <summary>Forward and loss only, without recording a graph (evaluation).</summary>
    /// <summary>
    /// The step as the <c>Trainer</c> runs it: forward and backward inside a <see cref="TensorPool"/> scope, gradients zeroed
    /// and accumulated in place, the optimizer's update outside the scope. Compare its allocated bytes with <see cref="Step"/>.
    /// </summary>
    [Benchmark]
    public void StepPooled()
    {
        _optimizer.ZeroGrad(setToNull: false);
        using (TensorPool.Scope())
        {
            var loss = Losses.CrossEntropy(_model.Forward(_x), _y);
            loss.Backward();
        }

        _optimizer.Step();
    }

    [Benchmark]
    public float Forward()
    {
        using var _ = Autograd.NoGrad();
        return (float)Losses.CrossEntropy(_model.Forward(_x), _y).Item();
    }
}
