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
        foreach (var layer in _layers)
        {
            x = layer.Forward(x);
        }

        return x;
    }
}
