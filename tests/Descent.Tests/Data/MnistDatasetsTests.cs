using Descent.Data;
using static Descent.Tests.Data.DataTestUtil;

namespace Descent.Tests.Data;

public class MnistDatasetsTests
{
    [Fact]
    public void Load_FindsFirstCompleteDirectory_RawAndGzipMixed()
    {
        using var empty = new TempDir();
        using var dir = new TempDir();
        WriteSet(dir.Path, train: 12, test: 5);
        var set = MnistDatasets.Load("fashion-mnist", [empty.Path, dir.Path]);
        Assert.Equal(dir.Path, set.Directory);
        Assert.Equal(12, set.Train.Count);
        Assert.Equal(5, set.Test.Count);
        Assert.Equal(new Shape(1, 4, 4), set.Train.SampleShape);
        Assert.Equal(10, set.Train.ClassCount);
        Assert.Equal("Ankle boot", set.Train.ClassNames![9]);
        Assert.Equal(Enumerable.Range(0, 12).Select(i => i % 10), set.Train.Labels.ToArray());
    }

    [Fact]
    public void Load_PixelsAreScaledToUnitInterval()
    {
        using var dir = new TempDir();
        WriteSet(dir.Path, train: 3, test: 2);
        var set = MnistDatasets.LoadFashionMnist([dir.Path]);
        var pixels = set.Train.Features.ToFloatArray();
        Assert.Equal(Pixels(3).Select(b => b / 255f), pixels);
    }

    [Fact]
    public void Load_Flatten_GivesRowsOfPixels()
    {
        using var dir = new TempDir();
        WriteSet(dir.Path, train: 3, test: 2);
        var set = MnistDatasets.LoadMnist([dir.Path], flatten: true);
        Assert.Equal(new Shape(16), set.Train.SampleShape);
        Assert.Equal("7", set.Test.ClassNames![7]);
    }

