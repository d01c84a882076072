using Descent.Optim;
using Descent.Schedules;

namespace Descent.Tests.Cli;

/// <summary>
/// Issue 9's table of user mistakes, across every command: each invocation exits with code 2, prints exactly one line on standard
/// error naming the argument, the value and what is valid, prints nothing on standard output, and writes no file (every check
/// happens before any work). <c>{tmp}</c> stands for a scratch directory holding <c>file.txt</c>, an empty directory
/// <c>empty</c> and a directory called <c>out.json</c>.
/// </summary>
public sealed class BadInvocationTable : IDisposable
{
    private const string Functions = "quadratic, shifted, ellipse, rosenbrock, beale, himmelblau, booth, saddle, monkey-saddle, product-saddle, rastrigin, ackley";
    private const string Models = "linear, softmax, mlp:IN-H1-...-OUT[,activation=relu|tanh|sigmoid|gelu|leaky_relu][,dropout=P], cnn:lenet";
    private const string DataSets = "blobs, circles, csv, fashion-mnist, linear, mnist, moons, spirals, xor";
    private const string Flag = "is a flag and takes no value";

    private const string TrainOptions = "--accumulate, --batch-size, --checkpoint, --clip-norm, --clip-value, --data, --epochs, --grad-tol, --keep, " +
        "--loss-tol, --max-skips, --max-steps, --metrics, --min-delta, --model, --on-divergence, --optimizer, --patience, --plot, --precision, " +
        "--quiet, --resume, --schedule, --schedule-per, --seed, --val-split";

    private readonly string _tmp = Directory.CreateTempSubdirectory("descent-bad-input-").FullName;

    public BadInvocationTable()
    {
        File.WriteAllText(Path.Combine(_tmp, "file.txt"), "not a directory");
        Directory.CreateDirectory(Path.Combine(_tmp, "empty"));
        Directory.CreateDirectory(Path.Combine(_tmp, "out.json"));
    }

    private static string Commands => string.Join(", ", Descent.Cli.Cli.Commands.Select(c => c.Name));

    private static string Optimizers => string.Join(", ", OptimizerRegistry.Names);

    private static string Schedules => string.Join(", ", ScheduleRegistry.Names);

