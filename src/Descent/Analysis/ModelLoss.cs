using Descent.Data;
using Descent.NN;

namespace Descent.Analysis;

/// <summary>
/// A network's loss on fixed data as a function of its flattened parameters, L(θ) = Σ_b (n_b/N)·loss(model_θ(X_b), Y_b): the
/// adapter that lets the Hessian tools, landscapes and spectra treat a model as a point in ℝⁿ (<see cref="ParameterLayout"/>).
/// </summary>
/// <remarks>
/// <para>Every call writes θ into the model's own parameter tensors (rounded to the model's dtype) and leaves it there; read
/// <see cref="Layout"/> before and write it back afterwards to restore the model. The loss is computed in evaluation mode, as
/// PyHessian does, so that dropout is off and batch norm uses its running statistics: L is then a deterministic function of θ.
/// The model's training/evaluation mode is restored after each call.</para>
/// <para>Arithmetic happens in the model's dtype (float32 for most networks; gradients and Hessian-vector products come back
/// as doubles). Each batch's loss is a mean over its samples; batches are weighted by their size.</para>
/// </remarks>
public sealed class ModelLoss : IDifferentiableFunction
{
    private readonly (Tensor X, Tensor Y, Batch Batch, double Weight)[] _batches;
    private readonly Func<Tensor, Batch, Tensor> _loss;
    private long _version;

    /// <summary>The loss of <paramref name="model"/> on <paramref name="batches"/>.</summary>
    /// <param name="model">The network; its parameters (all of one dtype) are the coordinates.</param>
    /// <param name="batches">The fixed evaluation data (one or more batches).</param>
    /// <param name="loss">Per-batch mean loss from the model's output and the batch; by default cross-entropy for classification
    /// batches (those with <see cref="Batch.Labels"/>) and mean squared error otherwise.</param>
    /// <exception cref="ArgumentException">No batches, or the model has no parameters.</exception>
    public ModelLoss(Module model, IReadOnlyList<Batch> batches, Func<Tensor, Batch, Tensor>? loss = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(batches);
        if (batches.Count == 0)
        {
            throw new ArgumentException("ModelLoss needs at least one batch of evaluation data", nameof(batches));
        }

        Model = model;
        Layout = ParameterLayout.Of(model);
        _loss = loss ?? DefaultLoss;
        long total = batches.Sum(b => (long)b.Count);
        var dtype = Layout.DType;
        _batches = batches
            .Select(b => (b.X.DType == dtype ? b.X : b.X.To(dtype), b.Y.DType == dtype ? b.Y : b.Y.To(dtype), b, (double)b.Count / total))
            .ToArray();
        Samples = (int)Math.Min(int.MaxValue, total);
        IsClassification = batches.All(b => b.Labels.Length == b.Count && b.Count > 0);
    }

    /// <summary>The network.</summary>
    public Module Model { get; }

    /// <summary>How θ maps onto the model's parameter tensors.</summary>
    public ParameterLayout Layout { get; }

    /// <summary>The number of evaluation samples.</summary>
    public int Samples { get; }

    /// <summary>Whether every batch carries class labels (then <see cref="Evaluate"/> reports accuracy).</summary>
    public bool IsClassification { get; }

    /// <inheritdoc/>
    public int Dimension => Layout.Count;

    /// <summary>
    /// The loss of <paramref name="model"/> on the first <paramref name="samples"/> samples of <paramref name="data"/> (in the data
    /// set's order, so the same call always sees the same samples), in batches of <paramref name="batchSize"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A count is not positive.</exception>
    public static ModelLoss FromDataset(Module model, IDataset data, int samples = int.MaxValue, int batchSize = 2048, Func<Tensor, Batch, Tensor>? loss = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(samples);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        int n = Math.Min(samples, data.Count);
        var batches = new List<Batch>();
        for (int start = 0; start < n; start += batchSize)
        {
            int count = Math.Min(batchSize, n - start);
            batches.Add(data.GetBatch(Enumerable.Range(start, count).ToArray()) with { Index = batches.Count });
        }

        return new ModelLoss(model, batches, loss);
    }

    /// <summary>The model's current parameters as a flat vector.</summary>
    public double[] GetParameters() => Layout.Read();

    /// <summary>Writes θ into the model.</summary>
    /// <exception cref="ArgumentException">θ has the wrong length.</exception>
    public void SetParameters(ReadOnlySpan<double> parameters)
    {
        Layout.Write(parameters);
        _version++;
    }

    /// <inheritdoc/>
    public double Value(ReadOnlySpan<double> point) => Evaluate(point).Loss;

