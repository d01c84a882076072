namespace Descent.NN;

/// <summary>Applies its modules in order, each to the previous one's output (<c>torch.nn.Sequential</c>); children are named 0, 1, 2, …</summary>
public sealed class Sequential : Module
{
    private readonly List<Module> _layers = [];

    /// <summary>Creates a sequence of modules.</summary>
    public Sequential(params IEnumerable<Module> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        foreach (var layer in layers)
        {
            Add(layer);
        }
    }

    /// <summary>The modules, in order.</summary>
    public IReadOnlyList<Module> Layers => _layers;

    /// <summary>Appends a module (named by its position).</summary>
    public Sequential Add(Module layer)
    {
        _layers.Add(RegisterModule(_layers.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), layer));
        return this;
    }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        var x = input;
        for (int i = 0; i < _layers.Count; i++)
        {
            // A linear layer followed by an activation runs as one fused op (same numbers, fewer passes over memory).
            if (_layers[i] is Linear linear && i + 1 < _layers.Count && FusableActivation(_layers[i + 1]) is { } activation)
            {
                x = linear.Forward(x, activation);
                i++;
                continue;
            }

            x = _layers[i].Forward(x);
        }

        return x;
    }

    private static FusedActivation? FusableActivation(Module m) => m switch
    {
        ReLU => FusedActivation.Relu,
        Tanh => FusedActivation.Tanh,
        Sigmoid => FusedActivation.Sigmoid,
        GELU => FusedActivation.Gelu,
        _ => null,
    };
}
