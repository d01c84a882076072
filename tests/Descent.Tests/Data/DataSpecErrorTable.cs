using Descent.Data;

namespace Descent.Tests.Data;

/// <summary>
/// Issue 9's table of bad data specs: <see cref="Datasets.Load"/> fails with an <see cref="ArgumentException"/> whose message names
/// the data set, the key, the value and what is valid (with a suggestion for a misspelt name or key), before generating anything.
/// </summary>
public class DataSpecErrorTable
{
    private const string DataSets = "blobs, circles, csv, fashion-mnist, linear, mnist, moons, spirals, xor";
    private const string MoonsKeys = "dtype, n, noise, seed, standardize, stratify, test, val";

    public static TheoryData<string, string> Rows => new()
    {
        { "mons", $"Unknown data set \"mons\"; did you mean \"moons\"? Data sets: {DataSets}" },
        { "imagenet", $"Unknown data set \"imagenet\"; data sets: {DataSets}" },
        { "fashion_mnist", $"Unknown data set \"fashion_mnist\"; did you mean \"fashion-mnist\"? Data sets: {DataSets}" },
        { "", "Empty data set spec; give a name such as \"moons\" or \"moons:n=1000,noise=0.2\"" },
        { "   ", "Empty data set spec; give a name such as \"moons\" or \"moons:n=1000,noise=0.2\"" },
        { "moons:nosie=0.1", $"moons: unknown key \"nosie\"; did you mean \"noise\"? Valid keys: {MoonsKeys}" },
        { "moons:classes=3", $"moons: unknown key \"classes\"; valid keys: {MoonsKeys}" },
        { "fashion-mnist:test=0.2", "fashion-mnist: unknown key \"test\"; valid keys: dir, dtype, flatten, n, seed, standardize, stratify, val" },
        { "moons:n", "moons: expected key=value, got \"n\" in \"moons:n\"" },
        { "moons:n=", "moons: n has no value in \"moons:n=\"" },
        { "moons:n=10,n=20", "moons: n is given twice in \"moons:n=10,n=20\"" },
        { "moons:n=-5", "moons: n must be an integer ≥ 2, got \"-5\"" },
        { "moons:n=1", "moons: n must be an integer ≥ 2, got \"1\"" },
        { "moons:n=2.5", "moons: n must be an integer ≥ 2, got \"2.5\"" },
        { "moons:n=99999999999", "moons: n must be an integer ≥ 2, got \"99999999999\"" },
        { "moons:noise=nan", "moons: noise must be a number ≥ 0, got \"nan\"" },
        { "moons:noise=inf", "moons: noise must be a number ≥ 0, got \"inf\"" },
        { "moons:noise=1e999", "moons: noise must be a number ≥ 0, got \"1e999\"" },
        { "moons:noise=-1", "moons: noise must be a number ≥ 0, got \"-1\"" },
        { "moons:val=1", "moons: val must be a fraction in [0, 1), got \"1\"" },
        { "moons:val=nan", "moons: val must be a fraction in [0, 1), got \"nan\"" },
        { "moons:test=-0.1", "moons: test must be a fraction in [0, 1), got \"-0.1\"" },
        { "linear:test=2", "linear: test must be a fraction in [0, 1), got \"2\"" },
        { "moons:seed=-1", "moons: seed must be a non-negative integer, got \"-1\"" },
        { "moons:dtype=float16", "moons: dtype must be one of float32, float64, got \"float16\"; did you mean \"float32\"?" },
        { "moons:standardize=yes", "moons: standardize must be one of none, feature, channel, global, got \"yes\"" },
        { "moons:stratify=maybe", "moons: stratify must be true or false, got \"maybe\"" },
        { "circles:factor=1.5", "circles: factor must be a number in (0, 1), got \"1.5\"" },
        { "circles:factor=nan", "circles: factor must be a number in (0, 1), got \"nan\"" },
        { "spirals:classes=1", "spirals: classes must be an integer in 2..1000, got \"1\"" },
        { "blobs:std=0", "blobs: std must be a number > 0, got \"0\"" },
        { "blobs:box=inf", "blobs: box must be a number > 0, got \"inf\"" },
        { "blobs:centers=1", "blobs: centers must be an integer in 2..10000, got \"1\"" },
        { "blobs:features=0", "blobs: features must be an integer ≥ 1, got \"0\"" },
        { "xor:n=2", "xor: n must be an integer ≥ 4, got \"2\"" },
        { "csv", "csv: give the file as csv:PATH, e.g. csv:data/iris.csv,target=species" },
        { "csv:", "csv: give the file as csv:PATH, e.g. csv:data/iris.csv,target=species" },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void Load_BadSpec_ThrowsExactMessage(string spec, string message)
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => Datasets.Load(spec));
        Assert.Equal(message, e.Message);
    }
}