    /// <summary>The loss and, for classification, the accuracy (else NaN) at θ = <paramref name="point"/>.</summary>
    /// <exception cref="ArgumentException">θ has the wrong length.</exception>
    public (double Loss, double Accuracy) Evaluate(ReadOnlySpan<double> point)
    {
        SetParameters(point);
        return EvaluateCurrent();
    }

    /// <summary>The loss and, for classification, the accuracy (else NaN) at the model's current parameters.</summary>
    public (double Loss, double Accuracy) EvaluateCurrent()
    {
        using var mode = new EvaluationMode(Model);
        using var _ = Autograd.NoGrad();
        double loss = 0, accuracy = 0;
        foreach (var (x, y, batch, weight) in _batches)
        {
            var output = Model.Forward(x);
            loss += weight * _loss(output, batch with { X = x, Y = y }).Item();
            if (IsClassification)
            {
                accuracy += weight * Losses.Accuracy(output.Rank == 2 ? output : output.Reshape(output.Shape[0], -1), y);
            }
        }

        return (loss, IsClassification ? accuracy : double.NaN);
    }

    /// <inheritdoc/>
    public double ValueAndGradient(ReadOnlySpan<double> point, Span<double> gradient)
    {
        if (gradient.Length != Dimension)
        {
            throw new ArgumentException($"The gradient span has {gradient.Length} entries but the model has {Dimension} parameters", nameof(gradient));
        }

        SetParameters(point);
        using var mode = new EvaluationMode(Model);
        var parameters = Layout.Tensors.ToArray();
        var part = new double[Dimension];
        gradient.Clear();
        double loss = 0;
        using var _ = Autograd.EnableGrad();
        foreach (var (x, y, batch, weight) in _batches)
        {
            var l = _loss(Model.Forward(x), batch with { X = x, Y = y });
            loss += weight * l.Item();
            if (!l.RequiresGrad)
            {
                continue;
            }

            Layout.Flatten(Autograd.Grad(l, parameters, allowUnused: true), part);
            for (int i = 0; i < part.Length; i++)
            {
                gradient[i] += weight * part[i];
            }
        }

        return loss;
    }

    /// <inheritdoc/>
    /// <remarks>
    /// The forward and gradient graphs of every batch are recorded once and kept for the operator's lifetime (memory of about
    /// two training steps on all the evaluation data). If the model's parameters are changed through this object in between,
    /// each product first writes the operator's point back.
    /// </remarks>
    public ISymmetricOperator HessianAt(ReadOnlySpan<double> point)
    {
        SetParameters(point);
        var theta = point.ToArray();
        long version = _version;
        var parameters = Layout.Tensors.ToArray();
        var total = new Tensor?[parameters.Length];
        using (new EvaluationMode(Model))
        using (Autograd.EnableGrad())
        {
            foreach (var (x, y, batch, weight) in _batches)
            {
                var l = _loss(Model.Forward(x), batch with { X = x, Y = y });
                if (!l.RequiresGrad)
                {
                    continue;
                }

                var g = Autograd.Grad(l, parameters, createGraph: true, allowUnused: true);
                for (int i = 0; i < g.Length; i++)
                {
                    var weighted = _batches.Length == 1 ? g[i] : g[i] * weight;
                    total[i] = total[i] == null ? weighted : total[i]! + weighted;
                }
            }
        }

        var gradients = total.Select((t, i) => t ?? Tensor.ZerosLike(parameters[i])).ToArray();
        return new GraphHessianOperator(parameters, gradients, () =>
        {
            if (_version != version)
            {
                SetParameters(theta);
                version = _version;
            }
        });
    }

    /// <summary>Switches a model to evaluation mode for a scope and back to training mode after, if it was training.</summary>
    private readonly struct EvaluationMode : IDisposable
    {
        private readonly Module _model;
        private readonly bool _wasTraining;

        public EvaluationMode(Module model)
        {
            _model = model;
            _wasTraining = model.IsTraining;
            if (_wasTraining)
            {
                model.Eval();
            }
        }

        public void Dispose()
        {
            if (_wasTraining)
            {
                _model.Train();
            }
        }
    }

    private static Tensor DefaultLoss(Tensor output, Batch batch)
    {
        if (batch.Labels.Length == batch.Count && batch.Count > 0)
        {
            return Losses.CrossEntropy(output.Rank == 2 ? output : output.Reshape(output.Shape[0], -1), batch.Y);
        }

        return Losses.Mse(output, batch.Y.Shape == output.Shape ? batch.Y : batch.Y.Reshape(output.Shape.ToArray()));
    }
}
