using Descent.Functions;
using Descent.NN;
using Descent.Optim;

namespace Descent.Tests;

/// <summary>The README's library tour, verbatim, so the README cannot drift from the code.</summary>
public class ReadmeTourTests
{
    [Fact]
    public void Tour_TensorsAndAutograd()
    {
        var x = Tensor.FromArray(new[] { 1.0, 2.0, 3.0 }, 3).RequireGrad();
        var y = (x * x).Sum();          // Σx²
        y.Backward();
        Console.WriteLine(x.Grad);      // tensor([2, 4, 6], float64)

        Assert.Equal("tensor([2, 4, 6], float64)", x.Grad!.ToString());
    }

    [Fact]
    public void Tour_HessianOfTheLectureSaddle()
    {
        var f = Objectives.Resolve("(1 - x*y)^2");
        var h = f.Hessian([0.0, 0.0]);  // [[0, -2], [-2, 0]]: eigenvalues -2 and 2, a saddle

        Assert.Equal(new double[,] { { 0, -2 }, { -2, 0 } }, h);
    }

    [Fact]
    public void Tour_GradientDescentAsInLecture002()
    {
        var p = Tensor.FromArray(new[] { 3.0 }, 1).RequireGrad();
        var opt = OptimizerRegistry.Create("gd:lr=0.01", [p]);
        for (int k = 0; k < 2; k++)
        {
            opt.ZeroGrad();
            (p + 5.0).Pow(2).Sum().Backward();   // f(x) = (x + 5)²
            opt.Step();
        }

        Console.WriteLine(p.Item());             // 2.6832

        Assert.Equal(2.6832, p.Item(), 15);
    }

    [Fact]
    public void Tour_TrainASmallClassifier()
    {
        var rng = new Rng(0);
        var model = new Sequential(new Linear(2, 16, rng), new Tanh(), new Linear(16, 2, rng));
        var optimizer = OptimizerRegistry.Create("adam:lr=0.05", model.Parameters());
        var data = Descent.Data.Synthetic.Moons(200, noise: 0.1, seed: 0);
        var x = data.Features;
        var labels = data.Targets;
        for (int step = 0; step < 200; step++)
        {
            optimizer.ZeroGrad();
            var loss = Losses.CrossEntropy(model.Forward(x), labels);
            loss.Backward();
            optimizer.Step();
        }

        Console.WriteLine(Losses.Accuracy(model.Forward(x), labels));   // about 0.97

        Assert.True(Losses.Accuracy(model.Forward(x), labels) > 0.9);
    }
}
