using System.Globalization;
using Descent.Data;
using Descent.Demo;
using Descent.Functions;
using Descent.Optim;
using Descent.Schedules;

namespace Descent.Cli;

/// <summary>
/// <c>descent compare</c>: race several optimizers on a 2-D function (paths, loss, distance to the minimum) or on a model and data
/// set (training and validation curves, accuracy), and write one HTML report.
/// </summary>
public sealed class CompareCommand : ICommand
{
    /// <summary>The largest <c>--steps</c> accepted.</summary>
    public const int MaxSteps = 1_000_000;

    /// <summary>The largest <c>--epochs</c> accepted.</summary>
    public const int MaxEpochs = 100_000;

    private static readonly string[] FunctionOnly = ["function", "start", "schedule", "steps", "dtype", "tolerance"];
    private static readonly string[] DataOnly = ["data", "model", "epochs", "batch-size", "seed"];

    /// <inheritdoc/>
    public string Name => "compare";

    /// <inheritdoc/>
    public string Summary => "race optimizers on a function or a model and write an HTML report";

    /// <inheritdoc/>
    public string Usage => """
        descent compare --function F [--start=P] --optimizers "SPEC;SPEC;..." [--schedule SPEC] [--steps N] [--out report.html]
        descent compare --data NAME --model SPEC --optimizers "SPEC;SPEC;..." [--epochs N] [--batch-size N] [--out report.html]

          --optimizers "A;B;..."  optimizer specs separated by ';' in one quoted argument. A spec's list values use ';' too
                                  (adam:betas=0.9;0.99): a ';' starts a new spec only when a name follows it (a word followed
                                  by ':' or the end), so "adam:betas=0.9;0.99,lr=0.1;sgd:lr=0.1" is two specs
          --out FILE.html         the report (default compare.html in the current directory)

        On a function (the contour plot needs a 2-D function; other dimensions get the loss and distance charts):
          --function F            a named test function (descent functions) or an expression in x, y, ...
          --start=X,Y             the common start (default: the function's own); write --start=-1.5,2 for negatives
          --schedule SPEC         a learning-rate schedule every optimizer runs under (descent schedules)
          --steps N               steps per optimizer (default 200)
          --tolerance T           the loss gap f − f* counted as arrived (default 1e-6)
          --dtype                 float64 (default) or float32

        On data (the same model from the same initial weights, the same batches in the same order, for every optimizer):
          --data NAME             a data set spec: moons, spirals, blobs, linear, fashion-mnist, csv:FILE, ... (with keys)
          --model SPEC            linear, softmax, mlp:IN-H-...-OUT, cnn:lenet
          --epochs N              epochs per optimizer (default 10)
          --batch-size N          samples per update (default 32)
          --seed N                initial weights, shuffling and validation split (default 0)

        Example: descent compare --function ellipse --optimizers "gd:lr=0.9;momentum:lr=0.1,gamma=0.8;adam:lr=0.5" --steps 100
        """;

    /// <inheritdoc/>
    public int Run(CliArgs args, TextWriter output, TextWriter err)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(err);
        bool onFunction = args.Has("function"), onData = args.Has("data");
        if (onFunction == onData)
        {
            throw new UsageException(onFunction
                ? "give either --function (race on a function) or --data (race on a model), not both"
                : "give --function F (race on a function) or --data NAME --model SPEC (race on a model); see descent compare --help");
        }

        var wrongMode = (onFunction ? DataOnly : FunctionOnly).FirstOrDefault(args.Has);
        if (wrongMode != null)
        {
            throw new UsageException($"--{wrongMode} applies to {(onFunction ? "--data" : "--function")} comparisons, not to {(onFunction ? "--function" : "--data")}");
        }

