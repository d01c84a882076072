using System.Globalization;

namespace Descent.Data;

/// <summary>
/// The MNIST family of image sets stored as four IDX files (training and test images and labels): MNIST and Fashion-MNIST.
/// Images become float tensors of shape <c>[n, 1, 28, 28]</c> (or <c>[n, 784]</c> flattened) with pixels scaled to [0, 1] as
/// torchvision's <c>ToTensor</c> does; labels are class indices 0–9.
/// </summary>
/// <remarks>
/// <para>Files are found by name, raw or gzip-compressed: <c>train-images-idx3-ubyte</c>, <c>train-labels-idx1-ubyte</c>,
/// <c>t10k-images-idx3-ubyte</c>, <c>t10k-labels-idx1-ubyte</c>, each optionally ending in <c>.gz</c>; the variant with a dot
/// before <c>idx</c> (<c>train-images.idx3-ubyte</c>, as some mirrors name them) is accepted too.</para>
/// <para>Standardising: torchvision examples use <c>Normalize((0.2860,), (0.3530,))</c> for Fashion-MNIST and
/// <c>Normalize((0.1307,), (0.3081,))</c> for MNIST: the global mean and standard deviation of the training pixels. Fitting a
/// <see cref="Standardizer"/> with <see cref="StandardizeMode.Global"/> on the training split gives the same numbers
/// (<see cref="FashionMnistMean"/>, <see cref="FashionMnistStd"/>).</para>
/// </remarks>
public static class MnistDatasets
{
    /// <summary>The data set name <c>fashion-mnist</c> (also its directory name).</summary>
    public const string FashionMnistName = "fashion-mnist";

    /// <summary>The data set name <c>mnist</c> (also its directory name).</summary>
    public const string MnistName = "mnist";

    /// <summary>Mean of Fashion-MNIST's training pixels in [0, 1] (torchvision's customary 0.2860).</summary>
    public const double FashionMnistMean = 0.2860;

    /// <summary>Standard deviation of Fashion-MNIST's training pixels in [0, 1] (torchvision's customary 0.3530).</summary>
    public const double FashionMnistStd = 0.3530;

    /// <summary>Mean of MNIST's training pixels in [0, 1] (torchvision's customary 0.1307).</summary>
    public const double MnistMean = 0.1307;

    /// <summary>Standard deviation of MNIST's training pixels in [0, 1] (torchvision's customary 0.3081).</summary>
    public const double MnistStd = 0.3081;

    private static readonly string[] BaseNames = ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"];

    /// <summary>Fashion-MNIST's ten classes, in label order (from the data set's README).</summary>
    public static IReadOnlyList<string> FashionMnistClassNames { get; } =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>MNIST's ten classes: the digits.</summary>
    public static IReadOnlyList<string> MnistClassNames { get; } = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

    /// <summary>
    /// Loads Fashion-MNIST (60,000 training and 10,000 test images of clothing, 10 classes) from the first directory of
    /// <paramref name="searchDirectories"/> (default <see cref="DataDirectories.For"/>("fashion-mnist")) that holds its four files.
    /// </summary>
    /// <exception cref="DatasetNotFoundException">No directory holds the files; the message says how to install them.</exception>
    /// <exception cref="DataFormatException">A file is corrupt, or image and label counts differ.</exception>
    public static ImageSplits LoadFashionMnist(IReadOnlyList<string>? searchDirectories = null, DType dtype = DType.Float32, bool flatten = false) =>
        Load(FashionMnistName, searchDirectories, dtype, flatten);

    /// <summary>Loads MNIST (60,000 training and 10,000 test images of handwritten digits); see <see cref="LoadFashionMnist"/>.</summary>
    /// <exception cref="DatasetNotFoundException">No directory holds the files; the message says where to get them.</exception>
    /// <exception cref="DataFormatException">A file is corrupt, or image and label counts differ.</exception>
    public static ImageSplits LoadMnist(IReadOnlyList<string>? searchDirectories = null, DType dtype = DType.Float32, bool flatten = false) =>
        Load(MnistName, searchDirectories, dtype, flatten);

