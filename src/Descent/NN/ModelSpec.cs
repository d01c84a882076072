using System.Globalization;
using Descent.Text;

namespace Descent.NN;

/// <summary>
/// Builds models from short specs (the <c>--model</c> option): <c>linear</c>, <c>softmax</c>, <c>mlp:784-256-128-10</c>
/// (optionally <c>,activation=tanh|relu|sigmoid|gelu|leaky_relu</c> and <c>,dropout=P</c>) and <c>cnn:lenet</c>.
/// </summary>
/// <remarks>
/// An mlp's dropout layers (one after each hidden activation, as in PyTorch examples) take their generators from the seed of the
/// weights' generator, one stream per layer, so one run seed fixes the weights and every dropout mask.
/// </remarks>
public static class ModelSpec
{
    /// <summary>The model names a spec may start with.</summary>
    public static IReadOnlyList<string> Names { get; } = ["linear", "softmax", "mlp", "cnn"];

    /// <summary>A one-line description of each spec form, for help texts.</summary>
    public static IReadOnlyList<(string Spec, string Description)> Help { get; } =
    [
        ("linear", "one linear layer: regression (y = Wx + b) with one output per target"),
        ("softmax", "multinomial logistic regression: flatten, then one linear layer to the class logits"),
        ("mlp:IN-H1-...-OUT[,activation=relu|tanh|sigmoid|gelu|leaky_relu][,dropout=P]", "a multi-layer perceptron (ReLU by default; dropout P after each hidden layer)"),
        ("cnn:lenet", "LeNet-5 style network for 1×28×28 images: conv 6@5×5 (pad 2), pool, conv 16@5×5, pool, 120, 84, 10"),
    ];

