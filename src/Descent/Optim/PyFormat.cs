using System.Globalization;

namespace Descent.Optim;

/// <summary>Formats numbers as Python's <c>repr</c>/<c>str</c> does, so error messages read exactly like PyTorch's.</summary>
internal static class PyFormat
{
    /// <summary>Python's <c>repr(float)</c>: shortest round-trip digits, <c>1.0</c> not <c>1</c>, <c>1e-08</c>, <c>inf</c>, <c>nan</c>.</summary>
    public static string Float(double v)
    {
        if (double.IsNaN(v))
        {
            return "nan";
        }

        if (double.IsInfinity(v))
        {
            return v > 0 ? "inf" : "-inf";
        }

        if (v == 0)
        {
            return double.IsNegative(v) ? "-0.0" : "0.0";
        }

        // "R" yields the shortest round-trip digits as e.g. "1.5E-08" or "0.001"; re-layout them in Python's style.
        string shortest = Math.Abs(v).ToString("R", CultureInfo.InvariantCulture);
        (string digits, int exp10) = Decompose(shortest);
        string sign = v < 0 ? "-" : "";
        if (exp10 is >= -4 and < 16)
        {
            if (exp10 >= 0)
            {
                string intPart = digits.Length > exp10 + 1 ? digits[..(exp10 + 1)] : digits.PadRight(exp10 + 1, '0');
                string frac = digits.Length > exp10 + 1 ? digits[(exp10 + 1)..] : "0";
                return sign + intPart + "." + frac;
            }

            return sign + "0." + new string('0', -exp10 - 1) + digits;
        }

        string mantissa = digits.Length > 1 ? digits[0] + "." + digits[1..] : digits;
        string e = Math.Abs(exp10).ToString(CultureInfo.InvariantCulture).PadLeft(2, '0');
        return sign + mantissa + "e" + (exp10 < 0 ? "-" : "+") + e;
    }

    /// <summary>Python's <c>str(int)</c>.</summary>
    public static string Int(long v) => v.ToString(CultureInfo.InvariantCulture);

    /// <summary>A value as Python prints it: floats as <see cref="Float"/>, integers plainly, booleans as <c>True</c>/<c>False</c>.</summary>
    public static string Value(HyperValue v) => v.Kind switch
    {
        HyperparameterKind.Number => Float(v.AsNumber()),
        HyperparameterKind.Integer => Int((long)v.AsNumber()),
        HyperparameterKind.Boolean => v.AsBoolean() ? "True" : "False",
        _ => v.AsChoice(),
    };

    /// <summary>Significant digits (no leading/trailing zeros) and the decimal exponent of the first digit.</summary>
    private static (string Digits, int Exp10) Decompose(string s)
    {
        int exp = 0;
        int e = s.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exp = int.Parse(s[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            s = s[..e];
        }

        int dot = s.IndexOf('.', StringComparison.Ordinal);
        string intPart = dot >= 0 ? s[..dot] : s;
        string fracPart = dot >= 0 ? s[(dot + 1)..] : "";
        string all = intPart + fracPart;
        int firstNonZero = 0;
        while (firstNonZero < all.Length - 1 && all[firstNonZero] == '0')
        {
            firstNonZero++;
        }

        // Position of the first significant digit relative to the decimal point.
        int exp10 = intPart.Length - 1 - firstNonZero + exp;
        string digits = all[firstNonZero..].TrimEnd('0');
        return (digits.Length == 0 ? "0" : digits, exp10);
    }
}