    [Fact]
    public void Load_Missing_SaysHowToInstall()
    {
        using var empty = new TempDir();
        var e = Assert.Throws<DatasetNotFoundException>(() => MnistDatasets.LoadFashionMnist([empty.Path]));
        Assert.Equal([empty.Path], e.SearchedDirectories);
        Assert.Contains($"Fashion-MNIST was not found; looked in {empty.Path}.", e.Message, StringComparison.Ordinal);
        Assert.Contains("sudo apt-get install dataset-fashion-mnist", e.Message, StringComparison.Ordinal);
        Assert.Contains("train-images-idx3-ubyte.gz", e.Message, StringComparison.Ordinal);
        Assert.Contains("t10k-labels-idx1-ubyte.gz", e.Message, StringComparison.Ordinal);
        Assert.Contains("~/.descent/data/fashion-mnist", e.Message, StringComparison.Ordinal);
        Assert.Contains("set DESCENT_DATA=DIR", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Load_PartialDirectory_NamesMissingFile()
    {
        using var dir = new TempDir();
        WriteSet(dir.Path, train: 3, test: 2);
        File.Delete(Path.Combine(dir.Path, "t10k-labels-idx1-ubyte"));
        var e = Assert.Throws<DatasetNotFoundException>(() => MnistDatasets.LoadFashionMnist([dir.Path]));
        Assert.Contains("has only 3 of the 4 files (missing t10k-labels-idx1-ubyte[.gz])", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ImageAndLabelCountsDiffer_Throws()
    {
        using var dir = new TempDir();
        WriteSet(dir.Path, train: 3, test: 2);
        IdxWriter.Write(Path.Combine(dir.Path, "train-labels-idx1-ubyte.gz"), new byte[4], 4);
        var e = Assert.Throws<DataFormatException>(() => MnistDatasets.LoadFashionMnist([dir.Path]));
        Assert.Contains("3 images but 4 labels", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_LabelOutOfRange_Throws()
    {
        using var dir = new TempDir();
        WriteSet(dir.Path, train: 3, test: 2);
        IdxWriter.Write(Path.Combine(dir.Path, "train-labels-idx1-ubyte.gz"), [1, 12, 3], 3);
        var e = Assert.Throws<DataFormatException>(() => MnistDatasets.LoadFashionMnist([dir.Path]));
        Assert.Contains("label 12 of sample 1 (byte 9)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DatasetsLoad_MissingFashionMnist_ConsultsOnlyDescentData()
    {
        using var empty = new TempDir();
        string? saved = Environment.GetEnvironmentVariable(DataDirectories.EnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(DataDirectories.EnvironmentVariable, empty.Path);
            var dirs = DataDirectories.For("fashion-mnist");
            Assert.Equal(Path.Combine(empty.Path, "fashion-mnist"), dirs[0]);
            Assert.Equal("/usr/share/datasets/fashion-mnist", dirs[^1]);

            // Only the $DESCENT_DATA entry is searched, so a machine-wide installation cannot make this test pass or fail.
            var options = new DatasetLoadOptions { SearchDirectories = name => DataDirectories.For(name).Take(1).ToArray() };
            var e = Assert.Throws<DatasetNotFoundException>(() => Datasets.Load("fashion-mnist", options));
            Assert.Equal([Path.Combine(empty.Path, "fashion-mnist")], e.SearchedDirectories);
            Assert.Equal(
                $"Fashion-MNIST was not found; looked in {Path.Combine(empty.Path, "fashion-mnist")}. " +
                "Install it with `sudo apt-get install dataset-fashion-mnist` (Debian/Ubuntu; it goes to /usr/share/datasets/fashion-mnist), " +
                "or download train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz " +
                "from https://github.com/zalandoresearch/fashion-mnist into ~/.descent/data/fashion-mnist, or into DIR/fashion-mnist and set DESCENT_DATA=DIR. " +
                "Raw (uncompressed) files work too.",
                e.Message);
        }
        finally
        {
            Environment.SetEnvironmentVariable(DataDirectories.EnvironmentVariable, saved);
        }
    }

    [Fact]
    public void DatasetsLoad_SpecWithDir_SplitsAndStandardizes()
    {
        using var dir = new TempDir();
        WriteSet(dir.Path, train: 40, test: 10);
        var splits = Datasets.Load($"fashion-mnist:dir={dir.Path},val=0.25,standardize=global,seed=3");
        Assert.Equal((30, 10, 10), (splits.Train.Count, splits.Validation!.Count, splits.Test!.Count));
        Assert.Equal(StandardizeMode.Global, splits.Standardizer!.Mode);
        var raw = MnistDatasets.LoadDirectory(dir.Path);
        var trainIds = ((Subset)splits.Train).Indices.ToArray();
        var rawTrain = new Subset(raw.Train, trainIds).Materialize().Features.ToArray();
        double mean = rawTrain.Average();
        Assert.Equal(mean, splits.Standardizer.Mean[0], 6);

        // The test split is standardised with the training statistics.
        float m = (float)splits.Standardizer.Mean[0], s = (float)splits.Standardizer.Std[0];
        Assert.Equal(raw.Test.Features.ToFloatArray().Select(v => (v - m) / s), ((TensorDataset)splits.Test).Features.ToFloatArray());
    }

    [Fact]
    public void DatasetsLoad_N_TakesFirstTrainingImages()
    {
        using var dir = new TempDir();
        WriteSet(dir.Path, train: 20, test: 4);
        var splits = Datasets.Load($"mnist:dir={dir.Path},n=7,flatten=true");
        Assert.Equal(7, splits.Train.Count);
        Assert.Equal(new Shape(16), splits.Train.SampleShape);
        Assert.Equal(4, splits.Test!.Count);
    }

    /// <summary>Writes a tiny MNIST-style set of 4×4 images: training images gzipped, test images raw, one file with the dotted name.</summary>
    private static void WriteSet(string dir, int train, int test)
    {
        IdxWriter.Write(Path.Combine(dir, "train-images-idx3-ubyte.gz"), Pixels(train), train, 4, 4);
        IdxWriter.Write(Path.Combine(dir, "train-labels-idx1-ubyte.gz"), Enumerable.Range(0, train).Select(i => (byte)(i % 10)).ToArray(), train);
        IdxWriter.Write(Path.Combine(dir, "t10k-images.idx3-ubyte"), Pixels(test), test, 4, 4);
        IdxWriter.Write(Path.Combine(dir, "t10k-labels-idx1-ubyte"), Enumerable.Range(0, test).Select(i => (byte)((i * 3) % 10)).ToArray(), test);
    }

    private static byte[] Pixels(int n) => Enumerable.Range(0, n * 16).Select(i => (byte)((i * 37) % 256)).ToArray();
}
