namespace Descent.Plotting;

/// <summary>
/// Several charts in a grid under one shared title, in one figure: the same quantity for several optimizers, or loss,
/// learning rate and gradient norm side by side. The figure's size follows from the cells:
/// <see cref="Chart.Width"/> = columns × <see cref="CellWidth"/> and <see cref="Chart.Height"/> = title + rows × <see cref="CellHeight"/>.
/// </summary>
/// <example>
/// <code>
/// var grid = new SmallMultiples(columns: 2) { Title = "Optimizers on Rosenbrock" };
/// grid.Add(lossChart);
/// grid.Add(lrChart);
/// grid.Save("overview.svg");
/// </code>
/// </example>
public sealed class SmallMultiples : Chart
{
    private readonly List<Chart> _charts = [];
    private double _cellWidth = 420;
    private double _cellHeight = 300;

    /// <summary>Creates an empty grid with the given number of columns.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Columns outside [1, 12].</exception>
    public SmallMultiples(int columns = 2)
    {
        if (columns is < 1 or > 12)
        {
            throw new ArgumentOutOfRangeException(nameof(columns), columns, "Columns must be between 1 and 12.");
        }

        Columns = columns;
        Resize();
    }

    /// <summary>Number of columns.</summary>
    public int Columns { get; }

    /// <summary>Width of each cell in canvas units; 420 by default.</summary>
    public double CellWidth
    {
        get => _cellWidth;
        set
        {
            _cellWidth = value is >= 100 and <= 5000 ? value : throw new ArgumentOutOfRangeException(nameof(CellWidth), value, "CellWidth must be between 100 and 5000.");
            Resize();
        }
    }

    /// <summary>Height of each cell in canvas units; 300 by default.</summary>
    public double CellHeight
    {
        get => _cellHeight;
        set
        {
            _cellHeight = value is >= 80 and <= 5000 ? value : throw new ArgumentOutOfRangeException(nameof(CellHeight), value, "CellHeight must be between 80 and 5000.");
            Resize();
        }
    }

    /// <summary>The charts, left to right and top to bottom.</summary>
    public IReadOnlyList<Chart> Charts => _charts;

    /// <summary>Adds a chart in the next cell; its own title becomes the cell's title.</summary>
    /// <exception cref="ArgumentException">The chart is this grid itself.</exception>
    public void Add(Chart chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        if (ReferenceEquals(chart, this))
        {
            throw new ArgumentException("A SmallMultiples grid cannot contain itself.", nameof(chart));
        }

        _charts.Add(chart);
        Resize();
    }

    internal override string Describe() =>
        $"{_charts.Count} charts in {Columns} columns: " + string.Join(" ", _charts.Select((c, i) => $"({i + 1}) {c.Title ?? "untitled"}: {c.Description ?? c.Describe()}"));

    internal override void Draw(Canvas c, Rect area)
    {
        var s = Style;
        double titleH = TitleHeight(s);
        if (Title is not null)
        {
            s.DrawTitle(c, Title, area.CenterX, area, s.TitleSize * 1.1);
        }

        int rows = Math.Max(1, (_charts.Count + Columns - 1) / Columns);
        double cw = area.Width / Columns, ch = (area.Height - titleH) / rows;
        for (int i = 0; i < _charts.Count; i++)
        {
            var cell = new Rect(area.X + (i % Columns * cw), area.Y + titleH + (i / Columns * ch), cw, ch);
            using (c.Group("cell", label: _charts[i].Title))
            {
                _charts[i].DrawInto(c, cell, s.MeasureScale);
            }
        }
    }

    private protected override void BeforeRender() => Resize();

    private double TitleHeight(ChartStyle s) => Title is null ? 0 : s.TitleBlockHeight(Title, Width, s.TitleSize * 1.1) + (s.Pad * 0.3);

    private void Resize()
    {
        int rows = Math.Max(1, (_charts.Count + Columns - 1) / Columns);
        Width = Math.Clamp(Columns * _cellWidth, 50, 20_000);
        Height = Math.Clamp((rows * _cellHeight) + TitleHeight(Style), 50, 20_000);
    }
}
