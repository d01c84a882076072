using Descent.NN;

namespace Descent.Tests.NN;

public class ModuleTests
{
    private sealed class Affine : Module
    {
        public Affine(int n)
        {
            Weight = RegisterParameter("weight", Tensor.Ones(new Shape(n), DType.Float64));
            Bias = RegisterParameter("bias", Tensor.Zeros(new Shape(n), DType.Float64));
            Count = RegisterBuffer("count", Tensor.Zeros(new Shape(1), DType.Float64));
        }

        public Tensor Weight { get; }

        public Tensor Bias { get; }

        public Tensor Count { get; }

        public override Tensor Forward(Tensor input) => (input * Weight) + Bias;
    }

    [Fact]
    public void NamedParameters_InSequential_HaveDottedPathsInOrder()
    {
        var model = new Sequential(new Affine(2), new Affine(3));
        Assert.Equal(["0.weight", "0.bias", "1.weight", "1.bias"], model.NamedParameters().Select(p => p.Name));
        Assert.Equal(["0.weight", "0.bias", "1.weight", "1.bias"], model.Parameters().Select(p => p.Name));
        Assert.All(model.Parameters(), p => Assert.True(p.RequiresGrad));
    }

    [Fact]
    public void NamedBuffers_AreSeparateFromParameters()
    {
        var model = new Sequential(new Affine(2));
        Assert.Equal(["0.count"], model.NamedBuffers().Select(b => b.Name));
        Assert.Equal(4, model.ParameterCount());
    }

    [Fact]
    public void StateDict_RoundTrip_RestoresValues()
    {
        var a = new Sequential(new Affine(2));
        var saved = a.StateDict();
        a.Parameters().First().Fill(5);
        a.LoadStateDict(saved);
        Assert.Equal([1.0, 1.0], a.Parameters().First().ToArray());
    }

    [Fact]
    public void StateDict_ReturnsCopies()
    {
        var a = new Affine(2);
        var saved = a.StateDict();
        a.Weight.Fill(3);
        Assert.Equal([1.0, 1.0], saved["weight"].ToArray());
    }

    [Fact]
    public void LoadStateDict_WithWrongShape_ThrowsAndLoadsNothing()
    {
        var a = new Affine(2);
        var state = a.StateDict();
        state["weight"] = Tensor.Full(new Shape(2), 9, DType.Float64);
        state["bias"] = Tensor.Zeros(new Shape(5), DType.Float64);
        var e = Assert.Throws<ArgumentException>(() => a.LoadStateDict(state));
        Assert.Contains("bias has shape [5] in the state but [2] in the model", e.Message, StringComparison.Ordinal);
        Assert.Equal([1.0, 1.0], a.Weight.ToArray());
    }

    [Fact]
    public void LoadStateDict_Strict_ReportsMissingAndUnexpected()
    {
        var a = new Affine(2);
        var state = a.StateDict();
        state.Remove("bias");
        state["extra"] = Tensor.Zeros(1);
        var e = Assert.Throws<ArgumentException>(() => a.LoadStateDict(state));
        Assert.Contains("missing: bias", e.Message, StringComparison.Ordinal);
        Assert.Contains("unexpected: extra", e.Message, StringComparison.Ordinal);
        a.LoadStateDict(state, strict: false);
    }

    [Fact]
    public void TrainEval_PropagatesToChildren()
    {
        var model = new Sequential(new Affine(1), new Sequential(new Affine(1)));
        model.Eval();
        Assert.All(model.NamedModules(), m => Assert.False(m.Module.IsTraining));
        model.Train();
        Assert.All(model.NamedModules(), m => Assert.True(m.Module.IsTraining));
    }

    [Fact]
    public void ZeroGrad_SetsGradientsToNullOrZero()
    {
        var a = new Affine(2);
        a.Forward(Tensor.Ones(new Shape(2), DType.Float64)).Sum().Backward();
        a.ZeroGrad(setToNull: false);
        Assert.Equal([0.0, 0.0], a.Weight.Grad!.ToArray());
        a.ZeroGrad();
        Assert.Null(a.Weight.Grad);
    }

    [Fact]
    public void Forward_ThroughSequential_Backpropagates()
    {
        var model = new Sequential(new Affine(2), new Affine(2));
        model.Forward(Tensor.FromArray(new[] { 1.0, 2.0 }, 2)).Sum().Backward();
        Assert.Equal([1.0, 2.0], ((Affine)model.Layers[0]).Weight.Grad!.ToArray());
    }
}