    /// <summary>Loads <c>mnist</c> or <c>fashion-mnist</c> by name from the first directory that holds its files.</summary>
    /// <exception cref="ArgumentException">The name is neither.</exception>
    /// <exception cref="DatasetNotFoundException">No directory holds the files.</exception>
    public static ImageSplits Load(string name, IReadOnlyList<string>? searchDirectories = null, DType dtype = DType.Float32, bool flatten = false)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name != MnistName && name != FashionMnistName)
        {
            throw new ArgumentException($"Unknown image data set \"{name}\"; expected \"{MnistName}\" or \"{FashionMnistName}\"", nameof(name));
        }

        var dirs = searchDirectories ?? DataDirectories.For(name);
        string? partial = null;
        foreach (var dir in dirs)
        {
            var files = FindFiles(dir);
            int found = files.Count(f => f != null);
            if (found == 4)
            {
                return LoadDirectory(dir, name == FashionMnistName ? FashionMnistClassNames : MnistClassNames, dtype, flatten);
            }

            if (found > 0 && partial == null)
            {
                var missing = BaseNames.Where((_, i) => files[i] == null).Select(b => b + "[.gz]");
                partial = $" {dir} has only {found} of the 4 files (missing {string.Join(", ", missing)}).";
            }
        }

        throw NotFound(name, dirs, partial);
    }

    /// <summary>Loads the four IDX files from <paramref name="directory"/>.</summary>
    /// <param name="directory">The directory holding the files.</param>
    /// <param name="classNames">Names of the classes, in label order (null for none).</param>
    /// <param name="dtype">Element type of the images.</param>
    /// <param name="flatten">Shape images as <c>[n, rows·cols]</c> instead of <c>[n, 1, rows, cols]</c>.</param>
    /// <exception cref="DatasetNotFoundException">A file is missing.</exception>
    /// <exception cref="DataFormatException">A file is corrupt, or image and label counts differ.</exception>
    public static ImageSplits LoadDirectory(string directory, IReadOnlyList<string>? classNames = null, DType dtype = DType.Float32, bool flatten = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var files = FindFiles(directory);
        if (files.Any(f => f == null))
        {
            var missing = BaseNames.Where((_, i) => files[i] == null).Select(b => b + "[.gz]");
            throw new DatasetNotFoundException(
                $"{directory} does not hold an MNIST-style data set: missing {string.Join(", ", missing)}",
                Path.GetFileName(directory),
                [directory]);
        }

        int classes = classNames?.Count ?? 0;
        var train = LoadPair(files[0]!, files[1]!, classNames, classes, dtype, flatten);
        var test = LoadPair(files[2]!, files[3]!, classNames, Math.Max(classes, train.ClassCount), dtype, flatten);
        return new ImageSplits(train, test, directory);
    }

    private static TensorDataset LoadPair(string imagesPath, string labelsPath, IReadOnlyList<string>? classNames, int classes, DType dtype, bool flatten)
    {
        var images = IdxReader.ReadImages(imagesPath);
        var labels = IdxReader.ReadLabels(labelsPath);
        if (images.Dims[0] != labels.Dims[0])
        {
            throw new DataFormatException(
                string.Create(CultureInfo.InvariantCulture, $"IDX files {imagesPath} and {labelsPath}: {images.Dims[0]} images but {labels.Dims[0]} labels; the files do not belong together"),
                labelsPath,
                4);
        }

        var y = ((byte[])labels.Data).Select(b => (int)b).ToArray();
        if (classes > 0)
        {
            int bad = Array.FindIndex(y, l => l >= classes);
            if (bad >= 0)
            {
                throw new DataFormatException(
                    string.Create(CultureInfo.InvariantCulture, $"IDX file {labelsPath}: label {y[bad]} of sample {bad} (byte {8 + bad}) is out of range for {classes} classes"),
                    labelsPath,
                    8 + bad);
            }
        }

        int n = images.Dims[0], rows = images.Dims[1], cols = images.Dims[2];
        var x = images.ToTensor(dtype, 255.0);
        x = flatten ? x.Reshape(n, rows * cols) : x.Reshape(n, 1, rows, cols);
        return new TensorDataset(x, y, classes, classes > 0 ? classNames : null);
    }

    private static string?[] FindFiles(string dir)
    {
        var result = new string?[BaseNames.Length];
        if (!Directory.Exists(dir))
        {
            return result;
        }

        for (int i = 0; i < BaseNames.Length; i++)
        {
            string dotted = BaseNames[i].Replace("-idx", ".idx", StringComparison.Ordinal);
            foreach (var candidate in new[] { BaseNames[i], BaseNames[i] + ".gz", dotted, dotted + ".gz" })
            {
                var p = Path.Combine(dir, candidate);
                if (File.Exists(p))
                {
                    result[i] = p;
                    break;
                }
            }
        }

        return result;
    }

    private static DatasetNotFoundException NotFound(string name, IReadOnlyList<string> dirs, string? partial)
    {
        string title = name == FashionMnistName ? "Fashion-MNIST" : "MNIST";
        string files = "train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz";
        string how = name == FashionMnistName
            ? $"Install it with `sudo apt-get install dataset-fashion-mnist` (Debian/Ubuntu; it goes to {DataDirectories.SystemRoot}/{name}), or download {files} from https://github.com/zalandoresearch/fashion-mnist"
            : $"Download {files} (for example from torchvision's mirror https://ossci-datasets.s3.amazonaws.com/mnist/)";
        string home = Path.Combine("~", ".descent", "data", name);
        string message =
            $"{title} was not found; looked in {string.Join(", ", dirs)}.{partial} {how} into {home}, " +
            $"or into DIR/{name} and set {DataDirectories.EnvironmentVariable}=DIR. Raw (uncompressed) files work too.";
        return new DatasetNotFoundException(message, name, dirs);
    }
}

/// <summary>The training and test splits of an image data set.</summary>
/// <param name="Train">The training images.</param>
/// <param name="Test">The test images.</param>
/// <param name="Directory">Where the files were read from.</param>
public sealed record ImageSplits(TensorDataset Train, TensorDataset Test, string Directory);
