using Descent.Text;

namespace Descent.Schedules;

/// <summary>
/// The named schedules a spec can use (<c>descent schedules</c> lists them): PyTorch's <c>lr_scheduler</c> family, the lecture's
/// TensorFlow 1 decays and the metric-driven plateau. Every step-driven schedule also accepts <c>warmup=N</c>.
/// </summary>
public static class ScheduleRegistry
{
    private static readonly string[] CyclicModes = ["triangular", "triangular2", "exp_range"];
    private static readonly string[] Anneals = ["cos", "linear"];

    /// <summary>The <c>warmup</c> key every step-driven schedule accepts.</summary>
    public static readonly ScheduleKey WarmupKey = new(
        "warmup", ScheduleKeyKind.Integer, "0", "linear warmup steps before the schedule: v_k = base*k/warmup for k < warmup, then the schedule from its step 0");

    /// <summary>Every schedule, in listing order.</summary>
    public static IReadOnlyList<ScheduleDefinition> All { get; } =
    [
        new(
            "constant",
            "no change; with factor or total_iters, PyTorch's ConstantLR (a smaller rate for the first total_iters steps)",
            "v_k = base   |   with factor/total_iters: v_k = base*factor for k < total_iters, then base",
            "PyTorch ConstantLR (with keys)",
            "constant:factor=0.5,total_iters=4",
            [
                new("factor", ScheduleKeyKind.Number, "0.3333333333333333", "multiplier until total_iters, in (0, 1]"),
                new("total_iters", ScheduleKeyKind.Integer, "5", "steps during which the factor applies"),
            ],
            a => a.Has("factor") || a.Has("total_iters")
                ? new ConstantFactorSchedule(a.Number("factor"), a.Integer("total_iters"))
                : new ConstantSchedule()),
        new(
            "step",
            "multiply by gamma every step_size steps",
            "v_k = base * gamma^floor(k / step_size)",
            "PyTorch StepLR",
            "step:step_size=30,gamma=0.1",
            [
                new("step_size", ScheduleKeyKind.Integer, null, "period of the decay in steps", Required: true),
                new("gamma", ScheduleKeyKind.Number, "0.1", "multiplier per period"),
            ],
            a => new StepDecaySchedule(a.Integer("step_size"), a.Number("gamma"))),
        new(
            "multistep",
            "multiply by gamma at each milestone",
            "v_k = base * gamma^(number of milestones <= k)   (a repeated milestone counts twice)",
            "PyTorch MultiStepLR",
            "multistep:milestones=30;80,gamma=0.1",
            [
                new("milestones", ScheduleKeyKind.IntegerList, null, "steps at which to decay, separated by ';'", Required: true),
                new("gamma", ScheduleKeyKind.Number, "0.1", "multiplier per milestone"),
            ],
            a => new MultiStepSchedule(a.IntegerList("milestones"), a.Number("gamma"))),
        new(
            "exponential",
            "multiply by gamma every step",
            "v_k = base * gamma^k   (as PyTorch's repeated product)",
            "PyTorch ExponentialLR",
            "exponential:gamma=0.95",
            [new("gamma", ScheduleKeyKind.Number, null, "multiplier per step", Required: true)],
            a => new ExponentialSchedule(a.Number("gamma"))),
        new(
            "cosine",
            "cosine annealing from base to eta_min over t_max steps; not clamped, it rises again after t_max",
            "v_k = eta_min + (base - eta_min) * (1 + cos(pi*k/t_max)) / 2",
            "PyTorch CosineAnnealingLR (its recursive form)",
            "cosine:t_max=100,eta_min=0",
            [
                new("t_max", ScheduleKeyKind.Integer, null, "steps from base down to eta_min (half period)", Required: true),
                new("eta_min", ScheduleKeyKind.Number, "0", "minimum value"),
            ],
            a => new CosineAnnealingSchedule(a.Integer("t_max"), a.Number("eta_min"))),
        new(
            "cosine_restarts",
            "cosine annealing restarted every cycle; cycles grow by t_mult (SGDR)",
            "v_k = eta_min + (base - eta_min) * (1 + cos(pi*T_cur/T_i)) / 2, T_i = t_0*t_mult^(cycle index), T_cur = steps since the last restart",
            "PyTorch CosineAnnealingWarmRestarts",
            "cosine_restarts:t_0=10,t_mult=2",
            [
                new("t_0", ScheduleKeyKind.Integer, null, "length of the first cycle in steps", Required: true),
                new("t_mult", ScheduleKeyKind.Integer, "1", "growth factor of the cycle length (integer >= 1)"),
                new("eta_min", ScheduleKeyKind.Number, "0", "minimum value"),
            ],
            a => new CosineWarmRestartsSchedule(a.Integer("t_0"), a.Integer("t_mult"), a.Number("eta_min"))),
        new(
            "linear",
            "linear change of the multiplier from start_factor to end_factor over total_iters steps",
            "v_k = base * (start_factor + (end_factor - start_factor) * min(k, total_iters) / total_iters)",
            "PyTorch LinearLR (its recursive form)",
            "linear:start_factor=0.1,end_factor=1,total_iters=10",
            [
                new("start_factor", ScheduleKeyKind.Number, "0.3333333333333333", "multiplier at step 0, in (0, 1]"),
                new("end_factor", ScheduleKeyKind.Number, "1", "multiplier from total_iters on, in [0, 1]"),
                new("total_iters", ScheduleKeyKind.Integer, "5", "length of the ramp in steps"),
            ],
            a => new LinearSchedule(a.Number("start_factor"), a.Number("end_factor"), a.Integer("total_iters"))),
        new(
            "polynomial",
            "polynomial decay to 0 over total_iters steps",
            "v_k = base * (1 - min(k, total_iters) / total_iters)^power",
            "PyTorch PolynomialLR (its recursive form)",
            "polynomial:total_iters=100,power=2",
            [
                new("total_iters", ScheduleKeyKind.Integer, "5", "steps until the value reaches 0"),
                new("power", ScheduleKeyKind.Number, "1", "exponent of the polynomial"),
            ],
            a => new PolynomialSchedule(a.Integer("total_iters"), a.Number("power"))),
        new(
            "onecycle",
            "1cycle: up from max_lr/div_factor to max_lr, then down far below; ignores the base value; cycles momentum (or beta1) inversely",
            "max_lr/div_factor -> max_lr over the first pct_start*total_steps steps, then -> max_lr/(div_factor*final_div_factor) at step total_steps-1 (cos: end + (start-end)/2*(cos(pi*pct)+1))",
            "PyTorch OneCycleLR",
            "onecycle:max_lr=0.1,total_steps=1000",
            [
                new("max_lr", ScheduleKeyKind.Number, null, "peak value", Required: true),
                new("total_steps", ScheduleKeyKind.Integer, null, "length of the cycle (or give epochs and steps_per_epoch)"),
                new("epochs", ScheduleKeyKind.Integer, null, "with steps_per_epoch: total_steps = epochs*steps_per_epoch"),
                new("steps_per_epoch", ScheduleKeyKind.Integer, null, "with epochs: total_steps = epochs*steps_per_epoch"),
                new("pct_start", ScheduleKeyKind.Number, "0.3", "fraction of the cycle spent rising, in [0, 1]"),
                new("anneal_strategy", ScheduleKeyKind.Choice, "cos", "cos or linear", Choices: Anneals,
                    InvalidChoiceMessage: "anneal_strategy must be one of 'cos' or 'linear', instead got {0}"),
                new("div_factor", ScheduleKeyKind.Number, "25", "initial value = max_lr/div_factor"),
                new("final_div_factor", ScheduleKeyKind.Number, "1e4", "final value = initial value/final_div_factor"),
                new("three_phase", ScheduleKeyKind.Boolean, "false", "go back to the initial value before the final descent"),
                new("cycle_momentum", ScheduleKeyKind.Boolean, "true", "cycle momentum (or beta1) between max_momentum and base_momentum"),
                new("base_momentum", ScheduleKeyKind.Number, "0.85", "momentum at the peak rate"),
                new("max_momentum", ScheduleKeyKind.Number, "0.95", "momentum at the start and end"),
            ],
            CreateOneCycle),
        new(
            "cyclic",
            "triangle wave between base_lr and max_lr; cycles momentum (or beta1) inversely",
            "v_k = base_lr + (max_lr - base_lr) * s_k * scale, s_k rising 0->1 over step_size_up steps and falling over step_size_down; scale 1 (triangular), 1/2^(cycle-1) (triangular2), gamma^k (exp_range)",
            "PyTorch CyclicLR",
            "cyclic:base_lr=0.001,max_lr=0.1,step_size_up=2000",
            [
                new("base_lr", ScheduleKeyKind.Number, null, "lower boundary (default: the base value)"),
                new("max_lr", ScheduleKeyKind.Number, null, "upper boundary", Required: true),
                new("step_size_up", ScheduleKeyKind.Integer, "2000", "steps in the rising half"),
                new("step_size_down", ScheduleKeyKind.Integer, null, "steps in the falling half (default: step_size_up)"),
                new("mode", ScheduleKeyKind.Choice, "triangular", "triangular, triangular2 or exp_range", Choices: CyclicModes,
                    InvalidChoiceMessage: "mode is invalid and scale_fn is None (got \"{0}\")"),
                new("gamma", ScheduleKeyKind.Number, "1", "exp_range decay per step"),
                new("cycle_momentum", ScheduleKeyKind.Boolean, "true", "cycle momentum (or beta1) between max_momentum and base_momentum"),
                new("base_momentum", ScheduleKeyKind.Number, "0.8", "momentum at the peak rate"),
                new("max_momentum", ScheduleKeyKind.Number, "0.9", "momentum at the bottom rate"),
            ],
            a => new CyclicSchedule(
                a.Number("max_lr"),
                a.OptionalNumber("base_lr"),
                a.Integer("step_size_up"),
                a.OptionalInteger("step_size_down"),
                a.Choice("mode") switch { "triangular" => CyclicMode.Triangular, "triangular2" => CyclicMode.Triangular2, _ => CyclicMode.ExpRange },
                a.Number("gamma"),
                a.Boolean("cycle_momentum"),
                a.Number("base_momentum"),
                a.Number("max_momentum"))),
        new(
            "exp_decay",
            "TensorFlow 1 exponential decay (the lecture's formula)",
            "v_k = base * decay_rate^(k / decay_steps)   (floor(k / decay_steps) if staircase)",
            "TensorFlow 1 tf.train.exponential_decay",
            "exp_decay:decay_rate=0.5,decay_steps=10,staircase=true",
            [
                new("decay_rate", ScheduleKeyKind.Number, null, "multiplier per decay_steps steps", Required: true),
                new("decay_steps", ScheduleKeyKind.Number, null, "steps per decay period", Required: true),
                new("staircase", ScheduleKeyKind.Boolean, "false", "decay in whole periods"),
            ],
            a => new ExponentialDecaySchedule(a.Number("decay_rate"), a.Number("decay_steps"), a.Boolean("staircase"))),
        new(
            "natural_exp_decay",
            "TensorFlow 1 natural exponential decay",
            "v_k = base * exp(-decay_rate * k / decay_steps)   (floor(k / decay_steps) if staircase)",
            "TensorFlow 1 tf.train.natural_exp_decay",
            "natural_exp_decay:decay_rate=0.1",
            [
                new("decay_rate", ScheduleKeyKind.Number, null, "decay constant", Required: true),
                new("decay_steps", ScheduleKeyKind.Number, "1", "steps per unit of decay"),
                new("staircase", ScheduleKeyKind.Boolean, "false", "decay in whole periods"),
            ],
            a => new NaturalExpDecaySchedule(a.Number("decay_rate"), a.Number("decay_steps"), a.Boolean("staircase"))),
        new(
            "inverse_time_decay",
            "TensorFlow 1 inverse time decay",
            "v_k = base / (1 + decay_rate * k / decay_steps)   (floor(k / decay_steps) if staircase)",
            "TensorFlow 1 tf.train.inverse_time_decay",
            "inverse_time_decay:decay_rate=0.5,decay_steps=10",
            [
                new("decay_rate", ScheduleKeyKind.Number, null, "decay constant", Required: true),
                new("decay_steps", ScheduleKeyKind.Number, "1", "steps per unit of decay"),
                new("staircase", ScheduleKeyKind.Boolean, "false", "decay in whole periods"),
            ],
            a => new InverseTimeDecaySchedule(a.Number("decay_rate"), a.Number("decay_steps"), a.Boolean("staircase"))),
        new(
            "polynomial_decay",
            "TensorFlow 1 polynomial decay to end_lr, optionally cycling with a growing horizon",
            "v_k = (base - end_lr) * (1 - min(k, d)/d)^power + end_lr, d = decay_steps (cycle: d = decay_steps*ceil(k/decay_steps), no min)",
            "TensorFlow 1 tf.train.polynomial_decay",
            "polynomial_decay:decay_steps=100,end_lr=1e-4,power=1",
            [
                new("decay_steps", ScheduleKeyKind.Number, null, "steps to reach end_lr", Required: true),
                new("end_lr", ScheduleKeyKind.Number, "1e-4", "final value"),
                new("power", ScheduleKeyKind.Number, "1", "exponent of the polynomial"),
                new("cycle", ScheduleKeyKind.Boolean, "false", "restart with a longer horizon after decay_steps"),
            ],
            a => new PolynomialDecaySchedule(a.Number("decay_steps"), a.Number("end_lr"), a.Number("power"), a.Boolean("cycle"))),
        new(
            "plateau",
            "reduce when a metric stops improving (driven by a metric, not by the step count)",
            "after more than patience steps without improvement: v = max(v * factor, min_lr) (skipped if the change <= eps), then cooldown steps",
            "PyTorch ReduceLROnPlateau",
            "plateau:mode=min,factor=0.5,patience=5",
            [
                new("mode", ScheduleKeyKind.Choice, "min", "min (a loss) or max (an accuracy)", Choices: ["min", "max"], InvalidChoiceMessage: "mode {0} is unknown!"),
                new("factor", ScheduleKeyKind.Number, "0.1", "multiplier on a plateau, in [0, 1)"),
                new("patience", ScheduleKeyKind.Integer, "10", "bad steps tolerated before reducing"),
                new("threshold", ScheduleKeyKind.Number, "1e-4", "smallest improvement that counts"),
                new("threshold_mode", ScheduleKeyKind.Choice, "rel", "rel (relative to the best) or abs", Choices: ["rel", "abs"],
                    InvalidChoiceMessage: "threshold mode {0} is unknown!"),
                new("cooldown", ScheduleKeyKind.Integer, "0", "steps to wait after a reduction"),
                new("min_lr", ScheduleKeyKind.Number, "0", "lower bound"),
                new("eps", ScheduleKeyKind.Number, "1e-8", "smallest reduction applied"),
            ],
            null),
    ];

