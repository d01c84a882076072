using Descent.Plotting;

namespace Descent.Tests.Plotting;

public class PngTests
{
    private static Canvas WhiteCanvas(double w = 100, double h = 50) => new(w, h);

    [Fact]
    public void ToPng_AnyCanvas_HasSignatureAndChunksInOrder()
    {
        var png = new PngReader(WhiteCanvas().ToPng(1));
        Assert.Equal(["IHDR", "IDAT", "IEND"], png.Chunks);
        Assert.Equal(8, png.BitDepth);
        Assert.Equal(6, png.ColorType);
    }

    [Theory]
    [InlineData(1, 100, 50)]
    [InlineData(2, 200, 100)]
    [InlineData(1.5, 150, 75)]
    public void ToPng_Scale_SetsIhdrSize(double scale, int width, int height)
    {
        var png = new PngReader(WhiteCanvas().ToPng(scale));
        Assert.Equal(width, png.Width);
        Assert.Equal(height, png.Height);
    }

    [Fact]
    public void ToPng_IdatInflates_ToOneFilterBytePlusFourBytesPerPixelPerRow()
    {
        var c = WhiteCanvas(37, 23);
        c.Line(0, 0, 37, 23, new Stroke(Palette.Blue, 2));
        var png = new PngReader(c.ToPng(1));
        Assert.Equal(23 * (1 + (4 * 37)), png.Raw.Length);
    }

    [Fact]
    public void Crc32_CheckValue_MatchesStandard()
    {
        // The CRC-32/ISO-HDLC check value for the ASCII digits 1–9.
        Assert.Equal(0xCBF43926u, Crc32.Compute("123456789"u8));
    }

    [Fact]
    public void ToPng_RedLine_IsRedAlongTheLineAndWhiteElsewhere()
    {
        var c = WhiteCanvas();
        c.Line(10, 25, 90, 25, new Stroke(new Color(255, 0, 0), 2));
        var png = new PngReader(c.ToPng(1));
        for (int x = 12; x < 88; x += 5)
        {
            var (r, g, b, a) = png.At(x, 25);
            Assert.True(r > 240 && g < 20 && b < 20 && a == 255, $"pixel ({x}, 25) = ({r}, {g}, {b}, {a})");
        }

        Assert.Equal((255, 255, 255, 255), png.At(50, 10));
        Assert.Equal((255, 255, 255, 255), png.At(5, 25));
        Assert.Equal((255, 255, 255, 255), png.At(95, 25));
    }

    [Fact]
    public void ToPng_RectangleEdgeHalfCoveringAPixel_BlendsToMidGrey()
    {
        var c = WhiteCanvas();
        c.Rectangle(new Rect(10.5, 10, 10, 20), Color.Black);
        var png = new PngReader(c.ToPng(1));
        Assert.InRange(png.At(10, 20).R, 120, 135);
        Assert.Equal(0, png.At(15, 20).R);
        Assert.InRange(png.At(20, 20).R, 120, 135);
        Assert.Equal(255, png.At(22, 20).R);
    }

    [Fact]
    public void ToPng_EvenOddPath_LeavesTheInnerRingAsAHole()
    {
        var c = WhiteCanvas();
        Point[] outer = [new(10, 5), new(40, 5), new(40, 45), new(10, 45)];
        Point[] inner = [new(20, 15), new(30, 15), new(30, 35), new(20, 35)];
        c.Path([outer, inner], Color.Black, evenOdd: true);
        var png = new PngReader(c.ToPng(1));
        Assert.Equal(0, png.At(12, 25).R);
        Assert.Equal(255, png.At(25, 25).R);
    }

    [Fact]
    public void ToPng_GroupClip_HidesDrawingOutsideTheClip()
    {
        var c = WhiteCanvas();
        using (c.Group(clip: new Rect(0, 0, 50, 50)))
        {
            c.Line(0, 25, 100, 25, new Stroke(Color.Black, 3));
        }

        var png = new PngReader(c.ToPng(1));
        Assert.Equal(0, png.At(25, 25).R);
        Assert.Equal(255, png.At(75, 25).R);
    }

    [Fact]
    public void ToPng_TranslucentPolylineCrossingItself_IsDrawnOnce()
    {
        // The stroke's pieces are unioned, so the joint is no darker than the rest of the line.
        var c = WhiteCanvas();
        c.Polyline([new(10, 25), new(50, 25), new(50, 45)], new Stroke(Color.Black.WithOpacity(0.5), 4));
        var png = new PngReader(c.ToPng(1));
        Assert.Equal(png.At(30, 25).R, png.At(50, 25).R, 2.0);
    }

    [Fact]
    public void ToPng_Text_PutsInkNearTheAnchor()
    {
        var c = WhiteCanvas(120, 40);
        c.Text(10, 25, "Loss 0.5", new TextStyle(14, Color.Black));
        var png = new PngReader(c.ToPng(1));
        int ink = 0;
        for (int y = 10; y < 27; y++)
        {
            for (int x = 10; x < 80; x++)
            {
                ink += png.At(x, y).R < 128 ? 1 : 0;
            }
        }

        Assert.True(ink > 40, $"only {ink} dark pixels where the text should be");
        Assert.Equal(255, png.At(100, 5).R);
    }

    [Fact]
    public void ToPng_ScaleOutOfRange_Throws()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => WhiteCanvas().ToPng(0));
        Assert.Contains("scale", ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Encode_RowsThatRepeat_UseAFilterOtherThanNone()
    {
        // Identical rows are best predicted from the row above ("up"); a plain copy would cost more.
        var img = new RgbaImage(64, 8);
        for (int y = 0; y < 8; y++)
        {
            for (int x = 0; x < 64; x++)
            {
                img.Set(x, y, new Color((byte)(x * 4), (byte)(255 - (x * 3)), 17));
            }
        }

        var png = new PngReader(PngEncoder.Encode(img));
        Assert.Equal(2, png.Raw[1 * (1 + (4 * 64))]);
        Assert.Equal(img.Pixels, png.Pixels);
    }
}
