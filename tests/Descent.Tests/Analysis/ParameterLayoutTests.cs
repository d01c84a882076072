using Descent.Analysis;
using Descent.NN;

namespace Descent.Tests.Analysis;

public class ParameterLayoutTests
{
    private static Sequential Model() => new(new Linear(3, 4, new Rng(1)), new ReLU(), new Linear(4, 2, new Rng(2)));

    [Fact]
    public void Of_Model_FollowsNamedParametersOrder()
    {
        var layout = ParameterLayout.Of(Model());
        Assert.Equal(["0.weight", "0.bias", "2.weight", "2.bias"], layout.Slots.Select(s => s.Name));
        Assert.Equal([0, 12, 16, 24], layout.Slots.Select(s => s.Offset));
        Assert.Equal(26, layout.Count);
    }

    [Fact]
    public void Read_ConcatenatesParametersRowMajor()
    {
        var model = Model();
        var layout = ParameterLayout.Of(model);
        var flat = layout.Read();
        var expected = model.Parameters().SelectMany(p => p.ToArray()).ToArray();
        Assert.Equal(expected, flat);
    }

    [Fact]
    public void Write_ThenRead_RoundTripsThroughFloat32()
    {
        var model = Model();
        var layout = ParameterLayout.Of(model);
        var values = Enumerable.Range(0, layout.Count).Select(i => i * 0.25).ToArray();
        layout.Write(values);
        Assert.Equal(values, layout.Read());
        Assert.Equal(0.25 * 13, model.Parameters().ElementAt(1).ToArray()[1]);
    }

    [Fact]
    public void View_IsTheSlotsRange()
    {
        var layout = ParameterLayout.Of(Model());
        var flat = new double[layout.Count];
        layout.View(flat.AsSpan(), 2).Fill(7);
        Assert.Equal(8, flat.Count(v => v == 7));
        Assert.Equal(7, flat[16]);
        Assert.Equal(0, flat[24]);
    }

    [Fact]
    public void Split_ThenFlatten_RoundTrips()
    {
        var layout = ParameterLayout.Of(Model());
        var flat = Enumerable.Range(0, layout.Count).Select(i => (double)i).ToArray();
        var parts = layout.Split(flat);
        Assert.Equal(new Shape(4, 3), parts[0].Shape);
        var back = new double[layout.Count];
        layout.Flatten(parts, back);
        Assert.Equal(flat, back);
    }

    [Fact]
    public void Write_WrongLength_ThrowsWithCount()
    {
        var layout = ParameterLayout.Of(Model());
        var e = Assert.Throws<ArgumentException>(() => layout.Write(new double[5]));
        Assert.Contains("26", e.Message, StringComparison.Ordinal);
    }
}
