namespace Descent.Data;

/// <summary>The element type codes of the IDX format (byte 2 of the header), as used by MNIST and its relatives.</summary>
public enum IdxDataType : byte
{
    /// <summary>Unsigned byte (0x08): MNIST images and labels.</summary>
    UnsignedByte = 0x08,

    /// <summary>Signed byte (0x09).</summary>
    SignedByte = 0x09,

    /// <summary>Big-endian 16-bit integer (0x0B).</summary>
    Int16 = 0x0B,

    /// <summary>Big-endian 32-bit integer (0x0C).</summary>
    Int32 = 0x0C,

    /// <summary>Big-endian IEEE single (0x0D).</summary>
    Float32 = 0x0D,

    /// <summary>Big-endian IEEE double (0x0E).</summary>
    Float64 = 0x0E,
}

/// <summary>Helpers for <see cref="IdxDataType"/>.</summary>
public static class IdxDataTypes
{
    /// <summary>Bytes per element.</summary>
    public static int Size(this IdxDataType type) => type switch
    {
        IdxDataType.UnsignedByte or IdxDataType.SignedByte => 1,
        IdxDataType.Int16 => 2,
        IdxDataType.Int32 or IdxDataType.Float32 => 4,
        IdxDataType.Float64 => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Not an IDX data type"),
    };

    /// <summary>A readable name with the code, e.g. <c>ubyte (0x08)</c>.</summary>
    public static string Describe(this IdxDataType type) => type switch
    {
        IdxDataType.UnsignedByte => "ubyte (0x08)",
        IdxDataType.SignedByte => "sbyte (0x09)",
        IdxDataType.Int16 => "int16 (0x0B)",
        IdxDataType.Int32 => "int32 (0x0C)",
        IdxDataType.Float32 => "float32 (0x0D)",
        IdxDataType.Float64 => "float64 (0x0E)",
        _ => $"unknown (0x{(byte)type:X2})",
    };

    /// <summary>Whether <paramref name="code"/> is one of the six IDX type codes.</summary>
    public static bool IsDefined(byte code) => code is 0x08 or 0x09 or 0x0B or 0x0C or 0x0D or 0x0E;

    /// <summary>The .NET element type of arrays of this IDX type.</summary>
    internal static Type ElementType(this IdxDataType type) => type switch
    {
        IdxDataType.UnsignedByte => typeof(byte),
        IdxDataType.SignedByte => typeof(sbyte),
        IdxDataType.Int16 => typeof(short),
        IdxDataType.Int32 => typeof(int),
        IdxDataType.Float32 => typeof(float),
        IdxDataType.Float64 => typeof(double),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Not an IDX data type"),
    };
}
