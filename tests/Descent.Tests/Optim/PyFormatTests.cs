using Descent.Optim;

namespace Descent.Tests.Optim;

public class PyFormatTests
{
    [Theory]
    [InlineData(1.0, "1.0")]
    [InlineData(-0.1, "-0.1")]
    [InlineData(1e-8, "1e-08")]
    [InlineData(1.5e-10, "1.5e-10")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(0.00001, "1e-05")]
    [InlineData(0.002, "0.002")]
    [InlineData(123.456, "123.456")]
    [InlineData(100.0, "100.0")]
    [InlineData(1e15, "1000000000000000.0")]
    [InlineData(1e16, "1e+16")]
    [InlineData(1.2345e20, "1.2345e+20")]
    [InlineData(0.0, "0.0")]
    [InlineData(-0.0, "-0.0")]
    [InlineData(double.NaN, "nan")]
    [InlineData(double.PositiveInfinity, "inf")]
    [InlineData(double.NegativeInfinity, "-inf")]
    [InlineData(0.1 + 0.2, "0.30000000000000004")]
    [InlineData(1.7976931348623157e308, "1.7976931348623157e+308")]
    [InlineData(5e-324, "5e-324")]
    public void Float_FormatsLikePythonRepr(double value, string expected) => Assert.Equal(expected, PyFormat.Float(value));
}
