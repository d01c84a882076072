using System.Globalization;
using System.Text;

namespace Descent.Data;

/// <summary>
/// The registry of named data sets, loaded from specs such as <c>moons</c>, <c>moons:n=1000,noise=0.2</c>,
/// <c>linear:n=3200,w=2,b=-1,noise=0.1</c>, <c>spirals:classes=3</c>, <c>blobs:centers=4</c>, <c>csv:data.csv,target=label</c>
/// or <c>fashion-mnist:val=0.1,standardize=global</c>.
/// </summary>
/// <remarks>
/// <para>Keys every data set accepts: <c>seed</c> (generation and split seed, default 0), <c>dtype</c> (float32 or float64),
/// <c>val</c> (a validation fraction split off the training data), <c>stratify</c> (keep class proportions in splits; default
/// true for classification), <c>standardize</c> (none, feature, channel or global: fitted on the training split, applied to
/// all). Synthetic and CSV sets also take <c>test</c> (a test fraction); MNIST-style sets have their own test split.</para>
/// <para>Unknown names, keys and choices are rejected with the list of valid ones and a "did you mean" suggestion.</para>
/// </remarks>
public static class Datasets
{
    private static readonly string[] CommonKeys = ["seed", "dtype", "val", "stratify", "standardize"];

    private static readonly Entry[] Entries =
    [
        new("linear", "regression y = w·x + b + noise, x ~ N(0, 1) (the lectures' linear model)", true,
            [("n", "3200", "samples"), ("w", "2", "weights, one per feature or one for all, separated by ';'"), ("b", "-1", "bias"),
             ("noise", "0.1", "standard deviation of the Gaussian noise"), ("features", "number of weights", "input dimension")],
            (s, _) => Synthetic.Linear(
                s.GetInt("n", 3200, 1), s.GetDoubles("w", [2.0]), s.GetDouble("b", -1), NonNegative(s, "noise", 0.1),
                s.GetInt("features", 0, 1), Seed(s), DType(s))),
        new("moons", "two interleaving half circles, 2 classes (scikit-learn make_moons)", true,
            [("n", "1000", "samples"), ("noise", "0.1", "standard deviation of the Gaussian noise")],
            (s, _) => Synthetic.Moons(s.GetInt("n", 1000, 2), NonNegative(s, "noise", 0.1), Seed(s), DType(s))),
        new("circles", "two concentric circles, 2 classes (scikit-learn make_circles)", true,
            [("n", "1000", "samples"), ("noise", "0.05", "standard deviation of the Gaussian noise"), ("factor", "0.5", "inner radius, in (0, 1)")],
            (s, _) => Synthetic.Circles(
                s.GetInt("n", 1000, 2), NonNegative(s, "noise", 0.05), s.GetDouble("factor", 0.5, f => f > 0 && f < 1, "a number in (0, 1)"), Seed(s), DType(s))),
        new("spirals", "k interleaved spiral arms (CS231n)", true,
            [("n", "900", "samples"), ("classes", "3", "number of arms/classes"), ("noise", "0.2", "angular noise")],
            (s, _) => Synthetic.Spirals(s.GetInt("n", 900, 2), s.GetInt("classes", 3, 2, 1000), NonNegative(s, "noise", 0.2), Seed(s), DType(s))),
        new("blobs", "k Gaussian clusters (scikit-learn make_blobs)", true,
            [("n", "1000", "samples"), ("centers", "3", "number of clusters/classes"), ("features", "2", "dimension"),
             ("std", "1", "cluster standard deviation"), ("box", "10", "centres are uniform in [-box, box]")],
            (s, _) => Synthetic.Blobs(
                s.GetInt("n", 1000, 2), s.GetInt("centers", 3, 2, 10000), s.GetInt("features", 2, 1),
                s.GetDouble("std", 1, v => v > 0, "a number > 0"), s.GetDouble("box", 10, v => v > 0, "a number > 0"), Seed(s), DType(s))),
        new("xor", "the XOR problem: 4 quadrants, 2 classes", true,
            [("n", "1000", "samples"), ("noise", "0", "standard deviation of the Gaussian noise")],
            (s, _) => Synthetic.Xor(s.GetInt("n", 1000, 4), NonNegative(s, "noise", 0), Seed(s), DType(s))),
        new("csv", "a CSV file with a header row: csv:PATH[,target=COLUMN]", true,
            [("target", "last column", "the target column's name"), ("task", "auto", "auto, classification or regression"),
             ("sep", ",", "field separator: a character, tab, or auto")],
            LoadCsv),
        new(MnistDatasets.FashionMnistName, "Zalando's 28×28 clothing images, 10 classes, 60000 train + 10000 test (IDX files)", false,
            [("dir", "searched", "directory holding the four IDX files"), ("flatten", "false", "images as [784] instead of [1, 28, 28]"),
             ("n", "all", "use only the first n training images")],
            null),
        new(MnistDatasets.MnistName, "handwritten digits, 28×28, 10 classes, 60000 train + 10000 test (IDX files)", false,
            [("dir", "searched", "directory holding the four IDX files"), ("flatten", "false", "images as [784] instead of [1, 28, 28]"),
             ("n", "all", "use only the first n training images")],
            null),
    ];

