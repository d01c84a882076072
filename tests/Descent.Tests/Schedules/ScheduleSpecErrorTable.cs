using Descent.Schedules;

namespace Descent.Tests.Schedules;

/// <summary>
/// Issue 9's table of bad schedule specs: unknown names and keys with suggestions, non-finite and out-of-range values, each with its
/// exact message (PyTorch's or Keras's wording where they have one). Complements the rows in <see cref="ScheduleSpecTests"/>.
/// </summary>
public class ScheduleSpecErrorTable
{
    private const string Finite = "must be a finite number such as 0.1 or 1e-4";

    private static string Names => string.Join(", ", ScheduleRegistry.Names);

    public static TheoryData<string, string> Rows => new()
    {
        { "cosin:t_max=10", $"unknown schedule \"cosin\"; did you mean \"cosine\"? Valid: {Names}" },
        { "stepp:step_size=3", $"unknown schedule \"stepp\"; did you mean \"step\"? Valid: {Names}" },
        { "zzz", $"unknown schedule \"zzz\"; valid: {Names}" },
        { "Cosine_Restart:t_0=5", $"unknown schedule \"cosine_restart\"; did you mean \"cosine_restarts\"? Valid: {Names}" },
        { "cosine:tmax=10", "unknown key \"tmax\" for schedule \"cosine\"; did you mean \"t_max\"? Valid keys: t_max, eta_min, warmup" },
        { "step:step_size=3,factor=0.5", "unknown key \"factor\" for schedule \"step\"; valid keys: step_size, gamma, warmup" },
        { "cosine:t_max=0", "schedule \"cosine\": t_max must be a positive integer, got 0." },
        { "cosine:t_max=-5", "schedule \"cosine\": t_max must be a positive integer, got -5." },
        { "cosine:t_max=1e999", "schedule \"cosine\": t_max must be an integer, got \"1e999\"" },
        { "cosine:t_max=10,eta_min=nan", $"schedule \"cosine\": eta_min {Finite}, got \"nan\"" },
        { "cosine:t_max=10,eta_min=inf", $"schedule \"cosine\": eta_min {Finite}, got \"inf\"" },
        { "cosine:t_max=10,eta_min=1e999", $"schedule \"cosine\": eta_min {Finite}, got \"1e999\"" },
        { "exponential:gamma=nan", $"schedule \"exponential\": gamma {Finite}, got \"nan\"" },
        { "exponential:gamma=Infinity", $"schedule \"exponential\": gamma {Finite}, got \"Infinity\"" },
        { "step:step_size=3,gamma=-inf", $"schedule \"step\": gamma {Finite}, got \"-inf\"" },
        { "step:step_size=0", "schedule \"step\": step_size must be a positive integer, got 0." },
        { "step:step_size=99999999999999999999", "schedule \"step\": step_size must be an integer, got \"99999999999999999999\"" },
        { "multistep:milestones=30,80", "schedule \"multistep\": expected key=value, got \"80\"; separate list items with ';' as in milestones=30;60;90" },
        { "multistep:milestones=-1;5", "schedule \"multistep\": milestones must be non-negative steps, got -1." },
        { "linear:total_iters=0", "schedule \"linear\": total_iters must be a positive integer, got 0." },
        { "linear:end_factor=2", "schedule \"linear\": Ending multiplicative factor expected to be between 0 and 1." },
        { "polynomial:power=-1", "schedule \"polynomial\": power must be a non-negative number, got -1." },
        { "polynomial:power=nan", $"schedule \"polynomial\": power {Finite}, got \"nan\"" },
        { "cosine_restarts:t_0=0", "schedule \"cosine_restarts\": Expected positive integer T_0, but got 0" },
        { "onecycle:max_lr=nan,total_steps=10", $"schedule \"onecycle\": max_lr {Finite}, got \"nan\"" },
        { "onecycle:max_lr=1,total_steps=10,div_factor=0", "schedule \"onecycle\": div_factor and final_div_factor must be positive, got 0 and 10000." },
        { "onecycle:max_lr=1,total_steps=10,anneal_strategy=coss",
            "schedule \"onecycle\": anneal_strategy must be one of 'cos' or 'linear', instead got coss; did you mean \"cos\"? Valid anneal_strategy: cos, linear" },
        { "cyclic:max_lr=1,mode=triangle",
            "schedule \"cyclic\": mode is invalid and scale_fn is None (got \"triangle\"); did you mean \"triangular\"? Valid mode: triangular, triangular2, exp_range" },
        { "cyclic:max_lr=1,step_size_up=0", "schedule \"cyclic\": step_size_up must be a positive integer, got 0." },
        { "cyclic:max_lr=inf", $"schedule \"cyclic\": max_lr {Finite}, got \"inf\"" },
        { "exp_decay:decay_rate=0,decay_steps=10", "schedule \"exp_decay\": Argument `decay_rate` must be > 0. Received: decay_rate=0" },
        { "exp_decay:decay_rate=0.5,decay_steps=0", "schedule \"exp_decay\": Argument `decay_steps` must be > 0. Received: decay_steps=0" },
        { "exp_decay:decay_rate=0.5,decay_steps=nan", $"schedule \"exp_decay\": decay_steps {Finite}, got \"nan\"" },
        { "polynomial_decay:decay_steps=100,end_lr=nan", $"schedule \"polynomial_decay\": end_lr {Finite}, got \"nan\"" },
        { "step:step_size=3,warmup=nan", "schedule \"step\": warmup must be an integer, got \"nan\"" },
        { "constant:factor=2", "schedule \"constant\": Constant multiplicative factor expected to be between 0 and 1." },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void Create_BadSpec_ThrowsExactMessage(string spec, string message)
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => ScheduleRegistry.Create(spec));
        Assert.Equal(message, e.Message);
    }

    [Theory]
    [InlineData("plateau:factor=nan", "schedule \"plateau\": factor must be a finite number such as 0.1 or 1e-4, got \"nan\"")]
    [InlineData("plateau:threshold=inf", "schedule \"plateau\": threshold must be a finite number such as 0.1 or 1e-4, got \"inf\"")]
    [InlineData("plateau:cooldown=-2", "schedule \"plateau\": patience and cooldown must be non-negative integers, got 10 and -2")]
    [InlineData("plateau:mode=maximum", "schedule \"plateau\": mode maximum is unknown!")]
    public void CreatePlateauOptions_BadSpec_ThrowsExactMessage(string spec, string message)
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => ScheduleRegistry.CreatePlateauOptions(spec));
        Assert.StartsWith(message, e.Message, StringComparison.Ordinal);
    }
}