    /// <summary>Arguments (with <c>{tmp}</c>) and the exact line on standard error.</summary>
    public static TheoryData<string[], string> Rows => new()
    {
        // The command word and help.
        { ["trian"], $"descent: unknown command \"trian\"; did you mean \"train\"? Commands: {Commands}" },
        { ["xyzzy"], $"descent: unknown command \"xyzzy\"; commands: {Commands}" },
        { ["--epochs", "3"], $"descent: expected a command before the options, got \"--epochs\" (descent COMMAND [OPTIONS]); commands: {Commands}" },
        { ["-x"], $"descent: expected a command before the options, got \"-x\" (descent COMMAND [OPTIONS]); commands: {Commands}" },
        { ["help", "optimise"], $"descent help: unknown command \"optimise\"; did you mean \"optimize\"? Commands: {Commands}" },
        { ["help", "train", "optimize"], "descent help: expected at most one command name, got 2: train optimize" },
        { ["help", "--all"], "descent help: unknown option \"--all\"; this command takes no options" },
        { ["schedules", "--names"], "descent schedules: unknown option \"--names\"; this command takes no options" },
        { ["schedules", "cosine"], "descent schedules: unexpected argument \"cosine\"" },

        // train: options.
        { Train("--epoch", "3"), $"descent train: unknown option \"--epoch\"; did you mean \"--epochs\"? Valid options: {TrainOptions}" },
        { Train("-e"), $"descent train: unknown option \"-e\"; valid options: {TrainOptions}" },
        { Train("--epochs"), "descent train: --epochs: expected a positive integer, got no value" },
        { Train("--epochs", "--quiet"), "descent train: --epochs: expected a positive integer, got no value" },
        { Train("--epochs", "3", "--epochs", "4"), "descent train: --epochs is given more than once; give it once" },
        { Train("--epochs=3", "--epochs=3"), "descent train: --epochs is given more than once; give it once" },
        { Train("--epochs", "1e3"), "descent train: --epochs: expected a positive integer, got \"1e3\"" },
        { Train("--epochs", "99999999999"), "descent train: --epochs: expected a positive integer, got \"99999999999\"" },
        { Train("--batch-size=-4"), "descent train: --batch-size: expected a positive integer or \"full\", got \"-4\"" },
        { Train("--batch-size"), "descent train: --batch-size: expected a positive integer or \"full\", got no value" },
        { Train("--batch-size", "Full"), "descent train: --batch-size: expected a positive integer or \"full\", got \"Full\"" },
        { Train("--clip-norm", "nan"), "descent train: --clip-norm: expected a positive number, got \"nan\"" },
        { Train("--clip-norm", "Infinity"), "descent train: --clip-norm: expected a positive number, got \"Infinity\"" },
        { Train("--clip-value", "1e999"), "descent train: --clip-value: expected a positive number, got \"1e999\"" },
        { Train("--loss-tol", "-0.5"), "descent train: --loss-tol: expected a non-negative number, got \"-0.5\"" },
        { Train("--grad-tol", "abc"), "descent train: --grad-tol: expected a non-negative number, got \"abc\"" },
        { Train("--seed", "1.5"), "descent train: --seed: expected a non-negative integer, got \"1.5\"" },
        { Train("--seed", "18446744073709551616"), "descent train: --seed: expected a non-negative integer, got \"18446744073709551616\"" },
        { Train("--val-split", "NaN"), "descent train: --val-split: expected a fraction from 0 up to (not including) 1, got \"NaN\"" },
        { Train("--quiet", "maybe"), $"descent train: unexpected argument \"maybe\"; --quiet {Flag} (write --quiet, or --quiet=false to turn it off)" },
        { Train("--on-divergence", "skp"), "descent train: --on-divergence: expected stop or skip, got \"skp\"; did you mean \"skip\"?" },
        { Train("--patience", "-2"), "descent train: --patience: expected a positive integer, got \"-2\"" },
        { Train("--max-skips", "-1", "--on-divergence", "skip"), "descent train: --max-skips: expected a non-negative integer, got \"-1\"" },
        { Train("stray"), "descent train: unexpected argument \"stray\"" },
        { Train("-1"), "descent train: unexpected argument \"-1\"; options start with --, and a negative number goes after '=' (--start=-1,2)" },
        { Train("--=3"), "descent train: option \"--=3\" has no name; write --name=value" },

        // train: spec strings.
        { Spec("--optimizer", "adma"), $"descent train: --optimizer: unknown optimizer \"adma\"; did you mean \"adam\"? Valid: {Optimizers}" },
        { Spec("--optimizer", "adam:betas1=0.9"),
            "descent train: --optimizer: unknown hyperparameter \"betas1\" for adam; did you mean \"beta1\"? Valid: lr, beta1, beta2, eps, weight_decay, amsgrad, maximize, bias_correction, decoupled_weight_decay, betas" },
        { Spec("--optimizer", "adam:lr=1e999"), "descent train: --optimizer: optimizer spec \"adam:lr=1e999\": lr must be a finite number such as 0.01 or 1e-3, got \"1e999\"" },
        { Spec("--optimizer", "adam:lr=nan"), "descent train: --optimizer: optimizer spec \"adam:lr=nan\": lr must be a finite number such as 0.01 or 1e-3, got \"nan\"" },
        { Spec("--optimizer", "adam:eps=-1"), "descent train: --optimizer: Invalid epsilon value: -1.0" },
        { Spec("--optimizer", "adam:beta1=1.5"), "descent train: --optimizer: Invalid beta parameter at index 0: 1.5" },
        { Spec("--optimizer", "sgd:momentum=abc"), "descent train: --optimizer: sgd: momentum expects a number, got \"abc\"" },
        { Spec("--model", "mpl:2-8-2"), $"descent train: --model: unknown model \"mpl\"; did you mean \"mlp\"? Valid: {Models}" },
        { Spec("--model", "mlp:2-x-2"), "descent train: --model: model \"mlp:2-x-2\": layer size \"x\" is not a positive integer; write sizes like mlp:784-256-128-10" },
        { Spec("--model", "mlp:2-8-2,activation=tahn"),
            "descent train: --model: model \"mlp:2-8-2,activation=tahn\": unknown activation \"tahn\"; did you mean \"tanh\"? Valid: relu, tanh, sigmoid, gelu, leaky_relu" },
        { Spec("--model", "mlp:2-8-2,activaton=tanh"),
            "descent train: --model: unknown option \"activaton=tanh\" in model \"mlp:2-8-2,activaton=tanh\"; did you mean \"activation\"? Valid: activation=relu|tanh|sigmoid|gelu|leaky_relu, dropout=P" },
        { Spec("--model", "cnn:lenett"), "descent train: --model: unknown cnn \"lenett\" in model \"cnn:lenett\"; did you mean \"cnn:lenet\"? Valid: cnn:lenet" },
        { Spec("--model", "mlp"), "descent train: --model: model \"mlp\": an mlp needs its layer sizes, such as mlp:784-256-10" },
        { Spec("--model", "linear:3"), "descent train: --model: model \"linear\" takes no options, got \"3\"" },
        { Spec("--data", "mons"), $"descent train: --data: Unknown data set \"mons\"; did you mean \"moons\"? Data sets: {DataSets}" },
        { Spec("--data", "moons:nosie=0.1"), "descent train: --data: moons: unknown key \"nosie\"; did you mean \"noise\"? Valid keys: dtype, n, noise, seed, standardize, stratify, test, val" },
        { Spec("--data", "moons:noise=nan"), "descent train: --data: moons: noise must be a number ≥ 0, got \"nan\"" },
        { Spec("--data", "csv:{tmp}/missing.csv"), "descent train: --data: CSV file \"{tmp}/missing.csv\" does not exist" },
        { Spec("--data", "csv:{tmp}/empty"), "descent train: --data: \"{tmp}/empty\" is a directory; give a CSV file, as in csv:{tmp}/empty/data.csv" },
        { Spec("--data", ""), "descent train: --data: Empty data set spec; give a name such as \"moons\" or \"moons:n=1000,noise=0.2\"" },
        { Train("--schedule", "cosin"), $"descent train: --schedule: unknown schedule \"cosin\"; did you mean \"cosine\"? Valid: {Schedules}" },
        { Train("--schedule", "step:gama=0.5"), "descent train: --schedule: unknown key \"gama\" for schedule \"step\"; did you mean \"gamma\"? Valid keys: step_size, gamma, warmup" },

        // train: paths.
        { Train("--metrics", "{tmp}/out.json"), "descent train: --metrics: \"{tmp}/out.json\" is a directory; give a file name inside it" },
        { Train("--metrics", "{tmp}/no/m.json"), "descent train: --metrics: directory \"{tmp}/no\" does not exist; create it first or choose another path" },
        { Train("--plot", "{tmp}/curve.pdf"), "descent train: --plot: the file name must end in .svg or .png, got \"{tmp}/curve.pdf\"" },
        { Train("--checkpoint", "{tmp}/file.txt"), "descent train: --checkpoint: \"{tmp}/file.txt\" is a file; give a directory" },
        { Train("--resume", "{tmp}/empty"), "descent train: --resume: no checkpoint in \"{tmp}/empty\" (expected step-* directories written by descent train --checkpoint)" },

        // lr-find.
        { LrFind("--start-lr", "0"), "descent lr-find: --start-lr: expected a positive number, got \"0\"" },
        { LrFind("--end-lr=-1"), "descent lr-find: --end-lr: expected a positive number, got \"-1\"" },
        { LrFind("--start-lr", "1", "--end-lr", "0.5"), "descent lr-find: --end-lr (0.5) must be larger than --start-lr (1)" },
        { LrFind("--steps", "1"), "descent lr-find: --steps: expected an integer from 2 to 1000000, got \"1\"" },
        { LrFind("--smoothing", "1"), "descent lr-find: --smoothing: expected a number from 0 to 0.999999, got \"1\"" },
        { LrFind("--out", "{tmp}/lr.txt"), "descent lr-find: --out: the file name must end in .csv, got \"{tmp}/lr.txt\"" },
        { LrFind("--schedule", "cosine"),
            "descent lr-find: unknown option \"--schedule\"; valid options: --batch-size, --data, --end-lr, --model, --optimizer, --out, --plot, --seed, --smoothing, --start-lr, --steps, --val-split" },

        // schedule.
        { ["schedule", "--schedule", "cosine:t_max=10", "--lr", "1e999", "--steps", "10"], "descent schedule: --lr: expected a non-negative number, got \"1e999\"" },
        { ["schedule", "--schedule", "cosine:t_max=10", "--lr", "-0.1", "--steps", "10"], "descent schedule: --lr: expected a non-negative number, got \"-0.1\"" },
        { ["schedule", "--schedule", "cosine:t_max=10", "--lr", "--steps", "10"], "descent schedule: --lr: expected a non-negative number, got no value" },
        { ["schedule", "--schedule", "cosine:t_max=10", "--lr", "0.1", "--steps", "99999999999"], "descent schedule: --steps: expected an integer from 0 to 10000000, got \"99999999999\"" },
        { ["schedule", "--schedule", "cosine:t_max=10", "--lr", "0.1", "--steps", "5", "--out", "{tmp}/empty"], "descent schedule: --out: \"{tmp}/empty\" is a directory; give a file name inside it" },
        { ["schedule", "--schedule", "cosine:t_max=10", "--lr", "0.1", "--steps", "5", "--plot", "{tmp}/lr.pdf"], "descent schedule: --plot: the file name must end in .svg or .png, got \"{tmp}/lr.pdf\"" },
        { ["schedule", "--schedule", "", "--lr", "0.1", "--steps", "5"], $"descent schedule: --schedule: empty schedule spec \"\"; expected NAME or NAME:key=value,... Valid: {Schedules}" },
        { ["schedule", "--schedule", "cosine:t_max=0", "--lr", "0.1", "--steps", "5"], "descent schedule: --schedule: schedule \"cosine\": t_max must be a positive integer, got 0." },

        // optimize.
        { ["optimize", "--function", "rosenbrok", "--optimizer", "adam"],
            $"descent optimize: --function: Unknown function \"rosenbrok\"; did you mean \"rosenbrock\"? Named functions: {Functions}; or write an expression in x, y, z, x0..x99 such as \"(1 - x*y)^2\"" },
        { ["optimize", "--function", "x^2 +", "--optimizer", "adam", "--start=1"], "descent optimize: --function: Expected an expression at column 6 in \"x^2 +\"" },
        { ["optimize", "--function", "x^2", "--optimizer", "adam"], "descent optimize: --start is required for an expression (give its 1 coordinate, e.g. --start=1)" },
        { ["optimize", "--function", "rosenbrock", "--optimizer", "adam", "--start=1,nan"],
            "descent optimize: --start: expected comma-separated finite numbers such as -1.5,2, got \"1,nan\" (\"nan\" is not one)" },
        { ["optimize", "--function", "rosenbrock", "--optimizer", "adam", "--steps", "-1"], "descent optimize: --steps: expected an integer from 0 to 10000000, got \"-1\"" },
        { ["optimize", "--function", "rosenbrock", "--optimizer", "adam", "--dtype", "double"], "descent optimize: --dtype: expected float64 or float32, got \"double\"" },
        { ["optimize", "--function", "rosenbrock", "--optimizer", "adam", "--out", "{tmp}/empty"], "descent optimize: --out: \"{tmp}/empty\" is a directory; give a file name inside it" },
        { ["optimize", "--function", "rosenbrock", "--optimizer", "adam:lr=0.1,,"],
            "descent optimize: --optimizer: optimizer spec \"adam:lr=0.1,,\": expected key=value, got \"\" (separate pairs with commas, list items with ';')" },
        { ["optimize", "--function", "rosenbrock", "--optimizer", "adam", "--schedule", "step:step_size=1;2"], "descent optimize: --schedule: schedule \"step\": step_size must be an integer, got \"1;2\"" },

        // analyze.
        { ["analyze", "--function", "rosenbrock", "--point=1,1", "--tol", "-1"], "descent analyze: --tol: expected a non-negative number, got \"-1\"" },
        { ["analyze", "--function", "rosenbrock"], "descent analyze: --point is required (comma-separated coordinates such as --point=0,0)" },
        { ["analyze", "--function", "rosenbrock", "--point=1,1", "--format", "xml"], "descent analyze: --format: expected json or text, got \"xml\"" },
        { ["analyze", "--function", "booth", "--point=1"], "descent analyze: --point: booth takes 2 coordinates, got 1 (\"1\")" },
        { ["analyze", "--function", "sinh(x)", "--point=1"],
            "descent analyze: --function: Unknown function \"sinh\" at column 1 in \"sinh(x)\"; did you mean \"sin\"? Valid functions: sin, cos, tan, exp, log, sqrt, abs, tanh, sigmoid" },
        { ["analyze", "--function", "x^2", "--point", "1", "--point", "2"], "descent analyze: --point is given more than once; give it once" },

        // bench.
        { ["bench"], "descent bench: missing workload; valid workloads: matmul, optimizer, train, bandwidth" },
        { ["bench", "matmull"], "descent bench: unknown workload \"matmull\"; did you mean \"matmul\"? Valid workloads: matmul, optimizer, train, bandwidth" },
        { ["bench", "matmul", "--size", "0"], "descent bench: --size: expected an integer from 1 to 16384, got \"0\"" },
        { ["bench", "matmul", "--layout", "xx"], "descent bench: --layout: expected nn, nt, tn or tt (t transposes that operand), got \"xx\"" },
        { ["bench", "matmul", "--repeat", "0"], "descent bench: --repeat: expected an integer from 1 to 10000, got \"0\"" },
        { ["bench", "optimizer", "--name", "adma"], $"descent bench: --name: unknown optimizer \"adma\"; did you mean \"adam\"? Valid: {Optimizers}" },
        { ["bench", "optimizer", "--name", "lbfgs"], "descent bench: --name: lbfgs needs a closure that re-evaluates the loss; bench a per-element optimizer (adam, sgd, rmsprop, …)" },

        // demo.
        { ["demo", "--out", "{tmp}/file.txt"], "descent demo: --out: \"{tmp}/file.txt\" is a file; give a directory" },
        { ["demo", "--out", "{tmp}/no/demo"], "descent demo: --out: directory \"{tmp}/no\" does not exist; create it first or choose another path" },
        { ["demo", "--out", "{tmp}/d", "--figures", "maybe"], $"descent demo: unexpected argument \"maybe\"; --figures {Flag} (write --figures, or --figures=false to turn it off)" },
        { ["demo", "--figure"], "descent demo: unknown option \"--figure\"; did you mean \"--figures\"? Valid options: --fashion-mnist, --figures, --out" },
        { ["demo", "--fashion-mnist=maybe"], "descent demo: --fashion-mnist: expected true or false, got \"maybe\"" },

        // functions.
        { ["functions", "--dimension", "3"], "descent functions: --dimension needs --function" },
        { ["functions", "--function", "rosenbrock", "--dimension", "0"], "descent functions: --dimension: expected a positive integer, got \"0\"" },
        { ["functions", "--function", "booth", "--at=1"], "descent functions: --at: expected 2 coordinates for booth, got 1" },
        { ["functions", "--function", "sin(x"], "descent functions: --function: Expected ')' at column 6 in \"sin(x\"" },
        { ["functions", "--function", "-x"],
            "descent functions: --function: expected a named function such as rosenbrock, or an expression such as \"(1 - x*y)^2\", got no value (for a value that starts with '-', write --function=-x)" },
        { ["functions", "--function"], "descent functions: --function: expected a named function such as rosenbrock, or an expression such as \"(1 - x*y)^2\", got no value" },

        // optimizers.
        { ["optimizers", "adma"], $"descent optimizers: unknown optimizer \"adma\"; did you mean \"adam\"? Valid: {Optimizers}" },
        { ["optimizers", "adam", "sgd"], "descent optimizers: expected at most one optimizer name, got 2: adam sgd" },
        { ["optimizers", "--name"], "descent optimizers: unknown option \"--name\"; did you mean \"--names\"? Valid options: --names" },
        { ["optimizers", "--names=yes"], "descent optimizers: --names: expected true or false, got \"yes\"" },

        // sharpness.
        { ["sharpness", "--data", "moons"], "descent sharpness: --checkpoint is required (a checkpoint directory written by descent train)" },
        { ["sharpness", "--checkpoint", "{tmp}/missing"], "descent sharpness: --checkpoint: directory \"{tmp}/missing\" does not exist" },
        { ["sharpness", "--checkpoint", "{tmp}/file.txt"], "descent sharpness: --checkpoint: \"{tmp}/file.txt\" is a file; give a directory" },
        { ["sharpness", "--checkpoint", "{tmp}/empty"], "descent sharpness: --checkpoint: no checkpoint in {tmp}/empty (expected a \"latest\" file or step-* directories written by descent)" },
        { ["sharpness", "--checkpoint", "{tmp}/empty", "--top", "0"], "descent sharpness: --top: expected an integer from 1 to 1000, got \"0\"" },
        { ["sharpness", "--checkpoint", "{tmp}/empty", "--tol", "0"], "descent sharpness: --tol: expected a positive number, got \"0\"" },
        { ["sharpness", "--checkpoint", "{tmp}/empty", "--format", "xml"], "descent sharpness: --format: expected text or json, got \"xml\"" },
        { ["sharpness", "--checkpoint", "{tmp}/empty", "--trace-samples", "5"], "descent sharpness: --trace-samples needs --trace" },
        { ["sharpness", "--checkpoint", "{tmp}/empty", "--max-steps", "2", "--top", "5"], "descent sharpness: --max-steps: 2 steps cannot find --top 5 eigenvalues; give at least 5" },
        { ["sharpness", "--checkpoint", "{tmp}/empty", "--density", "{tmp}/d.pdf"], "descent sharpness: --density: the file name must end in .svg or .png, got \"{tmp}/d.pdf\"" },
        { ["sharpness", "--checkpoint", "{tmp}/empty", "--data", "csv:{tmp}/missing.csv"], "descent sharpness: --data: CSV file \"{tmp}/missing.csv\" does not exist" },

        // landscape.
        { ["landscape", "--checkpoint", "{tmp}/empty", "--grid", "1"], "descent landscape: --grid: expected an integer from 2 to 401, got \"1\"" },
        { ["landscape", "--checkpoint", "{tmp}/empty", "--span", "-1"], "descent landscape: --span: expected a positive number, got \"-1\"" },
        { ["landscape", "--checkpoint", "{tmp}/empty", "--directions", "pcaa"], "descent landscape: --directions: expected random, pca or line, got \"pcaa\"; did you mean \"pca\"?" },
        { ["landscape", "--checkpoint", "{tmp}/empty", "--biases", "keep"], "descent landscape: --biases: expected ignore or copy, got \"keep\"" },
        { ["landscape", "--checkpoint", "{tmp}/empty", "--directions", "pca", "--span", "2"],
            "descent landscape: --span applies to random directions; with --directions pca the grid follows the training path" },
        { ["landscape", "--checkpoint", "{tmp}/empty", "--csv", "{tmp}/grid.svg"], "descent landscape: --csv: the file name must end in .csv, got \"{tmp}/grid.svg\"" },
        { ["landscape", "--checkpoint", "{tmp}/empty", "--directions", "line"],
            "descent landscape: --directions line needs at least 2 saved checkpoints (step-*) in {tmp}/empty, found 0; train with --checkpoint DIR --keep N (N ≥ 2)" },
        { ["landscape", "--checkpoint", "{tmp}/empty", "--model", "mpl:2-2"], $"descent landscape: --model: unknown model \"mpl\"; did you mean \"mlp\"? Valid: {Models}" },

        // study.
        { ["study"], "descent study: expected a study name: descent study batch-size ..." },
        { ["study", "batch-sise"], "descent study: unknown study \"batch-sise\"; did you mean \"batch-size\"? Studies: batch-size" },
        { Study("--batch-sizes", "8;x"), "descent study: --batch-sizes: expected positive integers separated by ';' such as \"64;4096\", got \"8;x\" (\"x\" is not one)" },
        { Study("--batch-sizes", "8;8"), "descent study: --batch-sizes: 8 is given twice" },
        { Study("--batch-sizes", "8;16", "--path-grid", "1"), "descent study: --path-grid: expected 0 (skip) or at least 2 points per axis, got \"1\"" },
        { Study("--batch-sizes", "8;16", "--out", "{tmp}/file.txt"), "descent study: --out: \"{tmp}/file.txt\" is a file; give a directory" },
        { Study(), "descent study: --batch-sizes is required (batch sizes such as \"64;4096\")" },
        { ["study", "batch-size", "--data", "moons:test=0.2", "--model", "mlp:2-8-2", "--optimizer", "adma", "--batch-sizes", "8;16", "--out", "{tmp}/study"],
            $"descent study: --optimizer: unknown optimizer \"adma\"; did you mean \"adam\"? Valid: {Optimizers}" },

        // compare.
        { ["compare"], "descent compare: give --function F (race on a function) or --data NAME --model SPEC (race on a model); see descent compare --help" },
        { ["compare", "--function", "rosenbrock", "--data", "moons", "--optimizers", "adam"], "descent compare: give either --function (race on a function) or --data (race on a model), not both" },
        { ["compare", "--function", "rosenbrock", "--epochs", "3", "--optimizers", "adam"], "descent compare: --epochs applies to --data comparisons, not to --function" },
        { ["compare", "--function", "rosenbrock"], "descent compare: --optimizers is required (optimizer specs separated by ';', such as \"gd:lr=0.1;adam:lr=0.1\")" },
        { ["compare", "--function", "rosenbrock", "--optimizers", "adam;adma", "--out", "{tmp}/r.html"],
            $"descent compare: --optimizers: unknown optimizer \"adma\"; did you mean \"adam\"? Valid: {Optimizers}" },
        { ["compare", "--function", "rosenbrock", "--optimizers", "adam", "--out", "{tmp}/r.svg"], "descent compare: --out: the file name must end in .html or .htm, got \"{tmp}/r.svg\"" },
        { ["compare", "--function", "rosenbrock", "--optimizers", "adam", "--tolerance", "0"], "descent compare: --tolerance: expected a positive number, got \"0\"" },
        { ["compare", "--function", "rosenbrock", "--optimizers", "adam", "--schedule", "cosin"], $"descent compare: --schedule: unknown schedule \"cosin\"; did you mean \"cosine\"? Valid: {Schedules}" },
        { ["compare", "--data", "moons", "--model", "mpl:2-8-2", "--optimizers", "adam", "--out", "{tmp}/r.html"], $"descent compare: --model: unknown model \"mpl\"; did you mean \"mlp\"? Valid: {Models}" },
        { ["compare", "--data", "mons", "--model", "mlp:2-8-2", "--optimizers", "adam", "--out", "{tmp}/r.html"], $"descent compare: --data: Unknown data set \"mons\"; did you mean \"moons\"? Data sets: {DataSets}" },
        { ["compare", "--data", "moons", "--model", "mlp:2-8-2", "--optimizers", "adam", "--seed", "-1"], "descent compare: --seed: expected a non-negative integer, got \"-1\"" },

        // --verbose changes nothing for a user mistake: still one line, no trace.
        { ["--verbose", .. Train("--epochs", "x")], "descent train: --epochs: expected a positive integer, got \"x\"" },
    };

