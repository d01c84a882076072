using System.Text.Json;
using Descent.Schedules;

namespace Descent.Tests.Schedules;

/// <summary>The sequences of tests/fixtures/schedules/torch_schedules.json (see gen_schedule_fixtures.py next to it).</summary>
internal static class TorchFixtures
{
    private static readonly Lazy<(ScheduleCase[] Cases, PlateauCase[] Plateaus)> Data = new(Load);

    public static IReadOnlyList<ScheduleCase> Cases => Data.Value.Cases;

    public static IReadOnlyList<PlateauCase> Plateaus => Data.Value.Plateaus;

    public static TheoryData<int, string> CaseIds()
    {
        var data = new TheoryData<int, string>();
        for (int i = 0; i < Cases.Count; i++)
        {
            data.Add(i, Cases[i].Label);
        }

        return data;
    }

    public static TheoryData<int, string> MomentumCaseIds()
    {
        var data = new TheoryData<int, string>();
        for (int i = 0; i < Cases.Count; i++)
        {
            if (Cases[i].Momentum != null)
            {
                data.Add(i, Cases[i].Label);
            }
        }

        return data;
    }

    public static TheoryData<int, string> PlateauIds()
    {
        var data = new TheoryData<int, string>();
        for (int i = 0; i < Plateaus.Count; i++)
        {
            data.Add(i, Plateaus[i].Spec);
        }

        return data;
    }

    private static (ScheduleCase[], PlateauCase[]) Load()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(TestUtil.FixturePath("schedules", "torch_schedules.json")));
        var root = doc.RootElement;
        var cases = root.GetProperty("cases").EnumerateArray().Select(c => new ScheduleCase(
            c.GetProperty("kind").GetString()!,
            c.TryGetProperty("spec", out var spec) ? spec.GetString() : null,
            c.TryGetProperty("specs", out var specs) ? specs.EnumerateArray().Select(s => s.GetString()!).ToArray() : null,
            c.TryGetProperty("milestones", out var ms) ? ms.EnumerateArray().Select(m => m.GetInt64()).ToArray() : null,
            c.GetProperty("base_lr").GetDouble(),
            c.GetProperty("steps").GetInt32(),
            c.GetProperty("optimizer").GetString()!,
            c.GetProperty("initial_momentum").GetDouble(),
            Numbers(c.GetProperty("lr")),
            c.TryGetProperty("momentum", out var m) ? Numbers(m) : null)).ToArray();
        var plateaus = root.GetProperty("plateau").EnumerateArray().Select(p => new PlateauCase(
            p.GetProperty("spec").GetString()!,
            p.GetProperty("base_lr").GetDouble(),
            Numbers(p.GetProperty("metrics")),
            Numbers(p.GetProperty("lr")))).ToArray();
        return (cases, plateaus);
    }

    private static double[] Numbers(JsonElement array) => array.EnumerateArray().Select(e => e.GetDouble()).ToArray();
}

internal sealed record ScheduleCase(
    string Kind, string? Spec, string[]? Specs, long[]? Milestones, double BaseLr, int Steps, string Optimizer, double InitialMomentum,
    double[] Lr, double[]? Momentum)
{
    public string Label => (Kind == "spec" ? Spec! : $"{Kind}({string.Join(" | ", Specs!)})") + $" lr={BaseLr} {Optimizer}";

    public Schedule Build() => Kind switch
    {
        "spec" => ScheduleRegistry.Create(Spec!),
        "sequential" => new SequentialSchedule(Specs!.Select(ScheduleRegistry.Create).ToArray(), Milestones!),
        "chained" => new ChainedSchedule(Specs!.Select(ScheduleRegistry.Create).ToArray()),
        _ => throw new InvalidOperationException(Kind),
    };

    /// <summary>A host shaped like the optimizer the fixture used.</summary>
    public FakeHost Host() => Optimizer switch
    {
        "adam" => FakeHost.Adam(BaseLr, InitialMomentum),
        "beta1" => new FakeHost(new Dictionary<string, double> { ["lr"] = BaseLr, ["beta1"] = InitialMomentum }),
        _ => FakeHost.Sgd(BaseLr, InitialMomentum),
    };

    public string MomentumName => Optimizer is "adam" or "beta1" ? "beta1" : "momentum";
}

internal sealed record PlateauCase(string Spec, double BaseLr, double[] Metrics, double[] Lr);
