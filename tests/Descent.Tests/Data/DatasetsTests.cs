using Descent.Data;
using static Descent.Tests.Data.DataTestUtil;

namespace Descent.Tests.Data;

public class DatasetsTests
{
    [Fact]
    public void Load_PlainName_UsesDefaults()
    {
        var d = Datasets.Load("moons");
        Assert.Equal("moons", d.Name);
        Assert.Equal(1000, d.Train.Count);
        Assert.Equal(2, d.Train.ClassCount);
        Assert.Null(d.Validation);
        Assert.Null(d.Test);
    }

    [Fact]
    public void Load_MoonsWithKeys_EqualsDirectCall()
    {
        var d = (TensorDataset)Datasets.Load("moons:n=200,noise=0.2,seed=9").Train;
        Assert.Equal(Synthetic.Moons(200, 0.2, 9).Features.ToArray(), d.Features.ToArray());
    }

    [Fact]
    public void Load_LectureLinear_Has3200SamplesAnd100StepsAt32()
    {
        var d = Datasets.Load("linear:n=3200,w=2,b=-1,noise=0.1");
        Assert.Equal(3200, d.Train.Count);
        Assert.Equal(new Shape(1), d.Train.SampleShape);
        Assert.Equal(new Shape(1), d.Train.TargetShape);
        Assert.Equal(0, d.Train.ClassCount);
        Assert.Equal(100, new DataLoader(d.Train, 32).BatchesPerEpoch);
        Assert.Equal(Synthetic.Linear(3200, [2.0], -1, 0.1).Targets.ToArray(), ((TensorDataset)d.Train).Targets.ToArray());
    }

    [Fact]
    public void Load_LinearWeightList_SetsFeatureCount()
    {
        var d = Datasets.Load("linear:w=2;-3.4,b=4.2,noise=0");
        Assert.Equal(new Shape(2), d.Train.SampleShape);
    }

    [Fact]
    public void Load_SpiralsAndBlobs_HonourClassCounts()
    {
        Assert.Equal(3, Datasets.Load("spirals:classes=3").Train.ClassCount);
        Assert.Equal(4, Datasets.Load("blobs:centers=4").Train.ClassCount);
        Assert.Equal(5, Datasets.Load("spirals:classes=5,n=100").Train.ClassCount);
    }

    [Fact]
    public void Load_Csv_WithTargetByName()
    {
        using var dir = new TempDir();
        var path = dir.File("iris.csv");
        File.WriteAllText(path, "a,species,b\n1,x,2\n3,y,4\n5,x,6\n");
        var d = Datasets.Load($"csv:{path},target=species");
        Assert.Equal(new[] { "x", "y" }, d.Train.ClassNames);
        Assert.Equal(new Shape(2), d.Train.SampleShape);
    }

    [Fact]
    public void Load_CsvRelativePath_UsesBaseDirectory()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("r.csv"), "x,y\n1,2\n");
        var d = Datasets.Load("csv:r.csv", new DatasetLoadOptions { BaseDirectory = dir.Path });
        Assert.Equal(1, d.Train.Count);
    }

    [Fact]
    public void Load_UnknownName_SuggestsAndLists()
    {
        var e = Assert.Throws<ArgumentException>(() => Datasets.Load("moon"));
        Assert.Equal("Unknown data set \"moon\"; did you mean \"moons\"? Data sets: blobs, circles, csv, fashion-mnist, linear, mnist, moons, spirals, xor", e.Message);
    }

    [Fact]
    public void Load_UnknownKey_SuggestsAndLists()
    {
        var e = Assert.Throws<ArgumentException>(() => Datasets.Load("moons:nosie=0.2"));
        Assert.StartsWith("moons: unknown key \"nosie\"; did you mean \"noise\"?", e.Message, StringComparison.Ordinal);
        Assert.Contains("Valid keys: dtype, n, noise, seed, standardize, stratify, test, val", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_FashionMnistTestKey_IsUnknown()
    {
        var e = Assert.Throws<ArgumentException>(() => Datasets.Load("fashion-mnist:test=0.1"));
        Assert.Contains("unknown key \"test\"", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("moons:n=abc", "moons: n must be an integer ≥ 2, got \"abc\"")]
    [InlineData("moons:noise=-1", "moons: noise must be a number ≥ 0, got \"-1\"")]
    [InlineData("moons:val=1.5", "moons: val must be a fraction in [0, 1), got \"1.5\"")]
    [InlineData("moons:dtype=float16", "moons: dtype must be one of float32, float64, got \"float16\"; did you mean \"float32\"?")]
    [InlineData("moons:standardize=globl", "moons: standardize must be one of none, feature, channel, global, got \"globl\"; did you mean \"global\"?")]
    [InlineData("moons:n", "moons: expected key=value, got \"n\" in \"moons:n\"")]
    [InlineData("moons:n=5,n=6", "moons: n is given twice in \"moons:n=5,n=6\"")]
    [InlineData("linear:stratify=true", "linear: stratify=true needs class labels, but this is a regression data set")]
    [InlineData("csv:", "csv: give the file as csv:PATH, e.g. csv:data/iris.csv,target=species")]
    public void Load_InvalidValues_Explain(string spec, string message) =>
        Assert.Equal(message, Assert.Throws<ArgumentException>(() => Datasets.Load(spec)).Message);

    [Fact]
    public void Load_ValAndTest_SplitsStratified()
    {
        var d = Datasets.Load("blobs:n=1000,centers=4,val=0.1,test=0.2");
        Assert.Equal((720, 80, 200), (d.Train.Count, d.Validation!.Count, d.Test!.Count));
        Assert.Equal(new[] { 50, 50, 50, 50 }, d.Test.ClassCounts());
        Assert.Equal(new[] { 20, 20, 20, 20 }, d.Validation.ClassCounts());
        var all = ((Subset)d.Train).Indices.ToArray().Concat(((Subset)d.Validation).Indices.ToArray()).Concat(((Subset)d.Test).Indices.ToArray());
        Assert.Equal(Enumerable.Range(0, 1000), all.Order());
    }

    [Fact]
    public void Load_StandardizeFeature_FitsOnTrainOnly()
    {
        var d = Datasets.Load("blobs:n=500,val=0.2,standardize=feature,dtype=float64");
        var train = d.Train.Materialize().Features.ToArray();
        var val = d.Validation!.Materialize().Features.ToArray();
        Assert.Equal(0, train.Where((_, i) => i % 2 == 0).Average(), 10);
        Assert.NotEqual(0, val.Where((_, i) => i % 2 == 0).Average(), 10);
        Assert.Equal(DType.Float64, d.Train.DType);
    }

    [Fact]
    public void Describe_SummarisesSplits()
    {
        Assert.Equal(
            "moons: train 160, validation 40; features [2], 2 classes, float32",
            Datasets.Load("moons:n=200,val=0.2").Describe());
    }

    [Fact]
    public void Help_ListsEveryDataSet()
    {
        var help = Datasets.Help();
        Assert.All(Datasets.Names, n => Assert.Contains(n, help, StringComparison.Ordinal));
        Assert.Contains("noise=0.1", help, StringComparison.Ordinal);
    }
}
