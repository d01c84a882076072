using System.Numerics;
using System.Runtime.CompilerServices;

namespace Descent.Optim.Rules;

/// <summary>g ← −g when maximizing (torch's <c>maximize=True</c>: <c>grad = -grad</c> before anything else).</summary>
internal readonly struct FlipSign<T>(bool maximize) : IElementRule<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly bool _maximize = maximize;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Apply(ref Lanes<T> x)
    {
        if (_maximize)
        {
            x.G = -x.G;
        }
    }
}