    /// <summary>The names of every schedule, in listing order.</summary>
    public static IReadOnlyList<string> Names { get; } = All.Select(d => d.Name).ToArray();

    /// <summary>The definition named <paramref name="name"/> (case-insensitive), or null.</summary>
    public static ScheduleDefinition? Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        string lower = name.Trim().ToLowerInvariant();
        return All.FirstOrDefault(d => d.Name == lower);
    }

    /// <summary>Parses <paramref name="spec"/> and creates the schedule, wrapped in a warmup when it gives <c>warmup=N</c>.</summary>
    /// <exception cref="ArgumentException">The spec is malformed, names an unknown schedule or key, misses a required key, gives an
    /// invalid value (PyTorch's message where PyTorch has one), or names the metric-driven <c>plateau</c>.</exception>
    public static Schedule Create(string spec) => Create(ScheduleSpec.Parse(spec));

    /// <summary>Creates the schedule a parsed spec describes (see <see cref="Create(string)"/>).</summary>
    /// <exception cref="ArgumentException">A key is missing or a value is invalid, or the spec names <c>plateau</c>.</exception>
    public static Schedule Create(ScheduleSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var definition = spec.Definition;
        if (definition.IsMetricDriven)
        {
            throw new ArgumentException(
                $"schedule \"{definition.Name}\" is driven by a metric, not by the step count, so it has no value per step to compute; " +
                "use ReduceLrOnPlateau with ScheduleRegistry.CreatePlateauOptions, or a step-driven schedule");
        }

        CheckRequired(spec);
        var arguments = new ScheduleArguments(spec);
        try
        {
            var schedule = definition.Create(arguments);
            long warmup = arguments.Integer("warmup");
            return warmup == 0 ? schedule : new WarmupSchedule(schedule, warmup);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"schedule \"{definition.Name}\": {e.Message}", e);
        }
    }

    /// <summary>The <see cref="PlateauOptions"/> a <c>plateau:…</c> spec describes.</summary>
    /// <exception cref="ArgumentException">The spec is not a plateau spec, or a value is invalid (PyTorch's messages).</exception>
    public static PlateauOptions CreatePlateauOptions(string spec) => CreatePlateauOptions(ScheduleSpec.Parse(spec));

    /// <summary>The <see cref="PlateauOptions"/> a parsed <c>plateau:…</c> spec describes.</summary>
    /// <exception cref="ArgumentException">The spec is not a plateau spec, or a value is invalid (PyTorch's messages).</exception>
    public static PlateauOptions CreatePlateauOptions(ScheduleSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (!spec.Definition.IsMetricDriven)
        {
            throw new ArgumentException($"schedule \"{spec.Name}\" is step-driven; use ScheduleRegistry.Create and a StepScheduler or EpochScheduler");
        }

        var a = new ScheduleArguments(spec);
        try
        {
            long patience = a.Integer("patience"), cooldown = a.Integer("cooldown");
            if (patience is < 0 or > int.MaxValue || cooldown is < 0 or > int.MaxValue)
            {
                throw new ArgumentException($"patience and cooldown must be non-negative integers, got {patience} and {cooldown}");
            }

            var options = new PlateauOptions
            {
                Mode = a.Choice("mode") == "min" ? PlateauMode.Min : PlateauMode.Max,
                Factor = a.Number("factor"),
                Patience = (int)patience,
                Threshold = a.Number("threshold"),
                ThresholdMode = a.Choice("threshold_mode") == "rel" ? ThresholdMode.Rel : ThresholdMode.Abs,
                Cooldown = (int)cooldown,
                MinLr = a.Number("min_lr"),
                Eps = a.Number("eps"),
            };
            if (options.Factor >= 1.0)
            {
                throw new ArgumentException("Factor should be < 1.0.");
            }

            return options;
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"schedule \"{spec.Name}\": {e.Message}", e);
        }
    }

    internal static ArgumentException UnknownName(string name)
    {
        return new ArgumentException($"unknown schedule \"{name}\"" + Spelling.DidYouMean(name, Names));
    }

    private static void CheckRequired(ScheduleSpec spec)
    {
        var missing = spec.Definition.Keys.Where(k => k.Required && !spec.Has(k.Name)).Select(k => k.Name).ToArray();
        if (missing.Length > 0)
        {
            throw new ArgumentException(
                $"schedule \"{spec.Name}\" needs {string.Join(" and ", missing)} (for example {spec.Definition.Example})");
        }
    }

    private static OneCycleSchedule CreateOneCycle(ScheduleArguments a)
    {
        long totalSteps;
        if (a.OptionalInteger("total_steps") is long t)
        {
            totalSteps = t;
        }
        else if (a.OptionalInteger("epochs") is long epochs && a.OptionalInteger("steps_per_epoch") is long perEpoch)
        {
            if (epochs <= 0)
            {
                throw new ArgumentException($"Expected positive integer epochs, but got {epochs}");
            }

            if (perEpoch <= 0)
            {
                throw new ArgumentException($"Expected positive integer steps_per_epoch, but got {perEpoch}");
            }

            totalSteps = checked(epochs * perEpoch);
        }
        else
        {
            throw new ArgumentException("You must define either total_steps OR (epochs AND steps_per_epoch)");
        }

        return new OneCycleSchedule(
            a.Number("max_lr"),
            totalSteps,
            a.Number("pct_start"),
            a.Choice("anneal_strategy") == "cos" ? AnnealStrategy.Cos : AnnealStrategy.Linear,
            a.Number("div_factor"),
            a.Number("final_div_factor"),
            a.Boolean("three_phase"),
            a.Boolean("cycle_momentum"),
            a.Number("base_momentum"),
            a.Number("max_momentum"));
    }
}