    public void Dispose() => Directory.Delete(_tmp, recursive: true);

    [Fact]
    public void Table_HasAtLeastEightyRowsCoveringEveryCommand()
    {
        var rows = Rows.Select(r => (string[])r[0]).ToList();
        Assert.True(rows.Count >= 80, $"{rows.Count} rows");
        string[] commands = ["analyze", "bench", "compare", "demo", "functions", "help", "landscape", "lr-find", "optimize", "optimizers", "schedule",
            "schedules", "sharpness", "study", "train"];
        foreach (var command in commands)
        {
            Assert.Contains(rows, r => r.Contains(command));
        }
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void BadInvocation_Exits2WithOneExactLineAndNoOutput(string[] args, string message)
    {
        var before = Listing();
        var (code, output, err) = CliTestHost.Run(args.Select(a => a.Replace("{tmp}", _tmp, StringComparison.Ordinal)).ToArray());
        var lines = err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(message.Replace("{tmp}", _tmp, StringComparison.Ordinal), err.TrimEnd('\n'));
        Assert.Single(lines);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Equal(before, Listing());
    }

    private static string[] Train(params string[] extra) =>
        ["train", "--data", "moons", "--model", "mlp:2-8-2", "--optimizer", "adam", .. extra];

    // train with one of --data, --model, --optimizer replaced.
    private static string[] Spec(string option, string value)
    {
        var args = new List<string> { "train", "--data", "moons", "--model", "mlp:2-8-2", "--optimizer", "adam" };
        args[args.IndexOf(option) + 1] = value;
        return [.. args];
    }

    private static string[] LrFind(params string[] extra) =>
        ["lr-find", "--data", "moons", "--model", "mlp:2-8-2", "--optimizer", "adam", .. extra];

    private static string[] Study(params string[] extra) =>
        ["study", "batch-size", "--data", "moons:test=0.2", "--model", "mlp:2-8-2", "--optimizer", "adam", .. extra];

    private string[] Listing() =>
        [.. Directory.EnumerateFileSystemEntries(_tmp, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)];
}
