namespace Descent;

/// <summary>The element type of a <see cref="Tensor"/>.</summary>
/// <remarks>Float32 is the default for models (it halves memory traffic); Float64 is for analysis and gradient checks.</remarks>
public enum DType
{
    /// <summary>IEEE 754 single precision (<see cref="float"/>).</summary>
    Float32,

    /// <summary>IEEE 754 double precision (<see cref="double"/>).</summary>
    Float64,
}

/// <summary>Helpers for <see cref="DType"/>.</summary>
public static class DTypes
{
    /// <summary>The lower-case name used in specs and messages: <c>float32</c> or <c>float64</c>.</summary>
    public static string Name(this DType dtype) => dtype == DType.Float32 ? "float32" : "float64";

    /// <summary>Size of one element in bytes.</summary>
    public static int ElementSize(this DType dtype) => dtype == DType.Float32 ? 4 : 8;

    /// <summary>Parses <c>float32</c>/<c>float</c>/<c>f32</c> or <c>float64</c>/<c>double</c>/<c>f64</c>.</summary>
    /// <exception cref="ArgumentException">The name is none of these.</exception>
    public static DType Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "float32" or "float" or "f32" or "single" => DType.Float32,
        "float64" or "double" or "f64" => DType.Float64,
        _ => throw new ArgumentException($"unknown dtype \"{name}\"; expected float32 or float64", nameof(name)),
    };
}
