using Descent.Schedules;

namespace Descent.Cli;

/// <summary><c>descent schedules</c>: every learning-rate schedule with its formula, keys and origin.</summary>
public sealed class SchedulesCommand : ICommand
{
    /// <inheritdoc/>
    public string Name => "schedules";

    /// <inheritdoc/>
    public string Summary => "list the learning-rate schedules with their formulas and keys";

    /// <inheritdoc/>
    public string Usage => "descent schedules";

    /// <inheritdoc/>
    public int Run(CliArgs args, TextWriter output, TextWriter err)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        args.RejectUnknown();
        output.WriteLine("Learning-rate schedules, for --schedule NAME or NAME:key=value,... (lists a;b;c, booleans true/false).");
        output.WriteLine("v_k is the value after k scheduler steps (k = 0 is what the first optimizer step uses); base is the starting value.");
        output.WriteLine("Every schedule except plateau also takes warmup=N: v_k = base*k/N for k < N, then the schedule from its step 0.");
        foreach (var d in ScheduleRegistry.All)
        {
            output.WriteLine();
            output.WriteLine($"{d.Name}  {d.Summary}");
            output.WriteLine($"    formula  {d.Formula}");
            output.WriteLine($"    keys     {string.Join(", ", d.Keys.Select(k => k.Display))}");
            output.WriteLine($"    source   {d.Reference}");
            output.WriteLine($"    example  {d.Example}");
        }

        return 0;
    }
}
