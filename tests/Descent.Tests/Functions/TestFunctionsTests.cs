using Descent.Functions;
using static Descent.Tests.TestUtil;

namespace Descent.Tests.Functions;

/// <summary>The named test functions: minima, derivatives, the double path, dimensions and lookup errors.</summary>
public class TestFunctionsTests
{
    public static TheoryData<string> AllNames => new(TestFunctions.Names);

    [Fact]
    public void Names_ListTheTwelveFunctions()
    {
        Assert.Equal(
            ["quadratic", "shifted", "ellipse", "rosenbrock", "beale", "himmelblau", "booth", "saddle", "monkey-saddle", "product-saddle", "rastrigin", "ackley"],
            TestFunctions.Names);
    }

    [Theory]
    [MemberData(nameof(AllNames))]
    public void Metadata_IsComplete_AndConsistentWithDimension(string name)
    {
        var f = TestFunctions.Get(name);
        Assert.Equal(name, f.Name);
        Assert.False(string.IsNullOrWhiteSpace(f.Formula));
        Assert.False(string.IsNullOrWhiteSpace(f.Description));
        Assert.Equal(f.Dimension, f.DefaultStart.Count);
        Assert.All(f.KnownMinima, m => Assert.Equal(f.Dimension, m.Count));
        Assert.Equal(f.KnownMinima.Count > 0, f.MinimumValue.HasValue);
        Assert.NotNull(f.PlotRange);
    }

    [Theory]
    [MemberData(nameof(AllNames))]
    public void PlotRange_ContainsStartAndMinima(string name)
    {
        var f = TestFunctions.Get(name);
        var r = f.PlotRange!.Value;
        foreach (var p in f.KnownMinima.Append(f.DefaultStart))
        {
            Assert.InRange(p[0], r.XMin, r.XMax);
            if (f.Dimension >= 2)
            {
                Assert.InRange(p[1], r.YMin, r.YMax);
            }
        }
    }

    [Theory]
    [MemberData(nameof(AllNames))]
    public void Value_AtKnownMinima_EqualsMinimumValue(string name)
    {
        var f = TestFunctions.Get(name);
        foreach (var m in f.KnownMinima)
        {
            var point = m.ToArray();
            Assert.Equal(f.MinimumValue!.Value, f.Value(point), 12);
            Assert.Equal(f.MinimumValue!.Value, f.Evaluate(Tensor.FromArray(point, point.Length)).Item(), 12);
        }
    }

    [Theory]
    [MemberData(nameof(AllNames))]
    public void Gradient_AtKnownMinima_IsZero(string name)
    {
        var f = TestFunctions.Get(name);
        if (name == "ackley")
        {
            return; // Not differentiable at its minimum; see Ackley_GradientAtMinimum_IsNaN.
        }

        foreach (var m in f.KnownMinima)
        {
            AssertClose(new double[f.Dimension], f.Gradient(m), 1e-9);
        }
    }

    [Fact]
    public void Ackley_GradientAtMinimum_IsNaN()
    {
        // The cone tip: √(mean x²) has an infinite derivative at 0, and torch gives NaN there too.
        Assert.All(TestFunctions.Get("ackley").Gradient([0.0, 0.0]), g => Assert.True(double.IsNaN(g)));
    }

    [Theory]
    [MemberData(nameof(AllNames))]
    public void Evaluate_AtStartAndRandomPoints_PassesGradCheck(string name)
    {
        var f = TestFunctions.Get(name);
        var rng = new Rng(7);
        var points = new List<double[]> { f.DefaultStart.ToArray() };
        for (int k = 0; k < 3; k++)
        {
            var p = new double[f.Dimension];
            for (int i = 0; i < p.Length; i++)
            {
                p[i] = (rng.NextDouble() * 4) - 2;
            }

            points.Add(p);
        }

        foreach (var p in points)
        {
            var leaf = Tensor.FromArray(p, p.Length).RequireGrad();
            var first = GradCheck.Check(x => f.Evaluate(x[0]), [leaf], rtol: 1e-4);
            Assert.True(first.Passed, $"{name} at ({string.Join(", ", p)}): {first.Message}");
            var second = GradCheck.CheckSecondOrder(x => f.Evaluate(x[0]), [leaf], rtol: 1e-3);
            Assert.True(second.Passed, $"{name} at ({string.Join(", ", p)}): {second.Message}");
        }
    }

    [Theory]
    [MemberData(nameof(AllNames))]
    public void Value_DoublePath_MatchesTensorPath(string name)
    {
        var f = TestFunctions.Get(name);
        var rng = new Rng(11);
        for (int k = 0; k < 20; k++)
        {
            var p = new double[f.Dimension];
            for (int i = 0; i < p.Length; i++)
            {
                p[i] = (rng.NextDouble() * 6) - 3;
            }

            double expected = f.Evaluate(Tensor.FromArray(p, p.Length)).Item();
            Assert.Equal(expected, f.Value(p), 1e-12 * Math.Max(1, Math.Abs(expected)));
        }
    }

