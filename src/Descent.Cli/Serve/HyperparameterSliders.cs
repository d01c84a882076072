using Descent.Optim;

namespace Descent.Cli.Serve;

/// <summary>
/// The slider range the page offers for a numeric hyperparameter. The registry says what a value means, not what is sensible to
/// explore, so the ranges are the playground's choice; the number input beside each slider still accepts any value the
/// optimizer accepts (its own validation decides).
/// </summary>
public static class HyperparameterSliders
{
    /// <summary>A slider from <paramref name="Min"/> to <paramref name="Max"/>, logarithmic when <paramref name="Log"/>.</summary>
    public sealed record Slider(double Min, double Max, bool Log);

    /// <summary>The slider for <paramref name="info"/>, or null for flags, choices and keys better typed than slid.</summary>
    public static Slider? For(HyperparameterInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        return info.Kind switch
        {
            HyperparameterKind.Number => info.Name switch
            {
                "lr" => new Slider(1e-4, 2, true),
                "eps" => new Slider(1e-12, 1, true),
                "weight_decay" => new Slider(0, 0.5, false),
                "lr_decay" => new Slider(0, 1, false),
                "initial_accumulator_value" => new Slider(0, 1, false),
                "beta1" or "beta2" or "gamma" or "momentum" or "rho" or "alpha" or "beta" or "dampening" => new Slider(0, 0.999, false),
                "momentum_decay" => new Slider(0, 0.01, false),
                "eta_minus" => new Slider(0.01, 0.99, false),
                "eta_plus" => new Slider(1.01, 3, false),
                "step_size_min" => new Slider(1e-8, 1e-2, true),
                "step_size_max" => new Slider(1e-2, 100, true),
                _ => null,
            },
            HyperparameterKind.Integer => info.Name switch
            {
                "max_iter" => new Slider(1, 50, false),
                "history_size" => new Slider(1, 50, false),
                _ => null,
            },
            _ => null,
        };
    }
}