    /// <summary>The names of all registered data sets.</summary>
    public static IReadOnlyList<string> Names { get; } = Entries.Select(e => e.Name).ToArray();

    /// <summary>
    /// Loads the data set described by <paramref name="spec"/>, splits it (validation/test fractions), and standardises it if
    /// asked, with statistics fitted on the training split only.
    /// </summary>
    /// <exception cref="ArgumentException">An unknown name, key or choice, or an invalid value (the message lists the valid ones).</exception>
    /// <exception cref="DatasetNotFoundException">An on-disk data set is not installed (the message says how to get it).</exception>
    /// <exception cref="DataFormatException">A data file is malformed.</exception>
    public static DataSplits Load(string spec, DatasetLoadOptions? options = null)
    {
        options ??= new DatasetLoadOptions();
        var s = DatasetSpec.Parse(spec, name => name == "csv");
        var entry = Entries.FirstOrDefault(e => e.Name == s.Name);
        if (entry == null)
        {
            throw new ArgumentException(
                $"Unknown data set \"{s.Name}\"" + Descent.Text.Spelling.DidYouMean(s.Name, [.. Names.Order(StringComparer.Ordinal)], "data sets"));
        }

        var valid = entry.Keys.Select(k => k.Key).Concat(CommonKeys).Concat(entry.HasTestFraction ? ["test"] : []).ToArray();
        s.RejectUnknown(valid);
        var dtype = DType(s);
        ulong seed = Seed(s);
        double val = s.GetDouble("val", 0, v => v >= 0 && v < 1, "a fraction in [0, 1)");
        double testFraction = entry.HasTestFraction ? s.GetDouble("test", 0, v => v >= 0 && v < 1, "a fraction in [0, 1)") : 0;
        string standardize = s.GetChoice("standardize", "none", "none", "feature", "channel", "global");

        TensorDataset all;
        TensorDataset? ownTest = null;
        if (entry.Load != null)
        {
            all = entry.Load(s, options);
        }
        else
        {
            var images = LoadImages(s, options, dtype);
            all = images.Train;
            ownTest = images.Test;
        }

        bool stratifyDefault = all.ClassCount > 0;
        bool stratify = s.GetBool("stratify", stratifyDefault);
        if (stratify && all.ClassCount == 0)
        {
            throw new ArgumentException($"{s.Name}: stratify=true needs class labels, but this is a regression data set");
        }

        IDataset train = all;
        IDataset? test = ownTest;
        if (testFraction > 0)
        {
            var split = DatasetSplit.TrainValidation(all, testFraction, seed, stratify);
            train = split.Train;
            test = split.Validation;
        }

        IDataset? validation = null;
        if (val > 0)
        {
            // The validation split uses another stream than the test split, so that the two are independent.
            var split = DatasetSplit.TrainValidation(train, val, seed + 1, stratify);
            train = split.Train;
            validation = split.Validation;
        }

        Standardizer? standardizer = null;
        if (standardize != "none")
        {
            var mode = standardize switch
            {
                "feature" => StandardizeMode.PerFeature,
                "channel" => StandardizeMode.PerChannel,
                _ => StandardizeMode.Global,
            };
            standardizer = Standardizer.Fit(train, mode);

            // The data was created for this call, so it can be transformed in place: every split shares `all` (and `ownTest`).
            standardizer.TransformInPlace(all);
            if (ownTest != null)
            {
                standardizer.TransformInPlace(ownTest);
            }
        }

        return new DataSplits(train, validation, test) { Name = s.Name, Spec = s.Text, Standardizer = standardizer };
    }

