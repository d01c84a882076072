using Descent.Analysis;
using Descent.Data;
using Descent.NN;

namespace Descent.Tests.Analysis;

public class ModelLossTests
{
    private static (ModelLoss Loss, Module Model) WithDropout()
    {
        var rng = new Rng(3);
        var model = new Sequential(new Linear(3, 8, rng, dtype: DType.Float64), new Dropout(0.5, seed: 1), new Linear(8, 2, rng, dtype: DType.Float64));
        var x = Tensor.Randn(new Shape(20, 3), rng, DType.Float64);
        var labels = Enumerable.Range(0, 20).Select(i => i % 2).ToArray();
        return (ModelLoss.FromDataset(model, new TensorDataset(x, labels, classCount: 2)), model);
    }

    [Fact]
    public void Value_ModelWithDropout_IsDeterministic()
    {
        var (loss, _) = WithDropout();
        var theta = loss.GetParameters();
        Assert.Equal(loss.Value(theta), loss.Value(theta));
    }

    [Fact]
    public void Evaluate_TrainingModel_RestoresTrainingMode()
    {
        var (loss, model) = WithDropout();
        model.Train();
        loss.Evaluate(loss.GetParameters());
        Assert.True(model.IsTraining);
        model.Eval();
        loss.Evaluate(loss.GetParameters());
        Assert.False(model.IsTraining);
    }

    [Fact]
    public void Evaluate_Classification_ReportsAccuracyOfTheArgmax()
    {
        var loss = AnalysisTestUtil.SmallNetworkLoss();
        var (_, accuracy) = loss.Evaluate(loss.GetParameters());
        Assert.True(loss.IsClassification);
        Assert.Equal(0, (accuracy * 32) - Math.Round(accuracy * 32), 12);
    }

    [Fact]
    public void Regression_UsesMeanSquaredError()
    {
        var rng = new Rng(1);
        var model = new Linear(2, 1, rng, dtype: DType.Float64);
        var x = Tensor.Randn(new Shape(10, 2), rng, DType.Float64);
        var y = Tensor.Randn(new Shape(10, 1), rng, DType.Float64);
        var loss = ModelLoss.FromDataset(model, new TensorDataset(x, y));
        Assert.False(loss.IsClassification);

        // L(θ) = mean((Xw + b − y)²) is quadratic, with Hessian (2/N)·[X 1]ᵀ[X 1].
        var h = Hessians.Dense(loss, loss.GetParameters());
        var xs = x.ToArray();
        double expected00 = 2.0 / 10 * Enumerable.Range(0, 10).Sum(i => xs[2 * i] * xs[2 * i]);
        Assert.Equal(expected00, h[0, 0], 12);
        Assert.Equal(2.0, h[2, 2], 12);
        Assert.True(double.IsNaN(loss.Evaluate(loss.GetParameters()).Accuracy));
    }

    [Fact]
    public void FromDataset_TakesTheFirstSamples()
    {
        var loss = AnalysisTestUtil.SmallNetworkLoss(samples: 32, batchSize: 5);
        Assert.Equal(32, loss.Samples);
        var fewer = ModelLoss.FromDataset(loss.Model, new TensorDataset(Tensor.Zeros(new Shape(4, 6), DType.Float64), [0, 1, 2, 3], classCount: 4), samples: 3);
        Assert.Equal(3, fewer.Samples);
    }

    [Fact]
    public void Constructor_NoBatches_Throws() =>
        Assert.Throws<ArgumentException>(() => new ModelLoss(new Linear(1, 1, new Rng(0)), []));
}
