using Descent.Plotting;

namespace Descent.Tests.Plotting;

public class ColorTests
{
    [Theory]
    [InlineData("#0072b2", 0x00, 0x72, 0xB2, 255)]
    [InlineData("0072B2", 0x00, 0x72, 0xB2, 255)]
    [InlineData("#fff", 255, 255, 255, 255)]
    [InlineData("#11223380", 0x11, 0x22, 0x33, 0x80)]
    public void FromHex_ParsesCommonForms(string hex, int r, int g, int b, int a)
    {
        Assert.Equal(new Color((byte)r, (byte)g, (byte)b, (byte)a), Color.FromHex(hex));
    }

    [Fact]
    public void FromHex_NotHex_ThrowsNamingTheValue()
    {
        var ex = Assert.Throws<ArgumentException>(() => Color.FromHex("#12345g"));
        Assert.Contains("#12345g", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Viridis_Ends_AreTheReferenceColours()
    {
        Assert.Equal("#440154", Colormap.Viridis.Map(0).ToHex());
        Assert.Equal("#fde725", Colormap.Viridis.Map(1).ToHex());
    }

    [Fact]
    public void Viridis_Middle_IsTeal()
    {
        // matplotlib's viridis(0.5) is #21918c.
        var c = Colormap.Viridis.Map(0.5);
        Assert.InRange(c.R, 0x1f, 0x23);
        Assert.InRange(c.G, 0x8f, 0x93);
        Assert.InRange(c.B, 0x8a, 0x8e);
    }

    [Fact]
    public void Viridis_LuminanceIncreasesMonotonically()
    {
        double prev = -1;
        for (int i = 0; i <= 50; i++)
        {
            double l = Colormap.Viridis.Map(i / 50.0).Luminance;
            Assert.True(l > prev, $"luminance drops at {i / 50.0}");
            prev = l;
        }
    }

    [Fact]
    public void Reversed_SwapsTheEnds()
    {
        var r = Colormap.Viridis.Reversed();
        Assert.Equal(Colormap.Viridis.Map(1), r.Map(0));
        Assert.Equal(Colormap.Viridis.Map(0.25), r.Map(0.75));
    }

    [Fact]
    public void Palette_FirstSeriesColours_AreOkabeIto()
    {
        Assert.Equal("#0072b2", Palette.ForSeries(0).ToHex());
        Assert.Equal("#d55e00", Palette.ForSeries(1).ToHex());
        Assert.Equal(Palette.ForSeries(0), Palette.ForSeries(Palette.Series.Count));
    }
}