    /// <summary>A description of every data set and its keys, for <c>--help</c> output.</summary>
    public static string Help()
    {
        var sb = new StringBuilder();
        sb.AppendLine("Data sets (spec: name[:key=value,...]):");
        foreach (var e in Entries)
        {
            sb.Append("  ").Append(e.Name.PadRight(14)).AppendLine(e.Summary);
            foreach (var (key, def, help) in e.Keys)
            {
                sb.Append("      ").Append((key + "=" + def).PadRight(26)).AppendLine(help);
            }
        }

        sb.AppendLine("  Every data set also takes: seed=0, dtype=float32|float64, val=FRACTION, stratify=true|false,");
        sb.AppendLine("  standardize=none|feature|channel|global; synthetic and csv sets also take test=FRACTION.");
        sb.Append("  Image sets are looked for in $DESCENT_DATA/NAME, ~/.descent/data/NAME, /usr/share/datasets/NAME.");
        return sb.ToString();
    }

    private static TensorDataset LoadCsv(DatasetSpec s, DatasetLoadOptions options)
    {
        if (string.IsNullOrEmpty(s.Path))
        {
            throw new ArgumentException("csv: give the file as csv:PATH, e.g. csv:data/iris.csv,target=species");
        }

        string path = options.BaseDirectory != null ? Path.Combine(options.BaseDirectory, s.Path) : s.Path;
        string sep = s.GetString("sep", ",")!;
        char? separator = sep.ToLowerInvariant() switch
        {
            "auto" => null,
            "tab" or "\\t" => '\t',
            "space" => ' ',
            _ when sep.Length == 1 => sep[0],
            _ => throw new ArgumentException($"csv: sep must be one character, tab, space or auto, got \"{sep}\""),
        };
        var task = s.GetChoice("task", "auto", "auto", "classification", "regression") switch
        {
            "classification" => CsvTask.Classification,
            "regression" => CsvTask.Regression,
            _ => CsvTask.Auto,
        };
        return CsvDatasetReader.Read(path, new CsvOptions { Target = s.GetString("target"), Task = task, Separator = separator, DType = DType(s) });
    }

    private static ImageSplits LoadImages(DatasetSpec s, DatasetLoadOptions options, DType dtype)
    {
        bool flatten = s.GetBool("flatten", false);
        string? dir = s.GetString("dir");
        ImageSplits images;
        if (dir != null)
        {
            var names = s.Name == MnistDatasets.FashionMnistName ? MnistDatasets.FashionMnistClassNames : MnistDatasets.MnistClassNames;
            images = MnistDatasets.LoadDirectory(dir, names, dtype, flatten);
        }
        else
        {
            var dirs = options.SearchDirectories?.Invoke(s.Name) ?? DataDirectories.For(s.Name);
            images = MnistDatasets.Load(s.Name, dirs, dtype, flatten);
        }

        int n = s.GetInt("n", images.Train.Count, 1);
        if (n > images.Train.Count)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{s.Name}: n={n} but the training set has only {images.Train.Count} images"));
        }

        return n < images.Train.Count ? images with { Train = images.Train.Slice(0, n) } : images;
    }

    private static ulong Seed(DatasetSpec s) => s.GetUInt64("seed", 0);

    private static DType DType(DatasetSpec s) => s.GetChoice("dtype", "float32", "float32", "float64") == "float64" ? Descent.DType.Float64 : Descent.DType.Float32;

    private static double NonNegative(DatasetSpec s, string key, double fallback) => s.GetDouble(key, fallback, v => v >= 0, "a number ≥ 0");

    private sealed record Entry(
        string Name,
        string Summary,
        bool HasTestFraction,
        (string Key, string Default, string Help)[] Keys,
        Func<DatasetSpec, DatasetLoadOptions, TensorDataset>? Load);
}