        string optimizersText = args.Required("optimizers", "optimizer specs separated by ';', such as \"gd:lr=0.1;adam:lr=0.1\"");
        string outPath = args.String("out", "a file name ending in .html") ?? "compare.html";
        return onFunction ? RunOnFunction(args, optimizersText, outPath, output) : RunOnData(args, optimizersText, outPath, output);
    }

    private static int RunOnFunction(CliArgs args, string optimizersText, string outPath, TextWriter output)
    {
        string function = args.Required("function", "a named function such as rosenbrock, or an expression such as \"(1 - x*y)^2\"");
        var start = args.Numbers("start");
        string? schedule = args.String("schedule");
        int steps = args.Int("steps", 200, min: 1, max: MaxSteps);
        double tolerance = args.Positive("tolerance", FunctionRace.DefaultTolerance);
        DType dtype = args.Choice("dtype", "float64", "float32") == "float32" ? DType.Float32 : DType.Float64;
        args.RejectUnknown();
        OutputFiles.Check("out", outPath, ".html", ".htm");
        var specs = ParseOptimizers(optimizersText);
        if (schedule != null)
        {
            CliSpecs.Schedule("schedule", schedule);
        }

        bool named = TestFunctions.Contains(function.Trim());
        var objective = CliSpecs.Function("function", function, start?.Length);
        if (start == null)
        {
            if (!named)
            {
                throw new UsageException($"--start is required for an expression (give its {objective.Dimension} coordinate{(objective.Dimension == 1 ? "" : "s")}, e.g. --start={string.Join(',', Enumerable.Repeat("1", objective.Dimension))})");
            }

            start = [.. objective.DefaultStart];
        }
        else if (start.Length != objective.Dimension)
        {
            throw new UsageException($"--start: expected {objective.Dimension} comma-separated numbers for {objective.Name}, got {start.Length}");
        }

        var race = FunctionRace.Run(objective, start, specs, schedule, steps, dtype, tolerance);
        var command = "descent compare --function " + Quote(function) + " --start=" + string.Join(',', start.Select(v => v.ToString("R", CultureInfo.InvariantCulture))) +
            " --optimizers " + Quote(optimizersText) + (schedule != null ? " --schedule " + Quote(schedule) : "") + " --steps " + steps.ToString(CultureInfo.InvariantCulture) +
            (tolerance != FunctionRace.DefaultTolerance ? " --tolerance " + tolerance.ToString("R", CultureInfo.InvariantCulture) : "") +
            (dtype == DType.Float32 ? " --dtype float32" : "");
        FunctionRace.Report(race, command).Save(outPath);
        output.WriteLine($"wrote {outPath}");
        foreach (var entry in race.Entries)
        {
            output.WriteLine("  " + FunctionRace.SummaryLine(race, entry));
        }

        return 0;
    }

    private static int RunOnData(CliArgs args, string optimizersText, string outPath, TextWriter output)
    {
        string data = args.Required("data", "a data set such as moons, spirals, blobs or fashion-mnist");
        string model = args.Required("model", "a model such as softmax or mlp:2-32-2");
        int epochs = args.Int("epochs", 10, min: 1, max: MaxEpochs);
        int batchSize = args.Int("batch-size", 32, min: 1);
        ulong seed = args.UInt64("seed");
        args.RejectUnknown();

        OutputFiles.Check("out", outPath, ".html", ".htm");
        var specs = ParseOptimizers(optimizersText);
        CliSpecs.Model("model", model);
        CliSpecs.Data("data", data);
        var splits = CliSpecs.Check("data", () => Datasets.Load(data));
        var race = TrainingRace.Run(splits, model, specs, epochs, batchSize, seed);
        var command = "descent compare --data " + Quote(data) + " --model " + Quote(model) + " --optimizers " + Quote(optimizersText) +
            " --epochs " + epochs.ToString(CultureInfo.InvariantCulture) + " --batch-size " + batchSize.ToString(CultureInfo.InvariantCulture) +
            (seed != 0 ? " --seed " + seed.ToString(CultureInfo.InvariantCulture) : "");
        TrainingRace.Report(race, command).Save(outPath);
        output.WriteLine($"wrote {outPath}");
        foreach (var entry in race.Entries)
        {
            output.WriteLine("  " + TrainingRace.SummaryLine(race, entry));
        }

        return 0;
    }

    /// <summary>Splits and checks every spec (name, keys, values) on a stand-in parameter before any work.</summary>
    private static IReadOnlyList<string> ParseOptimizers(string text)
    {
        IReadOnlyList<string> specs;
        try
        {
            specs = OptimizerList.Split(text);
        }
        catch (ArgumentException e)
        {
            throw new UsageException("--optimizers: " + CliSpecs.OneLine(e.Message));
        }

        foreach (var spec in specs)
        {
            CliSpecs.Optimizer("optimizers", spec);
        }

        return specs;
    }

    private static string Quote(string s) =>
        s.Length > 0 && s.All(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' or ':' or ',' or '=' or '/') ? s : "\"" + s.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
