namespace Descent.Plotting;

/// <summary>A small RGBA 8-bit image (straight alpha, row-major from the top), used for heat maps and colour bars.</summary>
internal sealed class RgbaImage
{
    public RgbaImage(int width, int height)
    {
        if (width <= 0 || height <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"Image size {width}x{height} must be positive.");
        }

        Width = width;
        Height = height;
        Pixels = new byte[checked(width * height * 4)];
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>R, G, B, A bytes for each pixel, rows from the top.</summary>
    public byte[] Pixels { get; }

    public void Set(int x, int y, Color c)
    {
        int i = ((y * Width) + x) * 4;
        Pixels[i] = c.R;
        Pixels[i + 1] = c.G;
        Pixels[i + 2] = c.B;
        Pixels[i + 3] = c.A;
    }

    public Color Get(int x, int y)
    {
        int i = ((y * Width) + x) * 4;
        return new Color(Pixels[i], Pixels[i + 1], Pixels[i + 2], Pixels[i + 3]);
    }
}
