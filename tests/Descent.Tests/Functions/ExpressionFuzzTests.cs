using System.Text;
using Descent.Functions;

namespace Descent.Tests.Functions;

/// <summary>
/// Random mutations of valid expressions: the parser may only reject them with an <see cref="ExpressionException"/>, and whatever
/// it accepts must print canonically, re-parse to the same tree, and evaluate identically on the double and tensor paths.
/// </summary>
public class ExpressionFuzzTests
{
    private static readonly string[] Seeds =
    [
        "(1 - x*y)^2",
        "x^2 + y^2",
        "-x^2^-y",
        "sin(x)*cos(y) + exp(-z)",
        "sqrt(abs(x0 - x11)) / (1 + tanh(x2))",
        "2^3^2 - .5e-3*pi",
        "log(sigmoid(x)) + e^-y",
        "(x + 2*y - 7)^2 + (2*x + y - 5)^2",
        "-(-x) - -y",
        "x/y/z*x - (y - z)",
    ];

    private const string Alphabet = "xyz0123456789.eE+-*/^() pisnctaqrhgmbo$,_²";

    [Fact]
    public void Parse_RandomMutations_OnlyThrowExpressionException()
    {
        var rng = Fuzz.Seeded(2024);
        int accepted = 0, rejected = 0;
        for (int iteration = 0, iterations = Fuzz.Iterations(4000); iteration < iterations; iteration++)
        {
            var text = Mutate(Seeds[rng.NextInt(Seeds.Length)], rng);
            Expression e;
            try
            {
                e = Expression.Parse(text);
            }
            catch (ExpressionException ex)
            {
                rejected++;
                Assert.InRange(ex.Column, 1, Math.Max(text.Length, Expression.MaxLength) + 1);
                Assert.Contains("column", ex.Message, StringComparison.Ordinal);
                continue;
            }
#pragma warning disable CA1031 // The point of the test is to catch anything else and report the input.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Assert.Fail($"Parsing \"{text}\" threw {ex.GetType().Name}: {ex.Message}");
                return;
            }

            accepted++;
            CheckAccepted(text, e, rng);
        }

        // Both outcomes must actually be exercised for the test to mean anything.
        Assert.True(accepted > 300, $"only {accepted} mutations parsed");
        Assert.True(rejected > 300, $"only {rejected} mutations were rejected");
    }

    private static void CheckAccepted(string text, Expression e, Rng rng)
    {
        var again = Expression.Parse(e.ToString());
        Assert.True(e.Root.Equals(again.Root), $"\"{text}\" printed as \"{e}\" which parses to \"{again}\"");

        var point = new double[e.Dimension];
        for (int i = 0; i < point.Length; i++)
        {
            point[i] = 0.25 + (rng.NextDouble() * 1.5);
        }

        double scalar = e.Evaluate(point);
        double tensor = e.Evaluate(Tensor.FromArray(point, point.Length)).Item();
        bool same = scalar.Equals(tensor) || Math.Abs(scalar - tensor) <= 1e-9 * Math.Max(1, Math.Abs(scalar))
            || (!double.IsFinite(scalar) && !double.IsFinite(tensor));
        Assert.True(same, $"\"{text}\" at ({string.Join(", ", point)}): double path {scalar:R}, tensor path {tensor:R}");
    }

    private static string Mutate(string seed, Rng rng)
    {
        var sb = new StringBuilder(seed);
        int edits = 1 + rng.NextInt(3);
        for (int k = 0; k < edits; k++)
        {
            int pos = sb.Length == 0 ? 0 : rng.NextInt(sb.Length);
            char c = Alphabet[rng.NextInt(Alphabet.Length)];
            switch (rng.NextInt(5))
            {
                case 0:
                    sb.Insert(pos, c);
                    break;
                case 1:
                    if (sb.Length > 0)
                    {
                        sb.Remove(pos, 1);
                    }

                    break;
                case 2:
                    if (sb.Length > 0)
                    {
                        sb[pos] = c;
                    }

                    break;
                case 3:
                    if (pos + 1 < sb.Length)
                    {
                        (sb[pos], sb[pos + 1]) = (sb[pos + 1], sb[pos]);
                    }

                    break;
                default:
                    int len = Math.Min(sb.Length - pos, 1 + rng.NextInt(6));
                    sb.Insert(rng.NextInt(sb.Length + 1), sb.ToString(pos, len));
                    break;
            }
        }

        return sb.ToString();
    }
}