    [Theory]
    [MemberData(nameof(AllNames))]
    public void Evaluate_Float32_AgreesWithFloat64(string name)
    {
        var f = TestFunctions.Get(name);
        var start = f.DefaultStart.ToArray();
        var y = f.Evaluate(Tensor.FromArray(start.Select(v => (float)v).ToArray(), start.Length));
        Assert.Equal(DType.Float32, y.DType);
        Assert.Equal(0, y.Rank);
        double expected = f.Value(start);
        Assert.True(Math.Abs(y.Item() - expected) <= 1e-5 * Math.Max(1, Math.Abs(expected)), $"{name}: float32 {y.Item()}, float64 {expected}");
    }

    [Theory]
    [InlineData("rosenbrock", -2, 2, 409)]
    [InlineData("rosenbrock", 0, 0, 1)]
    [InlineData("beale", 1, 1.5, 41.25)]
    [InlineData("himmelblau", 0, 0, 170)]
    [InlineData("booth", 0, 0, 74)]
    [InlineData("saddle", 3, 2, 5)]
    [InlineData("monkey-saddle", 2, 1, 2)]
    [InlineData("product-saddle", 2, 3, 25)]
    [InlineData("rastrigin", -2, 3.5, 36.25)]
    [InlineData("ackley", 1, 1, 3.6253849384403627)]
    [InlineData("ellipse", 10, 1, 6)]
    [InlineData("quadratic", 3, 4, 12.5)]
    public void Value_AtReferencePoint_MatchesFormula(string name, double x, double y, double expected)
    {
        Assert.Equal(expected, TestFunctions.Get(name).Value([x, y]), 12);
    }

    [Fact]
    public void Shifted_IsLecture002Parabola()
    {
        var f = TestFunctions.Get("shifted");
        Assert.Equal(1, f.Dimension);
        Assert.Equal([3.0], f.DefaultStart);
        Assert.Equal(64.0, f.Value([3.0]));
        Assert.Equal([16.0], f.Gradient([3.0]));
        Assert.Equal([-5.0], f.KnownMinima.Single());
    }

    [Fact]
    public void Himmelblau_HasFourDistinctMinima()
    {
        var minima = TestFunctions.Get("himmelblau").KnownMinima;
        Assert.Equal(4, minima.Count);
        Assert.Equal(4, minima.Select(m => (Math.Round(m[0], 3), Math.Round(m[1], 3))).Distinct().Count());
    }

    [Fact]
    public void ProductSaddle_HessianAtOrigin_IsTextbookMatrix()
    {
        var f = TestFunctions.Get("product-saddle");
        Assert.Equal([0.0, 0.0], f.Gradient([0.0, 0.0]));
        Assert.Equal(new double[,] { { 0, -2 }, { -2, 0 } }, f.Hessian([0.0, 0.0]));
    }

    [Fact]
    public void Saddle_AtOrigin_HasZeroGradientAndIndefiniteHessian()
    {
        var f = TestFunctions.Get("saddle");
        Assert.Equal([0.0, 0.0], f.Gradient([0.0, 0.0]));
        Assert.Equal(new double[,] { { 2, 0 }, { 0, -2 } }, f.Hessian([0.0, 0.0]));
    }

    [Fact]
    public void MonkeySaddle_AtOrigin_IsDegenerate()
    {
        var f = TestFunctions.Get("monkey-saddle");
        Assert.Equal([0.0, 0.0], f.Gradient([0.0, 0.0]));
        Assert.Equal(new double[2, 2], f.Hessian([0.0, 0.0]));
    }

    [Theory]
    [InlineData("booth", 0, 0, 10, 8, 8, 10)]
    [InlineData("ellipse", 3, -1, 0.1, 0, 0, 2)]
    [InlineData("rosenbrock", 1, 1, 802, -400, -400, 200)]
    [InlineData("himmelblau", 3, 2, 74, 20, 20, 34)]
    public void Hessian_MatchesHandDerivedMatrix(string name, double x, double y, double h00, double h01, double h10, double h11)
    {
        var h = TestFunctions.Get(name).Hessian([x, y]);
        Assert.Equal(h00, h[0, 0], 10);
        Assert.Equal(h01, h[0, 1], 10);
        Assert.Equal(h10, h[1, 0], 10);
        Assert.Equal(h11, h[1, 1], 10);
    }

    [Fact]
    public void Quadratic_InFiveDimensions_HasIdentityHessian()
    {
        var f = TestFunctions.Get("quadratic", 5);
        Assert.Equal(5, f.Dimension);
        Assert.Equal("quadratic (5-D)", f.ToString());
        var p = new[] { 1.0, -2, 3, 0.5, 4 };
        Assert.Equal(p, f.Gradient(p));
        var h = f.Hessian(p);
        for (int i = 0; i < 5; i++)
        {
            for (int j = 0; j < 5; j++)
            {
                Assert.Equal(i == j ? 1.0 : 0.0, h[i, j]);
            }
        }
    }

