using Descent.Data;
using static Descent.Tests.Data.DataTestUtil;

namespace Descent.Tests.Data;

public class TensorDatasetTests
{
    [Fact]
    public void Constructor_CountMismatch_NamesBothCounts()
    {
        var e = Assert.Throws<ArgumentException>(() => new TensorDataset(Tensor.Zeros(5, 2), Tensor.Zeros(4, 1)));
        Assert.Contains("features have 5 samples", e.Message, StringComparison.Ordinal);
        Assert.Contains("have 4", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_DTypeMismatch_SaysHowToConvert()
    {
        var e = Assert.Throws<ArgumentException>(() => new TensorDataset(Tensor.Zeros(5, 2), Tensor.Zeros(new Shape(5, 1), DType.Float64)));
        Assert.Contains(".To(DType.Float32)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_LabelOutOfRange_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => new TensorDataset(Tensor.Zeros(3, 2), [0, 1, 5], classCount: 3));
        Assert.Contains("label 5 at sample 2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_Labels_InferClassCountAndStoreFloatTargets()
    {
        var d = new TensorDataset(Tensor.Zeros(4, 1), [2, 0, 1, 2]);
        Assert.Equal(3, d.ClassCount);
        Assert.Equal(Shape.Scalar, d.TargetShape);
        Assert.Equal(new double[] { 2, 0, 1, 2 }, d.Targets.ToArray());
    }

    [Fact]
    public void SampleShape_IsShapeWithoutFirstDimension()
    {
        var d = new TensorDataset(Tensor.Zeros(6, 1, 4, 4), [0, 1, 0, 1, 0, 1]);
        Assert.Equal(new Shape(1, 4, 4), d.SampleShape);
        var b = d.GetBatch([5, 0, 3]);
        Assert.Equal(new[] { 3, 1, 4, 4 }, b.X.Shape.ToArray());
    }

    [Fact]
    public void GetBatch_GathersRowsInIndexOrder()
    {
        var d = Indexed(10, DType.Float64);
        var b = d.GetBatch([7, 2, 7]);
        Assert.Equal(new double[] { 7, 1007, 2, 1002, 7, 1007 }, b.X.ToArray());
        Assert.Equal(new double[] { -7, -2, -7 }, b.Y.ToArray());
        Assert.Equal(3, b.Count);
    }

    [Fact]
    public void GetBatch_ContiguousRun_IsAViewWithoutCopy()
    {
        var d = Indexed(10);
        var b = d.GetBatch([3, 4, 5]);
        Assert.Same(d.Features.Storage, b.X.Storage);
        Assert.Equal(new double[] { 3, 1003, 4, 1004, 5, 1005 }, b.X.ToArray());
    }

    [Fact]
    public void GetBatch_IndexOutOfRange_Throws()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Indexed(10).GetBatch([1, 10]));
        Assert.Contains("Sample index 10 is out of range for a data set of 10 samples", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Gather_WrongBufferShape_Throws()
    {
        var d = Indexed(10);
        var e = Assert.Throws<ArgumentException>(() => d.Gather([1, 2], Tensor.Zeros(3, 2), Tensor.Zeros(2, 1), default));
        Assert.Contains("expected [2, 2] float32", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Subset_OfSubset_MapsToSourceDirectly()
    {
        var d = Indexed(20);
        var outer = new Subset(d, [10, 11, 12, 13, 14]);
        var inner = new Subset(outer, [4, 0]);
        Assert.Same(d, inner.Source);
        Assert.Equal(new[] { 14, 10 }, inner.Indices.ToArray());
        Assert.Equal(new[] { 14, 10 }, Ids(inner.GetBatch([0, 1])));
    }

    [Fact]
    public void Subset_GetBatch_ReportsSubsetIndices()
    {
        var s = new Subset(Indexed(20), [5, 6, 7]);
        Assert.Equal(new[] { 2, 0 }, s.GetBatch([2, 0]).Indices.ToArray());
    }

    [Fact]
    public void Slice_SharesStorage()
    {
        var d = Indexed(10);
        var s = d.Slice(4, 3);
        Assert.Equal(3, s.Count);
        Assert.Same(d.Features.Storage, s.Features.Storage);
        Assert.Equal(new[] { 4, 5, 6 }, Ids(s.GetBatch([0, 1, 2])));
    }

    [Fact]
    public void Materialize_CopiesSubsetIntoContiguousSet()
    {
        var s = new Subset(IndexedClasses(10, 3), [9, 1, 4]);
        var m = s.Materialize();
        Assert.Equal(new double[] { 9, 1, 4 }, m.Features.ToArray());
        Assert.Equal(new[] { 0, 1, 1 }, m.Labels.ToArray());
        Assert.Equal(3, m.ClassCount);
    }

    [Fact]
    public void To_ConvertsDType()
    {
        var d = Indexed(3).To(DType.Float64);
        Assert.Equal(DType.Float64, d.DType);
        Assert.Equal(DType.Float64, d.Targets.DType);
        Assert.Equal(new double[] { 0, 1000, 1, 1001, 2, 1002 }, d.Features.ToArray());
    }
}