    /// <summary>Builds a model for samples of shape <paramref name="sampleShape"/> and <paramref name="outputs"/> outputs.</summary>
    /// <param name="spec">The spec text.</param>
    /// <param name="sampleShape">The shape of one input sample (without the batch dimension).</param>
    /// <param name="outputs">Classes for classification, targets for regression.</param>
    /// <param name="rng">
    /// The generator for the initial weights; an mlp's dropout generators are derived from its <see cref="Rng.Seed"/> (not its
    /// position), one stream per layer.
    /// </param>
    /// <param name="dtype">The parameters' dtype.</param>
    /// <exception cref="ArgumentException">Unknown model, malformed sizes, or sizes that do not fit the data; the message says what fits.</exception>
    public static Module Build(string spec, Shape sampleShape, int outputs, Rng rng, DType dtype = DType.Float32)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(rng);
        int inFeatures = sampleShape.Numel;
        var (name, args) = Split(spec);
        switch (name)
        {
            case "linear":
            case "softmax":
                return new Sequential(new Flatten(), new Linear(inFeatures, outputs, rng, dtype: dtype));
            case "mlp":
                return Mlp(spec, args, inFeatures, outputs, rng, dtype);
            default:
                if (sampleShape.Rank != 3 || sampleShape[0] != 1 || sampleShape[1] != 28 || sampleShape[2] != 28)
                {
                    throw new ArgumentException($"cnn:lenet needs 1×28×28 images (such as fashion-mnist), but the data's samples have shape {sampleShape}", "spec");
                }

                return LeNet(outputs, rng, dtype);
        }
    }

    /// <summary>
    /// Checks a spec on its own, before any data is loaded: a known name, well-formed sizes and options. Whether the sizes fit the
    /// data is checked by <see cref="Build"/>.
    /// </summary>
    /// <exception cref="ArgumentException">An unknown model, option or activation (with the closest valid one), or malformed sizes.</exception>
    public static void Check(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var (name, args) = Split(spec);
        if (name == "mlp")
        {
            ParseMlp(spec, args, null, null);
        }
    }

    /// <summary>The name and the text after the colon, checked except for an mlp's sizes and options.</summary>
    private static (string Name, string Args) Split(string spec)
    {
        string name = spec, args = "";
        int colon = spec.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            name = spec[..colon];
            args = spec[(colon + 1)..];
        }

        name = name.Trim().ToLowerInvariant();
        if (name.Length == 0)
        {
            throw new ArgumentException($"model spec \"{spec}\" has no name; valid: {string.Join(", ", Help.Select(h => h.Spec))}", "spec");
        }

        switch (name)
        {
            case "linear":
            case "softmax":
                NoArgs(name, args);
                break;
            case "mlp":
                if (args.Trim().Length == 0)
                {
                    throw new ArgumentException($"model \"{spec}\": an mlp needs its layer sizes, such as mlp:784-256-10", "spec");
                }

                break;
            case "cnn":
                if (args.Trim() != "lenet")
                {
                    var close = Spelling.Closest(args.Trim(), ["lenet"]);
                    throw new ArgumentException($"unknown cnn \"{args}\" in model \"{spec}\"" + (close != null ? $"; did you mean \"cnn:{close}\"? Valid: " : "; valid: ") + "cnn:lenet", "spec");
                }

                break;
            default:
                var s = Spelling.Closest(name, Names);
                throw new ArgumentException($"unknown model \"{name}\"" + (s != null ? $"; did you mean \"{s}\"? Valid: " : "; valid: ") + string.Join(", ", Help.Select(h => h.Spec)), "spec");
        }

        return (name, args);
    }

    /// <summary>LeNet-5 (LeCun et al. 1998) as commonly adapted to 28×28 inputs, with ReLU and max pooling.</summary>
    public static Sequential LeNet(int classes, Rng rng, DType dtype = DType.Float32) => new(
        new Conv2d(1, 6, 5, rng, padding: 2, dtype: dtype),
        new ReLU(),
        new MaxPool2d(2),
        new Conv2d(6, 16, 5, rng, dtype: dtype),
        new ReLU(),
        new MaxPool2d(2),
        new Flatten(),
        new Linear(16 * 5 * 5, 120, rng, dtype: dtype),
        new ReLU(),
        new Linear(120, 84, rng, dtype: dtype),
        new ReLU(),
        new Linear(84, classes, rng, dtype: dtype));

    /// <summary>The base of the streams (of the weights' seed) that seed an mlp's dropout layers, one per layer.</summary>
    private const ulong DropoutStream = 0xD209_0000;

    /// <summary>The generator seed of the <paramref name="layer"/>-th dropout layer (from 0) of a model whose weights come from <paramref name="weightSeed"/>.</summary>
    public static ulong DropoutSeed(ulong weightSeed, int layer) => Rng.ForStream(weightSeed, DropoutStream + (ulong)layer).NextUInt64();

    private static Sequential Mlp(string spec, string args, int inFeatures, int outputs, Rng rng, DType dtype)
    {
        var (sizes, activation, dropout) = ParseMlp(spec, args, inFeatures, outputs);
        if (sizes[0] != inFeatures)
        {
            throw new ArgumentException($"model \"{spec}\": the first size is {sizes[0]} but the data has {inFeatures} features per sample; use mlp:{inFeatures}-...", "spec");
        }

        if (sizes[^1] != outputs)
        {
            throw new ArgumentException($"model \"{spec}\": the last size is {sizes[^1]} but the data needs {outputs} outputs; use mlp:...-{outputs}", "spec");
        }

        var model = new Sequential(new Flatten());
        for (int i = 0; i + 1 < sizes.Count; i++)
        {
            model.Add(new Linear(sizes[i], sizes[i + 1], rng, dtype: dtype));
            if (i + 2 < sizes.Count)
            {
                model.Add(Activation(activation, spec));
                if (dropout > 0)
                {
                    model.Add(new Dropout(dropout, DropoutSeed(rng.Seed, i)));
                }
            }
        }

        return model;
    }

    /// <summary>An mlp's sizes and activation, checked; the example sizes in messages come from the data when known.</summary>
    private static (List<int> Sizes, string Activation, double Dropout) ParseMlp(string spec, string args, int? inFeatures, int? outputs)
    {
        var parts = args.Split(',');
        string activation = "relu";
        double dropout = 0;
        var given = new HashSet<string>();
        string[] keys = ["activation", "dropout"];
        foreach (var option in parts.Skip(1))
        {
            var kv = option.Split('=', 2);
            string key = kv[0].Trim();
            if (!keys.Contains(key) || kv.Length != 2)
            {
                var close = key.Length > 0 ? Spelling.Closest(key, keys) : null;
                throw new ArgumentException($"unknown option \"{option}\" in model \"{spec}\"" + (close != null && close != key ? $"; did you mean \"{close}\"? Valid: " : "; valid: ") +
                    "activation=relu|tanh|sigmoid|gelu|leaky_relu, dropout=P", "spec");
            }

            if (!given.Add(key))
            {
                throw new ArgumentException($"model \"{spec}\": {key} is given more than once", "spec");
            }

            string value = kv[1].Trim();
            if (key == "activation")
            {
                activation = value;
                Activation(activation, spec);
            }
            else if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out dropout) || !(dropout >= 0 && dropout < 1))
            {
                throw new ArgumentException($"model \"{spec}\": dropout must be a probability in [0, 1) such as 0.2, got \"{value}\"", "spec");
            }
        }

        var sizes = new List<int>();
        foreach (var token in parts[0].Split('-'))
        {
            if (!int.TryParse(token.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n <= 0)
            {
                throw new ArgumentException($"model \"{spec}\": layer size \"{token}\" is not a positive integer; write sizes like mlp:784-256-128-10", "spec");
            }

            sizes.Add(n);
        }

        if (sizes.Count < 2)
        {
            string example = inFeatures is int i && outputs is int o ? $"mlp:{i}-64-{o}" : "mlp:784-64-10";
            throw new ArgumentException($"model \"{spec}\": an mlp needs at least an input and an output size, such as {example}", "spec");
        }

        return (sizes, activation, dropout);
    }

    private static Module Activation(string name, string spec) => name switch
    {
        "relu" => new ReLU(),
        "tanh" => new Tanh(),
        "sigmoid" => new Sigmoid(),
        "gelu" => new GELU(),
        "leaky_relu" => new LeakyReLU(),
        _ => throw new ArgumentException($"model \"{spec}\": unknown activation \"{name}\"" +
            Spelling.DidYouMean(name, ["relu", "tanh", "sigmoid", "gelu", "leaky_relu"]), "spec"),
    };

    private static void NoArgs(string name, string args)
    {
        if (args.Length > 0)
        {
            throw new ArgumentException($"model \"{name}\" takes no options, got \"{args}\"", "spec");
        }
    }
}