    [Fact]
    public void Rosenbrock_InFourDimensions_MatchesSumFormula()
    {
        var f = TestFunctions.Get("rosenbrock", 4);
        var p = new[] { 0.5, -0.3, 1.2, 0.8 };
        double expected = 0;
        for (int i = 0; i < 3; i++)
        {
            expected += Math.Pow(1 - p[i], 2) + (100 * Math.Pow(p[i + 1] - (p[i] * p[i]), 2));
        }

        Assert.Equal(expected, f.Value(p), 12);
        Assert.Equal(expected, f.Evaluate(Tensor.FromArray(p, 4)).Item(), 12);
        Assert.Equal(0.0, f.Value([1.0, 1, 1, 1]));
        Assert.Equal([-2.0, 2, -2, 2], f.DefaultStart);
    }

    [Theory]
    [InlineData("rastrigin", 5)]
    [InlineData("ackley", 3)]
    [InlineData("quadratic", 1)]
    [InlineData("rastrigin", 1)]
    public void AnyDimension_MinimumAtOrigin_HoldsInOtherDimensions(string name, int n)
    {
        var f = TestFunctions.Get(name, n);
        Assert.True(f.AnyDimension);
        Assert.Equal(n, f.Dimension);
        Assert.Equal(0.0, f.Value(new double[n]), 12);
        var leaf = TestUtil.RandomLeaf(3, n);
        Assert.True(GradCheck.Check(x => f.Evaluate(x[0]), [leaf]).Passed);
    }

    [Fact]
    public void Evaluate_LongerPoint_IgnoresExtraCoordinates()
    {
        var f = TestFunctions.Get("rastrigin");
        Assert.Equal(f.Value([0.5, 0.25]), f.Value([0.5, 0.25, 9.0]));
        Assert.Equal(f.Value([0.5, 0.25]), f.Evaluate(Tensor.FromArray(new[] { 0.5, 0.25, 9.0 }, 3)).Item(), 14);
    }

    [Fact]
    public void Evaluate_ShortPoint_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => TestFunctions.Get("beale").Value([1.0]));
        Assert.Equal("beale: the point has 1 coordinate but the function needs 2", ex.Message);
    }

    [Theory]
    [InlineData("Rosenbrock")]
    [InlineData(" HIMMELBLAU ")]
    public void Get_IsCaseInsensitive(string name)
    {
        Assert.Equal(name.Trim().ToLowerInvariant(), TestFunctions.Get(name).Name);
        Assert.True(TestFunctions.Contains(name));
    }

    [Fact]
    public void Get_UnknownName_SuggestsClosestAndListsAll()
    {
        var ex = Assert.Throws<ArgumentException>(() => TestFunctions.Get("rosenbrok"));
        Assert.Equal(
            "Unknown test function \"rosenbrok\"; did you mean \"rosenbrock\"? Valid names: quadratic, shifted, ellipse, rosenbrock, beale, himmelblau, booth, saddle, monkey-saddle, product-saddle, rastrigin, ackley",
            ex.Message);
    }

    [Fact]
    public void Get_UnknownNameWithoutNeighbour_ListsAll()
    {
        var ex = Assert.Throws<ArgumentException>(() => TestFunctions.Get("zzzzzz"));
        Assert.StartsWith("Unknown test function \"zzzzzz\"; valid names: quadratic,", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Get_FixedDimensionFunction_RejectsOtherDimension()
    {
        var ex = Assert.Throws<ArgumentException>(() => TestFunctions.Get("himmelblau", 3));
        Assert.Equal("Test function \"himmelblau\" is defined in 2 dimensions only, got dimension 3", ex.Message);
        Assert.Equal(2, TestFunctions.Get("himmelblau", 2).Dimension);
    }

    [Theory]
    [InlineData("rosenbrock", 1, "Test function \"rosenbrock\" needs a dimension from 2 to 1000000, got 1")]
    [InlineData("quadratic", 0, "Test function \"quadratic\" needs a dimension from 1 to 1000000, got 0")]
    public void Get_DimensionOutOfRange_Throws(string name, int dimension, string message)
    {
        var ex = Assert.Throws<ArgumentException>(() => TestFunctions.Get(name, dimension));
        Assert.Equal(message, ex.Message);
    }

    [Fact]
    public void DefaultStart_CannotBeModifiedThroughTheInterface()
    {
        var f = TestFunctions.Get("rosenbrock");
        var list = Assert.IsAssignableFrom<IList<double>>(f.DefaultStart);
        Assert.True(list.IsReadOnly);
        Assert.Throws<NotSupportedException>(() => list[0] = 5);
    }
}
