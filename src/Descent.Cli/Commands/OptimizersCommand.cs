using Descent.Optim;

namespace Descent.Cli;

/// <summary><c>descent optimizers</c>: every optimizer with its update formula, keys and defaults (the spec-string reference).</summary>
public sealed class OptimizersCommand : ICommand
{
    /// <inheritdoc/>
    public string Name => "optimizers";

    /// <inheritdoc/>
    public string Summary => "list the optimizers with their formulas, keys and defaults";

    /// <inheritdoc/>
    public string Usage =>
        """
        descent optimizers [NAME] [--names]

        Lists every optimizer a spec string can name (adam:lr=0.01,amsgrad=true), with its update formula, the source it follows
        and each key with its default. NAME shows one optimizer; --names prints only the names, one per line.
        Spec syntax: NAME:key=value,key=value; booleans true/false; lists with ';' (betas=0.9;0.999).
        """;

    /// <inheritdoc/>
    public int Run(CliArgs args, TextWriter output, TextWriter err)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        bool namesOnly = args.Flag("names");
        if (args.Positionals.Count > 1)
        {
            throw new UsageException($"expected at most one optimizer name, got {args.Positionals.Count}: {string.Join(" ", args.Positionals)}");
        }

        string? only = args.Positionals.Count == 1 ? args.Positionals[0] : null;
        args.Positionals.Clear();
        args.RejectUnknown();
        var infos = only != null ? [OptimizerRegistry.Get(only)] : OptimizerRegistry.All;
        if (namesOnly)
        {
            foreach (var info in infos)
            {
                output.WriteLine(info.Name);
            }

            return 0;
        }

        for (int i = 0; i < infos.Count; i++)
        {
            if (i > 0)
            {
                output.WriteLine();
            }

            Describe(infos[i], output);
        }

        return 0;
    }

    private static void Describe(OptimizerInfo info, TextWriter o)
    {
        o.WriteLine($"{info.Name} — {info.Summary}");
        o.WriteLine($"  update:  {info.Formula}");
        o.WriteLine($"  source:  {info.Source}");
        if (info.RequiresClosure)
        {
            o.WriteLine("  note:    needs a closure (re-evaluates the loss within a step)");
        }

        if (!info.SupportsParamGroups)
        {
            o.WriteLine("  note:    a single parameter group only");
        }

        o.WriteLine("  keys:");
        int width = info.Hyperparameters.Max(h => h.Name.Length + 1 + h.DefaultText.Length);
        foreach (var h in info.Hyperparameters)
        {
            string kv = $"{h.Name}={h.DefaultText}";
            string choices = h.Choices.Count > 0 ? $" ({string.Join("|", h.Choices)})" : "";
            o.WriteLine($"    {kv.PadRight(width)}  {h.Description}{choices}");
        }

        foreach (var (key, targets) in info.ListKeys)
        {
            o.WriteLine($"    {key}={string.Join(";", targets.Select(t => info.Find(t)!.DefaultText))}".PadRight(width + 6) + $"sets {string.Join(" and ", targets)}");
        }
    }
}
