using System.Numerics;
using System.Runtime.CompilerServices;

namespace Descent.Optim.Rules;

/// <summary>Runs <typeparamref name="A"/> then <typeparamref name="B"/> on the same lanes.</summary>
internal readonly struct Chain<T, A, B>(A first, B second) : IElementRule<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
    where A : struct, IElementRule<T>
    where B : struct, IElementRule<T>
{
    private readonly A _a = first;
    private readonly B _b = second;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Apply(ref Lanes<T> x)
    {
        _a.Apply(ref x);
        _b.Apply(ref x);
    }
}

/// <summary>Runs three rules in order on the same lanes.</summary>
internal readonly struct Chain<T, A, B, C>(A first, B second, C third) : IElementRule<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
    where A : struct, IElementRule<T>
    where B : struct, IElementRule<T>
    where C : struct, IElementRule<T>
{
    private readonly A _a = first;
    private readonly B _b = second;
    private readonly C _c = third;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Apply(ref Lanes<T> x)
    {
        _a.Apply(ref x);
        _b.Apply(ref x);
        _c.Apply(ref x);
    }
}

/// <summary>Runs four rules in order on the same lanes.</summary>
internal readonly struct Chain<T, A, B, C, D>(A first, B second, C third, D fourth) : IElementRule<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
    where A : struct, IElementRule<T>
    where B : struct, IElementRule<T>
    where C : struct, IElementRule<T>
    where D : struct, IElementRule<T>
{
    private readonly A _a = first;
    private readonly B _b = second;
    private readonly C _c = third;
    private readonly D _d = fourth;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Apply(ref Lanes<T> x)
    {
        _a.Apply(ref x);
        _b.Apply(ref x);
        _c.Apply(ref x);
        _d.Apply(ref x);
    }
}
